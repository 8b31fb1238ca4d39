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
    /// <paramref name="connectionString"/> with the app's defaults where it is silent:
    /// <list type="bullet">
    /// <item>automatic preparation (<c>Max Auto Prepare</c>; 0 turns it off, for example behind a pooler that cannot keep
    /// prepared statements);</item>
    /// <item>no reset when a connection goes back to the pool (<c>No Reset On Close</c>): EF opens and closes the
    /// connection around every query, and with prepared statements Npgsql's reset is several statements PostgreSQL runs
    /// each time. The app keeps no session state (no <c>SET</c>, no session advisory locks, no <c>LISTEN</c>) for a reset to
    /// clear.</item>
    /// </list>
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        // Npgsql's own builder reports every keyword it knows as present; the plain one only what the string has.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare")) builder.MaxAutoPrepare = AutoPrepared;
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}
