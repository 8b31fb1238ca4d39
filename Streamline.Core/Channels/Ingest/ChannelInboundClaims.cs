using Microsoft.EntityFrameworkCore;
using Npgsql;
using Streamline.Core.Data;

namespace Streamline.Core.Channels.Ingest;

/// <summary>
/// Hands each pump received rows no other pump holds: unprocessed, unleased (or leased by a pump that died), and each the
/// earliest its customer has not had processed, so a customer's messages go one at a time, in order. A claim is a lease
/// (<see cref="ChannelInboundPump.Lease"/>) taken with a conditional write, so two pumps, in one process or in two, never
/// both take a row. On PostgreSQL one statement claims the batch, skipping rows another pump is claiming at that
/// instant (<c>FOR UPDATE SKIP LOCKED</c>); elsewhere (and with <c>Database:PostgresFastPaths=false</c>) candidates are
/// read and each taken with its own conditional <c>UPDATE</c>, the one of two pumps that updates nothing losing it.
/// </summary>
public sealed class ChannelInboundClaims(StreamlineDbContext db, DatabaseSettings database)
{
    private IQueryable<ChannelInbound> Rows => db.ChannelInbound.IgnoreQueryFilters(QueryFilters.Workspace);

    public async Task<IReadOnlyList<Guid>> ClaimAsync(int take, DateTime now, TimeSpan lease, CancellationToken ct)
    {
        var until = now + lease;
        if (database is { Provider: DatabaseProvider.Postgres, PostgresFastPaths: true })
            return await PostgresCommand.RunAsync<IReadOnlyList<Guid>>(db, ClaimSql,
            [
                new NpgsqlParameter("now", DateTime.SpecifyKind(now, DateTimeKind.Utc)),
                new NpgsqlParameter("until", DateTime.SpecifyKind(until, DateTimeKind.Utc)),
                new NpgsqlParameter("take", take),
            ], async (command, token) =>
            {
                var ids = new List<Guid>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token)) ids.Add(reader.GetGuid(0));
                return ids;
            }, ct);

        var candidates = await Claimable(now).OrderBy(r => r.ReceivedAt).Select(r => r.Id).Take(take).ToListAsync(ct);
        var claimed = new List<Guid>();
        foreach (var id in candidates)
        {
            var won = await Rows.Where(r => r.Id == id && r.ProcessedAt == null && (r.LeaseUntil == null || r.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, until).SetProperty(r => r.Attempts, r => r.Attempts + 1), ct);
            if (won == 1) claimed.Add(id);
        }
        return claimed;
    }

    /// <summary>True while anything received is not yet processed (what tests and the bench wait on).</summary>
    public Task<bool> AnyPendingAsync(CancellationToken ct) => Rows.AnyAsync(r => r.ProcessedAt == null, ct);

    private IQueryable<ChannelInbound> Claimable(DateTime now) =>
        Rows.Where(r => r.ProcessedAt == null && (r.LeaseUntil == null || r.LeaseUntil < now)
                        && !Rows.Any(e => e.ChannelId == r.ChannelId && e.SenderId == r.SenderId && e.ProcessedAt == null
                                          && (e.SentAt < r.SentAt || (e.SentAt == r.SentAt && e.Sequence < r.Sequence)
                                              || (e.SentAt == r.SentAt && e.Sequence == r.Sequence && e.ReceivedAt < r.ReceivedAt))));

    private const string ClaimSql = """
        UPDATE "ChannelInbound" AS t SET "LeaseUntil" = @until, "Attempts" = t."Attempts" + 1
        WHERE t."Id" IN (
            SELECT r."Id" FROM "ChannelInbound" AS r
            WHERE r."ProcessedAt" IS NULL AND (r."LeaseUntil" IS NULL OR r."LeaseUntil" < @now)
              AND NOT EXISTS (
                  SELECT 1 FROM "ChannelInbound" AS e
                  WHERE e."ChannelId" = r."ChannelId" AND e."SenderId" = r."SenderId" AND e."ProcessedAt" IS NULL
                    AND (e."SentAt", e."Sequence", e."ReceivedAt") < (r."SentAt", r."Sequence", r."ReceivedAt"))
            ORDER BY r."ReceivedAt"
            LIMIT @take
            FOR UPDATE SKIP LOCKED)
          AND t."ProcessedAt" IS NULL AND (t."LeaseUntil" IS NULL OR t."LeaseUntil" < @now)
        RETURNING t."Id"
        """;
}
