using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Credits.Disputes;

public enum DisputeError { NotFound, NotAllowed, Invalid, AlreadyDisputed, AlreadyClosed, WrongStatus }

/// <summary>
/// What a dispute use case did: the dispute as it is now, or why nothing changed. <see cref="Field"/>
/// names the input at fault (one of the <see cref="DisputeFields"/>) so a form can show the message beside it.
/// </summary>
public sealed record DisputeResult(CreditDispute? Dispute, DisputeError? Error, string? Message, string? Field)
{
    public bool Succeeded => Error is null;
    internal static DisputeResult Done(CreditDispute dispute) => new(dispute, null, null, null);
    internal static DisputeResult Fail(DisputeError error, string message, string? field = null) => new(null, error, message, field);
}

public static class DisputeFields
{
    public const string Reason = nameof(Reason);
    public const string Description = nameof(Description);
    public const string Requested = nameof(Requested);
    public const string Refund = nameof(Refund);
    public const string Note = nameof(Note);
}

public sealed record DisputeRequest(Guid LedgerEntryId, DisputeReason Reason, string Description, long RequestedMillicredits);

/// <summary>Absolute links for the e-mails: the customer's list of disputes and an admin's page of one dispute.</summary>
public sealed record DisputeLinks(string CustomerDisputes, Func<Guid, string> AdminDispute);

/// <summary>Platform-wide: open counts Open and InReview; the median runs over every closed (resolved or rejected) dispute.</summary>
public sealed record DisputeStatistics(int Open, int Resolved, int Rejected, decimal? MedianHoursToClose, long RefundedMillicredits);

/// <summary>
/// A customer disputes one debit; an admin takes it into review, then resolves it with a refund of
/// some or all of the requested credits or rejects it with a note. Every transition is a conditional
/// UPDATE on the status it leaves, so of two concurrent admins exactly one moves the dispute on.
/// </summary>
public sealed class CreditDisputeService(StreamlineDbContext db, CreditService credits, EmailOutbox outbox, TimeProvider clock,
    Notifications.Notifier? notifier = null)
{
    public const int MaxTextLength = 2000;

    // Admins and customers name the dispute explicitly, so the service filters by id itself.
    private IQueryable<CreditDispute> Disputes => db.CreditDisputes.IgnoreQueryFilters(QueryFilters.Workspace);
    private IQueryable<LedgerEntry> Ledger => db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace);

    /// <summary>The refund's idempotency key: derived from the dispute, so the ledger's unique index allows one refund per dispute.</summary>
    public static string CreditKey(Guid disputeId) => $"dispute:{disputeId}:credit";

    public async Task<DisputeResult> SubmitAsync(Guid workspaceId, Guid userId, DisputeRequest request, DisputeLinks links,
        CancellationToken ct = default)
    {
        if (!await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId, ct))
            return DisputeResult.Fail(DisputeError.NotAllowed, "Only members of this workspace can dispute its entries.");
        var entry = await Ledger.AsNoTracking()
            .SingleOrDefaultAsync(e => e.Id == request.LedgerEntryId && e.WorkspaceId == workspaceId, ct);
        if (entry is null)
            return DisputeResult.Fail(DisputeError.NotFound, "This workspace has no such entry in its credit history.");
        if (entry.AmountMillicredits >= 0)
            return DisputeResult.Fail(DisputeError.Invalid, "Only a debit can be disputed.");

        if (!Enum.IsDefined(request.Reason))
            return DisputeResult.Fail(DisputeError.Invalid, "Choose a reason.", DisputeFields.Reason);
        var description = request.Description?.Trim() ?? "";
        if (description.Length == 0)
            return DisputeResult.Fail(DisputeError.Invalid, "Describe what went wrong.", DisputeFields.Description);
        if (description.Length > MaxTextLength)
            return DisputeResult.Fail(DisputeError.Invalid, $"At most {MaxTextLength} characters.", DisputeFields.Description);
        // A hold is disputed for what its run kept, not for the whole hold.
        if (await CreditHistory.ChargedAsync(entry, Ledger, db.CreditReservations.IgnoreQueryFilters(QueryFilters.Workspace), ct) is not { } charged)
            return DisputeResult.Fail(DisputeError.Invalid, "This run is still in progress: dispute it once it has finished.");
        if (charged <= 0)
            return DisputeResult.Fail(DisputeError.Invalid, "Only a debit can be disputed.");
        if (request.RequestedMillicredits <= 0 || request.RequestedMillicredits > charged)
            return DisputeResult.Fail(DisputeError.Invalid,
                $"Request more than 0 and at most the {CreditAmount.Credits(charged)} this entry charged.", DisputeFields.Requested);

        if (await StatusOfDisputeOnAsync(entry.Id, ct) is { } existing) return AlreadyDisputed(existing);

        var dispute = new CreditDispute
        {
            WorkspaceId = workspaceId,
            LedgerEntryId = entry.Id,
            Reason = request.Reason,
            Description = description,
            RequestedMillicredits = request.RequestedMillicredits,
            CreatedByUserId = userId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.CreditDisputes.Add(dispute);
        var mails = await QueueSubmittedMailsAsync(dispute, entry, charged, links, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent submit for the same entry committed first; the unique index kept theirs only.
            db.Entry(dispute).State = EntityState.Detached;
            foreach (var mail in mails) db.Entry(mail).State = EntityState.Detached;
            if (await StatusOfDisputeOnAsync(entry.Id, ct) is { } theirs) return AlreadyDisputed(theirs);
            throw;
        }
        return DisputeResult.Done(dispute);
    }

    public async Task<DisputeResult> StartReviewAsync(Guid disputeId, Guid adminId, DisputeLinks links, CancellationToken ct = default)
    {
        if (!await IsAdminAsync(adminId, ct)) return NotAnAdmin();
        var now = clock.GetUtcNow().UtcDateTime;
        return await TransitionAsync(disputeId, "Only an open dispute can be taken into review.",
            claim: () => Disputes.Where(d => d.Id == disputeId && d.Status == DisputeStatus.Open).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DisputeStatus.InReview)
                .SetProperty(d => d.ReviewerUserId, adminId)
                .SetProperty(d => d.ReviewStartedAt, now), ct),
            mail: d => QueueToOwnersAsync(d, "dispute-in-review", links, new(), ct), ct);
    }

    /// <summary>
    /// Closes the dispute and refunds <paramref name="refundMillicredits"/> (1 up to the requested amount)
    /// as one <see cref="LedgerEntryType.DisputeCredit"/> entry. The claim of the dispute and the
    /// credit are one transaction: a resolved dispute always has its refund, and a dispute is
    /// refunded at most once however many admins press the button at the same time.
    /// </summary>
    public async Task<DisputeResult> ResolveAsync(Guid disputeId, Guid adminId, long refundMillicredits, string? note,
        DisputeLinks links, CancellationToken ct = default)
    {
        if (!await IsAdminAsync(adminId, ct)) return NotAnAdmin();
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note?.Length > MaxTextLength)
            return DisputeResult.Fail(DisputeError.Invalid, $"At most {MaxTextLength} characters.", DisputeFields.Note);
        var dispute = await Disputes.AsNoTracking().SingleOrDefaultAsync(d => d.Id == disputeId, ct);
        if (dispute is null) return NoSuchDispute();
        if (IsClosed(dispute.Status)) return AlreadyClosed(dispute.Status);
        if (refundMillicredits <= 0 || refundMillicredits > dispute.RequestedMillicredits)
            return DisputeResult.Fail(DisputeError.Invalid,
                $"Refund more than 0 and at most the {CreditAmount.Credits(dispute.RequestedMillicredits)} requested.",
                DisputeFields.Refund);

        var entryReason = await Ledger.Where(e => e.Id == dispute.LedgerEntryId).Select(e => e.Reason).SingleAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var result = await credits.GrantAsync(dispute.WorkspaceId, refundMillicredits, LedgerEntryType.DisputeCredit,
            Truncate($"Dispute refund: {entryReason}", 500), CreditKey(disputeId), adminId, $"dispute:{disputeId}",
            claim: async claimCt =>
            {
                var claimed = await Disputes
                    .Where(d => d.Id == disputeId && (d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview))
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(d => d.Status, DisputeStatus.Resolved)
                        .SetProperty(d => d.RefundedMillicredits, refundMillicredits)
                        .SetProperty(d => d.AdminNote, note)
                        .SetProperty(d => d.ReviewerUserId, adminId)
                        .SetProperty(d => d.ReviewStartedAt, d => d.ReviewStartedAt ?? now)
                        .SetProperty(d => d.ClosedAt, now), claimCt);
                if (claimed == 0) return false;
                await QueueToOwnersAsync(dispute, "dispute-resolved", links, new()
                {
                    ["Refunded"] = CreditAmount.Credits(refundMillicredits),
                    ["Note"] = note ?? "(none)",
                }, claimCt);
                return true;
            }, ct);

        // A lost claim (or, equally, a refund already under this dispute's key) means another admin closed it first.
        if (!result.Succeeded || result.Duplicate)
            return await WhyNotAsync(disputeId, "The refund could not be recorded, so nothing changed.", ct);
        return DisputeResult.Done(await Disputes.AsNoTracking().SingleAsync(d => d.Id == disputeId, ct));
    }

    public async Task<DisputeResult> RejectAsync(Guid disputeId, Guid adminId, string? note, DisputeLinks links, CancellationToken ct = default)
    {
        if (!await IsAdminAsync(adminId, ct)) return NotAnAdmin();
        note = note?.Trim() ?? "";
        if (note.Length == 0)
            return DisputeResult.Fail(DisputeError.Invalid, "Explain to the customer why the dispute is rejected.", DisputeFields.Note);
        if (note.Length > MaxTextLength)
            return DisputeResult.Fail(DisputeError.Invalid, $"At most {MaxTextLength} characters.", DisputeFields.Note);
        var now = clock.GetUtcNow().UtcDateTime;
        return await TransitionAsync(disputeId, "",
            claim: () => Disputes
                .Where(d => d.Id == disputeId && (d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, DisputeStatus.Rejected)
                    .SetProperty(d => d.AdminNote, note)
                    .SetProperty(d => d.ReviewerUserId, adminId)
                    .SetProperty(d => d.ReviewStartedAt, d => d.ReviewStartedAt ?? now)
                    .SetProperty(d => d.ClosedAt, now), ct),
            mail: d => QueueToOwnersAsync(d, "dispute-rejected", links, new() { ["Note"] = note }, ct), ct);
    }

    public async Task<DisputeStatistics> StatisticsAsync(CancellationToken ct = default)
    {
        var counts = await Disputes.GroupBy(d => d.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(DisputeStatus status) => counts.Where(c => c.Status == status).Sum(c => c.Count);
        var refunded = await Disputes.Where(d => d.Status == DisputeStatus.Resolved).SumAsync(d => (long?)d.RefundedMillicredits, ct) ?? 0;
        // In memory, because no median is portable across the providers; two timestamps per closed dispute stay small.
        var closed = await Disputes
            .Where(d => (d.Status == DisputeStatus.Resolved || d.Status == DisputeStatus.Rejected) && d.ClosedAt != null)
            .Select(d => new { d.CreatedAt, ClosedAt = d.ClosedAt!.Value }).ToListAsync(ct);
        var ticks = closed.Select(d => (d.ClosedAt - d.CreatedAt).Ticks).Order().ToList();
        return new DisputeStatistics(Count(DisputeStatus.Open) + Count(DisputeStatus.InReview), Count(DisputeStatus.Resolved),
            Count(DisputeStatus.Rejected), MedianHours(ticks), refunded);
    }

    /// <summary>Exact: decimal arithmetic on ticks, the mean of the two middle values for an even count.</summary>
    internal static decimal? MedianHours(IReadOnlyList<long> sortedTicks)
    {
        if (sortedTicks.Count == 0) return null;
        var middle = sortedTicks.Count / 2;
        var median = sortedTicks.Count % 2 == 1
            ? sortedTicks[middle]
            : ((decimal)sortedTicks[middle - 1] + sortedTicks[middle]) / 2;
        return median / TimeSpan.TicksPerHour;
    }

    public static bool IsClosed(DisputeStatus status) => status is DisputeStatus.Resolved or DisputeStatus.Rejected;

    /// <summary>The claim and the owners' mail in one transaction: a transition is never recorded without its mail, nor mailed without being recorded.</summary>
    private async Task<DisputeResult> TransitionAsync(Guid disputeId, string wrongStatus, Func<Task<int>> claim,
        Func<CreditDispute, Task> mail, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await claim() == 0)
        {
            await tx.RollbackAsync(ct);
            return await WhyNotAsync(disputeId, wrongStatus, ct);
        }
        var dispute = await Disputes.AsNoTracking().SingleAsync(d => d.Id == disputeId, ct);
        await mail(dispute);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return DisputeResult.Done(dispute);
    }

    private async Task<DisputeResult> WhyNotAsync(Guid disputeId, string wrongStatus, CancellationToken ct)
    {
        var status = await Disputes.Where(d => d.Id == disputeId).Select(d => (DisputeStatus?)d.Status).SingleOrDefaultAsync(ct);
        return status switch
        {
            null => NoSuchDispute(),
            { } s when IsClosed(s) => AlreadyClosed(s),
            { } s => DisputeResult.Fail(DisputeError.WrongStatus, $"{wrongStatus} This one is {s.Label().ToLowerInvariant()}.".Trim()),
        };
    }

    private Task<DisputeStatus?> StatusOfDisputeOnAsync(Guid entryId, CancellationToken ct) =>
        Disputes.Where(d => d.LedgerEntryId == entryId).Select(d => (DisputeStatus?)d.Status).SingleOrDefaultAsync(ct);

    private Task<bool> IsAdminAsync(Guid userId, CancellationToken ct) =>
        db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
            .AnyAsync(name => name == Roles.Admin || name == Roles.SuperAdmin, ct);

    private async Task<List<EmailMessage>> QueueSubmittedMailsAsync(CreditDispute dispute, LedgerEntry entry, long charged, DisputeLinks links,
        CancellationToken ct)
    {
        var workspace = await WorkspaceNameAsync(dispute.WorkspaceId, ct);
        var values = new Dictionary<string, string>
        {
            ["Workspace"] = workspace,
            ["Entry"] = entry.Reason,
            ["EntryDate"] = entry.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
            ["Charged"] = CreditAmount.Credits(charged),
            ["Requested"] = CreditAmount.Credits(dispute.RequestedMillicredits),
            ["Reason"] = dispute.Reason.Label(),
        };
        var mails = await QueueToOwnersAsync(dispute.WorkspaceId, "dispute-received",
            new Dictionary<string, string>(values) { ["DisputesUrl"] = links.CustomerDisputes }, links, ct);
        string[] adminRoles = [Roles.Admin, Roles.SuperAdmin];
        var admins = await db.UserRoles
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(x => adminRoles.Contains(x.Name!))
            .Join(db.Users, x => x.UserId, u => u.Id, (_, u) => u.Email)
            .Where(e => e != null).Distinct().ToListAsync(ct);
        mails.AddRange(admins.Select(to => outbox.Queue(to!, "dispute-new", new Dictionary<string, string>(values)
        {
            ["Description"] = dispute.Description,
            ["ReviewUrl"] = links.AdminDispute(dispute.Id),
        })));
        return mails;
    }

    private async Task QueueToOwnersAsync(CreditDispute dispute, string template, DisputeLinks links,
        Dictionary<string, string> values, CancellationToken ct)
    {
        values["Workspace"] = await WorkspaceNameAsync(dispute.WorkspaceId, ct);
        values["Requested"] = CreditAmount.Credits(dispute.RequestedMillicredits);
        values["DisputesUrl"] = links.CustomerDisputes;
        await QueueToOwnersAsync(dispute.WorkspaceId, template, values, links, ct);
    }

    /// <summary>The app always has a notifier; a service built by hand (a test of disputes alone) mails every owner.</summary>
    private async Task<List<EmailMessage>> QueueToOwnersAsync(Guid workspaceId, string template, Dictionary<string, string> values,
        DisputeLinks links, CancellationToken ct)
    {
        var owners = await OwnerEmailsAsync(workspaceId, ct);
        return notifier is not null
            ? await notifier.SendAsync(workspaceId, Notifications.NotificationKind.Disputes, owners, template, values, links.CustomerDisputes, ct)
            : owners.Select(to => outbox.Queue(to, template, values)).ToList();
    }

    private Task<List<string>> OwnerEmailsAsync(Guid workspaceId, CancellationToken ct) =>
        db.WorkspaceMembers
            .Where(m => m.WorkspaceId == workspaceId && m.Role == WorkspaceRole.Owner)
            .Join(db.Users, m => m.UserId, u => u.Id, (_, u) => u.Email)
            .Where(e => e != null).Select(e => e!).Distinct().ToListAsync(ct);

    private Task<string> WorkspaceNameAsync(Guid workspaceId, CancellationToken ct) =>
        db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.Name).SingleAsync(ct);

    private static DisputeResult AlreadyDisputed(DisputeStatus status) => DisputeResult.Fail(DisputeError.AlreadyDisputed,
        $"This entry is already disputed (status: {status.Label().ToLowerInvariant()}). Each entry can be disputed once.");

    private static DisputeResult AlreadyClosed(DisputeStatus status) =>
        DisputeResult.Fail(DisputeError.AlreadyClosed, $"This dispute is already closed: {status.Label().ToLowerInvariant()}.");

    private static DisputeResult NoSuchDispute() => DisputeResult.Fail(DisputeError.NotFound, "There is no such dispute.");

    private static DisputeResult NotAnAdmin() => DisputeResult.Fail(DisputeError.NotAllowed, "Only an admin can review disputes.");

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
