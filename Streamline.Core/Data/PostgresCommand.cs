using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Streamline.Core.Data;

/// <summary>
/// Runs one hand-written statement (the app's few single-statement writes on PostgreSQL) on the context's own
/// connection, so pooling, the connection string and the interceptors on opening stay the app's; the connection is
/// opened for it and given back, or left as it was when EF already had it open.
/// </summary>
internal static class PostgresCommand
{
    public static async Task<T> RunAsync<T>(StreamlineDbContext db, string sql, IEnumerable<NpgsqlParameter> parameters,
        Func<NpgsqlCommand, CancellationToken, Task<T>> run, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
            foreach (var parameter in parameters) command.Parameters.Add(parameter);
            return await run(command, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
