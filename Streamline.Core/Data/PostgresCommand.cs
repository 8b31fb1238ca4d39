using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Streamline.Core.Data;

/// <summary>
/// Runs one hand-written statement (the app's few single-statement writes on PostgreSQL), or a batch of them, on the context's own
/// connection, so pooling, the connection string and the interceptors on opening stay the app's; the connection is
/// opened for it and given back, or left as it was when EF already had it open.
/// </summary>
internal static class PostgresCommand
{
    public static Task<T> RunAsync<T>(StreamlineDbContext db, string sql, IEnumerable<NpgsqlParameter> parameters,
        Func<NpgsqlCommand, CancellationToken, Task<T>> run, CancellationToken ct) =>
        OnConnectionAsync(db, async connection =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var parameter in parameters) command.Parameters.Add(parameter);
            return await run(command, ct);
        }, ct);

    /// <summary>
    /// Several statements in one round trip. Sent together they run as one implicit transaction: a statement sees what the
    /// ones before it wrote, row locks taken early are held to the end, and an error undoes them all.
    /// </summary>
    public static Task<T> RunBatchAsync<T>(StreamlineDbContext db, IEnumerable<NpgsqlBatchCommand> commands,
        Func<NpgsqlBatch, CancellationToken, Task<T>> run, CancellationToken ct) =>
        OnConnectionAsync(db, async connection =>
        {
            await using var batch = new NpgsqlBatch(connection);
            foreach (var command in commands) batch.BatchCommands.Add(command);
            return await run(batch, ct);
        }, ct);

    private static async Task<T> OnConnectionAsync<T>(StreamlineDbContext db, Func<NpgsqlConnection, Task<T>> run, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await run((NpgsqlConnection)db.Database.GetDbConnection());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
