using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Streamline.Core.Data;

namespace Streamline.Core.Channels.Ingest;

/// <summary>
/// Writes received messages with group commit: the webhook requests of a moment queue their rows to one writer, which
/// inserts all of them in one statement (one round trip, one commit), and each request gets its answer only once that
/// commit is done, so a 200 still means stored. A row whose (channel, provider message id) is already there is skipped,
/// not an error: that is a redelivery. On PostgreSQL that is one <c>INSERT … ON CONFLICT DO NOTHING</c> over arrays;
/// elsewhere (SQLite, SQL Server, or <c>Database:PostgresFastPaths=false</c>) each row is saved on its own and a unique
/// violation counts as the duplicate.
/// </summary>
public sealed class ChannelInboundWriter(IServiceScopeFactory scopes, DatabaseSettings database, ILogger<ChannelInboundWriter> log) : IAsyncDisposable
{
    /// <summary>Rows per statement at most: enough for every request a burst can have waiting.</summary>
    public const int MaxBatch = 1000;

    private sealed record Pending(IReadOnlyList<ChannelInbound> Rows, TaskCompletionSource<IReadOnlySet<Guid>> Done);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _loop;

    /// <summary>Stores the rows not stored before; returns the ids of those it stored (the rest are redeliveries).</summary>
    public Task<IReadOnlySet<Guid>> InsertAsync(IReadOnlyList<ChannelInbound> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return Task.FromResult<IReadOnlySet<Guid>>(new HashSet<Guid>());
        var pending = new Pending(rows, new TaskCompletionSource<IReadOnlySet<Guid>>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_loop is null)
            lock (_startLock)
                _loop ??= Task.Run(WriteLoopAsync, CancellationToken.None);
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(ChannelInboundWriter));
        // A request that gives up waiting may still be stored: the provider's redelivery then finds it.
        return pending.Done.Task.WaitAsync(ct);
    }

    private async Task WriteLoopAsync()
    {
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
                var stored = await WriteAsync([.. batch.SelectMany(p => p.Rows)]);
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

    private async Task<IReadOnlySet<Guid>> WriteAsync(IReadOnlyList<ChannelInbound> rows)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StreamlineDbContext>();
        if (database is { Provider: DatabaseProvider.Postgres, PostgresFastPaths: true }) return await InsertIgnoringConflictsAsync(db, rows);

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

    private const string InsertSql = """
        INSERT INTO "ChannelInbound" ("Id", "WorkspaceId", "ChannelId", "ProviderMessageId", "SenderId", "SentAt", "Sequence", "Payload", "ReceivedAt", "Attempts")
        SELECT id, workspace, channel, provider_id, sender, sent_at, seq, payload, received_at, 0
        FROM unnest(@ids, @workspaces, @channels, @provider_ids, @senders, @sent_at, @seqs, @payloads, @received_at)
            AS r(id, workspace, channel, provider_id, sender, sent_at, seq, payload, received_at)
        ON CONFLICT ("ChannelId", "ProviderMessageId") DO NOTHING
        RETURNING "Id"
        """;

    /// <summary>One statement for the whole batch; its arrays keep it one prepared statement whatever the batch's size.</summary>
    private static Task<IReadOnlySet<Guid>> InsertIgnoringConflictsAsync(StreamlineDbContext db, IReadOnlyList<ChannelInbound> rows) =>
        PostgresCommand.RunAsync<IReadOnlySet<Guid>>(db, InsertSql,
        [
            Array("ids", NpgsqlDbType.Uuid, rows.Select(r => r.Id)),
            Array("workspaces", NpgsqlDbType.Uuid, rows.Select(r => r.WorkspaceId)),
            Array("channels", NpgsqlDbType.Uuid, rows.Select(r => r.ChannelId)),
            Array("provider_ids", NpgsqlDbType.Text, rows.Select(r => r.ProviderMessageId)),
            Array("senders", NpgsqlDbType.Text, rows.Select(r => r.SenderId)),
            Array("sent_at", NpgsqlDbType.TimestampTz, rows.Select(r => DateTime.SpecifyKind(r.SentAt, DateTimeKind.Utc))),
            Array("seqs", NpgsqlDbType.Bigint, rows.Select(r => r.Sequence)),
            Array("payloads", NpgsqlDbType.Text, rows.Select(r => r.Payload)),
            Array("received_at", NpgsqlDbType.TimestampTz, rows.Select(r => DateTime.SpecifyKind(r.ReceivedAt, DateTimeKind.Utc))),
        ], async (command, ct) =>
        {
            var stored = new HashSet<Guid>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) stored.Add(reader.GetGuid(0));
            return stored;
        }, CancellationToken.None);

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null) await _loop;
    }
}
