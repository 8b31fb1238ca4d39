using System.Data.Common;
using Npgsql;

namespace Streamline.Core.Data;

/// <summary>How the app talks to PostgreSQL unless the connection string says otherwise.</summary>
public static class PostgresConnection
{
    /// <summary>
    /// Statements the app runs over and over (a spend, a hold, the chat's lookups) are prepared by Npgsql after
    /// <see cref="NpgsqlConnectionStringBuilder.AutoPrepareMinUsages"/> uses, so PostgreSQL stops parsing and planning
    /// them each time: on bench/credits.sh that took spends from 3,290 to 4,457 a second. Up to this many per connection.
    /// </summary>
    public const int AutoPrepared = 64;

    /// <summary>
    /// <paramref name="connectionString"/> with automatic preparation on, unless it sets <c>Max Auto Prepare</c> itself
    /// (0 turns it off, for example behind a pooler that cannot keep prepared statements).
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        // Npgsql's own builder reports every keyword it knows as present; the plain one only what the string has.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare")) return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = AutoPrepared }.ConnectionString;
    }
}
