using Microsoft.EntityFrameworkCore;
using Npgsql;
using Streamline.Core.Data;

namespace Streamline.Core.Channels.Ingest;

/// <summary>
/// Hands each pump received rows no other pump holds: unprocessed, unleased (or leased by a pump that died), and each the
/// earliest its customer has not had processed, so a customer's messages go one at a time, in order. A claim is a lease
/// (<see cref="ChannelInboundPump.Lease"/>) taken with a conditional write, so two pumps, in one process or in two, never
/// both take a row. On PostgreSQL a claim costs the same however long the backlog: it looks at the <see cref="Window"/>
/// oldest waiting rows, each checked for an earlier message of its customer with one probe of the waiting index; only
/// when all of those wait behind their customers' earlier messages (one chatty customer's burst) does it step through up
/// to <see cref="Window"/> waiting customers instead, from where the last such step stopped
/// (<see cref="ChannelInboundClaimCursor"/>), so everyone behind the burst is reached in turn. Rows another pump is
/// claiming at that instant are skipped (<c>FOR UPDATE SKIP LOCKED</c>). Elsewhere (and with
/// <c>Database:PostgresFastPaths=false</c>) candidates are read in one query over all waiting rows and each taken with its
/// own conditional <c>UPDATE</c>, the one of two pumps that updates nothing losing it.
/// </summary>
public sealed class ChannelInboundClaims(StreamlineDbContext db, DatabaseSettings database, ChannelInboundClaimCursor cursor)
{
    /// <summary>The oldest waiting rows a claim looks at, and the waiting customers its second step goes through at most.</summary>
    public const int Window = 256;

    /// <summary>Steps through waiting customers one claim may take: bounds its cost when most of them are being answered.</summary>
    public const int MaxSteps = 4;

    private IQueryable<ChannelInbound> Rows => db.ChannelInbound.IgnoreQueryFilters(QueryFilters.Workspace);

    /// <summary>
    /// Leases up to <paramref name="take"/> claimable rows until <paramref name="now"/> + <paramref name="lease"/>, only rows
    /// received at least <paramref name="settle"/> before <paramref name="now"/> (a customer's earlier message may still
    /// be on its way); returns their ids.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ClaimAsync(int take, DateTime now, TimeSpan lease, TimeSpan settle, CancellationToken ct)
    {
        var until = now + lease;
        var settled = now - settle;
        if (database is { Provider: DatabaseProvider.Postgres, PostgresFastPaths: true })
        {
            var oldest = await RunClaimAsync(OldestSql, take, now, until, settled, after: null, ct);
            // Fewer oldest rows than the window: every settled waiting row was looked at, and nothing else can be claimed.
            if (oldest.Ids.Count >= take || oldest.Looked < Window) return oldest.Ids;
            var taken = oldest.Ids.ToList();
            for (var step = 0; step < MaxSteps && taken.Count < take; step++)
            {
                var from = cursor.Next;
                var across = await RunClaimAsync(AcrossCustomersSql, take - taken.Count, now, until, settled, from, ct);
                taken.AddRange(across.Ids);
                // A step that reached the last waiting customer starts from the first next time.
                var end = across.Looked < Window;
                cursor.Moved(from, end ? null : across.Last);
                if (end && from is null) break;
            }
            return taken;
        }

        var candidates = await Claimable(now).Where(r => r.ReceivedAt <= settled).OrderBy(r => r.ReceivedAt).Select(r => r.Id).Take(take)
            .ToListAsync(ct);
        var claimed = new List<Guid>();
        foreach (var id in candidates)
        {
            var won = await Rows.Where(r => r.Id == id && r.ProcessedAt == null && (r.LeaseUntil == null || r.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, until).SetProperty(r => r.Attempts, r => r.Attempts + 1), ct);
            if (won == 1) claimed.Add(id);
        }
        return claimed;
    }

    private IQueryable<ChannelInbound> Claimable(DateTime now) =>
        Rows.Where(r => r.ProcessedAt == null && (r.LeaseUntil == null || r.LeaseUntil < now)
                        && !Rows.Any(e => e.ChannelId == r.ChannelId && e.SenderId == r.SenderId && e.ProcessedAt == null && e.Sequence >= 0
                                          && (e.SentAt < r.SentAt || (e.SentAt == r.SentAt && e.Sequence < r.Sequence)
                                              || (e.SentAt == r.SentAt && e.Sequence == r.Sequence && e.ReceivedAt < r.ReceivedAt))));

    /// <param name="Looked">How many rows (or customers) the claim looked at: fewer than <see cref="Window"/> means it saw them all.</param>
    /// <param name="Last">The last customer it stepped to, where the next step goes on from.</param>
    private sealed record Claimed(IReadOnlyList<Guid> Ids, int Looked, WaitingCustomer? Last);

    private async Task<Claimed> RunClaimAsync(string sql, int take, DateTime now, DateTime until, DateTime settled, WaitingCustomer? after,
        CancellationToken ct) =>
        await PostgresCommand.RunAsync(db, sql,
        [
            new NpgsqlParameter("now", DateTime.SpecifyKind(now, DateTimeKind.Utc)),
            new NpgsqlParameter("until", DateTime.SpecifyKind(until, DateTimeKind.Utc)),
            new NpgsqlParameter("settled", DateTime.SpecifyKind(settled, DateTimeKind.Utc)),
            new NpgsqlParameter("take", take),
            new NpgsqlParameter("window", Window),
            new NpgsqlParameter("after_channel", after?.ChannelId ?? Guid.Empty),
            new NpgsqlParameter("after_sender", after?.SenderId ?? ""),
        ], async (command, token) =>
        {
            await using var reader = await command.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            var last = reader.IsDBNull(2) ? null : new WaitingCustomer(reader.GetGuid(2), reader.GetString(3));
            return new Claimed(reader.GetFieldValue<Guid[]>(0), reader.GetInt32(1), last);
        }, ct);

    // Both claims end alike: the chosen rows are locked (skipping any another pump is locking), and each is leased only if
    // it is still unprocessed and unleased once locked, judged on the locked row's values rather than on the table, so
    // the lease finds its rows by id: asked of the table, "ProcessedAt" IS NULL was planned as a scan of the whole
    // backlog (the statistics said almost nothing waits). Every step (to the next oldest row, to the next waiting customer)
    // and every probe for an earlier message is a LATERAL subquery with LIMIT 1 in an index's order, so each is one
    // descent of an index whatever the planner believes the table holds: its statistics lag far behind a growing backlog,
    // and a plain "oldest 256" query was planned as a scan and sort of every waiting row. "Sequence" >= 0 is what lets a
    // statement use IX_ChannelInbound_Waiting (ChannelInbound.WaitingFilter); the lease itself must not.
    private const string LeaseTheHeads = """
        locked AS (
            SELECT x."Id", x."ProcessedAt", x."LeaseUntil" FROM "ChannelInbound" AS x
            WHERE x."Id" IN (SELECT h."Id" FROM heads AS h ORDER BY h."ReceivedAt" LIMIT @take)
            FOR UPDATE SKIP LOCKED),
        claimed AS (
            UPDATE "ChannelInbound" AS t SET "LeaseUntil" = @until, "Attempts" = t."Attempts" + 1
            FROM locked AS l
            WHERE t."Id" = l."Id" AND l."ProcessedAt" IS NULL AND (l."LeaseUntil" IS NULL OR l."LeaseUntil" < @now)
            RETURNING t."Id")
        """;

    private const string OldestSql = $"""
        WITH RECURSIVE oldest AS (
            (SELECT r."Id", r."ChannelId", r."SenderId", r."SentAt", r."Sequence", r."ReceivedAt", r."LeaseUntil", 1 AS n
             FROM "ChannelInbound" AS r
             WHERE r."ProcessedAt" IS NULL AND r."ReceivedAt" <= @settled
             ORDER BY r."ProcessedAt", r."ReceivedAt", r."Id"
             LIMIT 1)
            UNION ALL
            SELECT later."Id", later."ChannelId", later."SenderId", later."SentAt", later."Sequence", later."ReceivedAt", later."LeaseUntil",
                o.n + 1
            FROM oldest AS o
            CROSS JOIN LATERAL (
                SELECT r."Id", r."ChannelId", r."SenderId", r."SentAt", r."Sequence", r."ReceivedAt", r."LeaseUntil"
                FROM "ChannelInbound" AS r
                WHERE r."ProcessedAt" IS NULL AND (r."ReceivedAt", r."Id") > (o."ReceivedAt", o."Id") AND r."ReceivedAt" <= @settled
                ORDER BY r."ProcessedAt", r."ReceivedAt", r."Id"
                LIMIT 1) AS later
            WHERE o.n < @window),
        heads AS (
            SELECT o."Id", o."ReceivedAt" FROM oldest AS o
            LEFT JOIN LATERAL (
                SELECT 1 AS found FROM "ChannelInbound" AS e
                WHERE e."ProcessedAt" IS NULL AND e."Sequence" >= 0 AND e."ChannelId" = o."ChannelId" AND e."SenderId" = o."SenderId"
                  AND (e."SentAt", e."Sequence", e."ReceivedAt") < (o."SentAt", o."Sequence", o."ReceivedAt")
                LIMIT 1) AS earlier ON true
            WHERE earlier.found IS NULL AND (o."LeaseUntil" IS NULL OR o."LeaseUntil" < @now)),
        {LeaseTheHeads}
        SELECT ARRAY(SELECT c."Id" FROM claimed AS c), (SELECT count(*)::int FROM oldest), NULL::uuid, NULL::text
        """;

    private const string AcrossCustomersSql = $"""
        WITH RECURSIVE customers AS (
            (SELECT r."ChannelId", r."SenderId", 1 AS n FROM "ChannelInbound" AS r
             WHERE r."ProcessedAt" IS NULL AND r."Sequence" >= 0 AND (r."ChannelId", r."SenderId") > (@after_channel, @after_sender)
             ORDER BY r."ChannelId", r."SenderId"
             LIMIT 1)
            UNION ALL
            SELECT after."ChannelId", after."SenderId", c.n + 1 FROM customers AS c
            CROSS JOIN LATERAL (
                SELECT r."ChannelId", r."SenderId" FROM "ChannelInbound" AS r
                WHERE r."ProcessedAt" IS NULL AND r."Sequence" >= 0 AND (r."ChannelId", r."SenderId") > (c."ChannelId", c."SenderId")
                ORDER BY r."ChannelId", r."SenderId"
                LIMIT 1) AS after
            WHERE c.n < @window),
        heads AS (
            SELECT head."Id", head."ReceivedAt" FROM customers AS c
            CROSS JOIN LATERAL (
                SELECT r."Id", r."ReceivedAt", r."LeaseUntil" FROM "ChannelInbound" AS r
                WHERE r."ProcessedAt" IS NULL AND r."Sequence" >= 0 AND r."ChannelId" = c."ChannelId" AND r."SenderId" = c."SenderId"
                ORDER BY r."SentAt", r."Sequence", r."ReceivedAt"
                LIMIT 1) AS head
            WHERE (head."LeaseUntil" IS NULL OR head."LeaseUntil" < @now) AND head."ReceivedAt" <= @settled),
        {LeaseTheHeads},
        stopped AS (SELECT c."ChannelId", c."SenderId", c.n FROM customers AS c ORDER BY c.n DESC LIMIT 1)
        SELECT ARRAY(SELECT c."Id" FROM claimed AS c), coalesce((SELECT s.n FROM stopped AS s), 0),
            (SELECT s."ChannelId" FROM stopped AS s), (SELECT s."SenderId" FROM stopped AS s)
        """;
}

/// <summary>A customer with messages waiting: the key the claims' second step goes through customers by.</summary>
public sealed record WaitingCustomer(Guid ChannelId, string SenderId);

/// <summary>
/// Where this process's last step through waiting customers stopped (<see cref="ChannelInboundClaims"/>), so the next goes
/// on from there and every customer behind a chatty one is reached in turn. Each process keeps its own: two processes
/// starting from different places only spreads them further.
/// </summary>
public sealed class ChannelInboundClaimCursor
{
    private readonly Lock _lock = new();
    private WaitingCustomer? _next;

    /// <summary>The customer the next step starts after; null for the first.</summary>
    public WaitingCustomer? Next
    {
        get
        {
            lock (_lock) return _next;
        }
    }

    /// <summary>The step that started after <paramref name="from"/> stopped at <paramref name="last"/> (null: it reached the end).</summary>
    public void Moved(WaitingCustomer? from, WaitingCustomer? last)
    {
        lock (_lock)
            if (_next == from) _next = last;
    }
}
