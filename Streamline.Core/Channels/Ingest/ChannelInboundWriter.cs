using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Streamline.Core.Data;

namespace Streamline.Core.Channels.Ingest;

/// <summary>
/// Writes received messages with group commit: the webhook requests of a moment queue their rows to a writer, which
/// inserts all of them in one statement (one round trip, one commit), and each request gets its answer only once that
/// commit is done, so a 200 still means stored. A row whose (channel, provider message id) is already there is skipped,
/// not an error: that is a redelivery. On PostgreSQL that is one <c>INSERT … ON CONFLICT DO NOTHING</c> over arrays, on
/// the writer's own connection (<see cref="PostgresInboundInsert"/>); elsewhere (SQLite, SQL Server, or
/// <c>Database:PostgresFastPaths=false</c>) each row is saved on its own and a unique violation counts as the duplicate.
/// One batch is in flight at a time: on a small machine a second one only halves the batches, and each costs the
/// database and this process more per row.
/// </summary>
public sealed class ChannelInboundWriter(IServiceScopeFactory scopes, DatabaseSettings database, ILogger<ChannelInboundWriter> log) : IAsyncDisposable
{
    /// <summary>Rows per statement at most: enough for every request a burst can have waiting.</summary>
    public const int MaxBatch = 1000;

    private sealed record Pending(IReadOnlyList<ChannelInbound> Rows, TaskCompletionSource<IReadOnlySet<Guid>> Done);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _loop;

    private bool UsesFastPath => database is { Provider: DatabaseProvider.Postgres, PostgresFastPaths: true };

    /// <summary>
    /// Stores the rows not stored before; returns the ids of those it stored (the rest are redeliveries). There is no giving
    /// up on the wait: the batch's one statement ends either way, and a request that left early could be stored unanswered.
    /// </summary>
    public Task<IReadOnlySet<Guid>> InsertAsync(IReadOnlyList<ChannelInbound> rows)
    {
        if (rows.Count == 0) return Task.FromResult<IReadOnlySet<Guid>>(new HashSet<Guid>());
        // The waiting requests continue on the writer's thread as it completes them (each to its answer or its next await):
        // handing each to the thread pool instead cost every request a second thread hop, about a tenth of ingest's
        // throughput on two cores. Nothing a request does there blocks: the next batch waits only for those answers.
        var pending = new Pending(rows, new TaskCompletionSource<IReadOnlySet<Guid>>());
        if (_loop is null)
            lock (_startLock)
                _loop ??= Task.Run(WriteLoopAsync, CancellationToken.None);
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(ChannelInboundWriter));
        return pending.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        await using var postgres = UsesFastPath ? new PostgresInboundInsert(database.ConnectionString) : null;
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            var rows = 0;
            while (rows < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                rows += next.Rows.Count;
            }
            try
            {
                IReadOnlyList<ChannelInbound> all = [.. batch.SelectMany(p => p.Rows)];
                var stored = postgres is null ? await SaveEachAsync(all) : await postgres.InsertAsync(all);
                foreach (var pending in batch) pending.Done.TrySetResult(stored);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Storing {Count} received channel messages failed", rows);
                foreach (var pending in batch) pending.Done.TrySetException(e);
            }
            batch.Clear();
        }
    }

    private async Task<IReadOnlySet<Guid>> SaveEachAsync(IReadOnlyList<ChannelInbound> rows)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StreamlineDbContext>();
        var stored = new HashSet<Guid>();
        foreach (var row in rows)
        {
            db.ChannelInbound.Add(row);
            try
            {
                await db.SaveChangesAsync();
                stored.Add(row.Id);
            }
            catch (DbUpdateException)
            {
                // Stored before, or by a concurrent delivery: a redelivery either way.
            }
            db.ChangeTracker.Clear();
        }
        return stored;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null) await _loop;
    }
}

/// <summary>
/// The writer's connection and prepared insert, kept open between batches, so that a batch costs its one round trip and
/// little else: no scope, context or pooled connection to rent and return, no prepared statement to look up. A failed
/// batch closes them; the next batch opens new ones.
/// </summary>
internal sealed class PostgresInboundInsert(string connectionString) : IAsyncDisposable
{
    private const string Sql = """
        INSERT INTO "ChannelInbound" ("Id", "WorkspaceId", "ChannelId", "ProviderMessageId", "SenderId", "SentAt", "Sequence", "Payload", "ReceivedAt", "Attempts")
        SELECT id, workspace, channel, provider_id, sender, sent_at, seq, payload, received_at, 0
        FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9)
            AS r(id, workspace, channel, provider_id, sender, sent_at, seq, payload, received_at)
        ON CONFLICT ("ChannelId", "ProviderMessageId") DO NOTHING
        RETURNING "Id"
        """;

    private static readonly NpgsqlDbType[] Columns =
    [
        NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.Text,
        NpgsqlDbType.TimestampTz, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz,
    ];

    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _insert;

    /// <summary>
    /// One statement for the whole batch; its arrays keep it one prepared statement whatever the batch's size. A connection
    /// the server closed (a restart, an idle timeout) is replaced and the batch sent once more: rows the lost attempt did
    /// store are then skipped as redeliveries, never stored twice.
    /// </summary>
    public async Task<IReadOnlySet<Guid>> InsertAsync(IReadOnlyList<ChannelInbound> rows)
    {
        try
        {
            return await InsertOnceAsync(rows);
        }
        catch (Exception e) when (e is NpgsqlException && _connection?.State is not System.Data.ConnectionState.Open)
        {
            await DisposeAsync();
        }
        try
        {
            return await InsertOnceAsync(rows);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task<IReadOnlySet<Guid>> InsertOnceAsync(IReadOnlyList<ChannelInbound> rows)
    {
        var insert = _insert ?? await PrepareAsync();
        Fill(insert.Parameters[0], rows.Select(r => r.Id));
        Fill(insert.Parameters[1], rows.Select(r => r.WorkspaceId));
        Fill(insert.Parameters[2], rows.Select(r => r.ChannelId));
        Fill(insert.Parameters[3], rows.Select(r => r.ProviderMessageId));
        Fill(insert.Parameters[4], rows.Select(r => r.SenderId));
        Fill(insert.Parameters[5], rows.Select(r => DateTime.SpecifyKind(r.SentAt, DateTimeKind.Utc)));
        Fill(insert.Parameters[6], rows.Select(r => r.Sequence));
        Fill(insert.Parameters[7], rows.Select(r => r.Payload));
        Fill(insert.Parameters[8], rows.Select(r => DateTime.SpecifyKind(r.ReceivedAt, DateTimeKind.Utc)));
        var stored = new HashSet<Guid>();
        await using var reader = await insert.ExecuteReaderAsync();
        while (await reader.ReadAsync()) stored.Add(reader.GetGuid(0));
        return stored;
    }

    private async Task<NpgsqlCommand> PrepareAsync()
    {
        _connection = new NpgsqlConnection(connectionString);
        await _connection.OpenAsync();
        _insert = new NpgsqlCommand(Sql, _connection);
        foreach (var type in Columns) _insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | type });
        await _insert.PrepareAsync();
        return _insert;
    }

    private static void Fill<T>(NpgsqlParameter parameter, IEnumerable<T> values) => parameter.Value = values.ToArray();

    public async ValueTask DisposeAsync()
    {
        if (_insert is not null) await _insert.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
        (_insert, _connection) = (null, null);
    }
}
