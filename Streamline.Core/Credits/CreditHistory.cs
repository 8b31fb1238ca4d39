using Microsoft.EntityFrameworkCore;

namespace Streamline.Core.Credits;

/// <summary>
/// One line of the history a customer reads. A hold and the release that returned its unused part are one line:
/// what the run cost, dated when it started. The ledger itself keeps both entries (admins and the CSV export see them).
/// </summary>
public sealed record CreditHistoryLine(LedgerEntry Entry, long AmountMillicredits, long BalanceAfterMillicredits, bool InProgress)
{
    /// <summary>A finished run reads as usage; a hold still open as what it is.</summary>
    public string Label => (Entry.Type == LedgerEntryType.ReservationHold && !InProgress ? LedgerEntryType.Consumption : Entry.Type).Label();

    /// <summary>A finished debit; disputing it disputes what it cost (<see cref="CreditHistory.ChargedAsync"/>).</summary>
    public bool IsCharge => AmountMillicredits < 0 && !InProgress;
}

/// <summary>The read side of the ledger for customers: holds folded with their releases. Nothing here writes.</summary>
public static class CreditHistory
{
    /// <summary>
    /// The entries that are a line of their own: releases are folded into their hold, and a hold returned in full
    /// (a run that cost nothing) has no line. The release is found by its unique key, derived from the hold's reservation.
    /// </summary>
    public static IQueryable<LedgerEntry> Lines(IQueryable<LedgerEntry> entries, IQueryable<LedgerEntry> ledger) =>
        entries.Where(e => e.Type != LedgerEntryType.ReservationRelease && e.Type != LedgerEntryType.ReservationCapture)
            .Where(e => e.Type != LedgerEntryType.ReservationHold
                        || !ledger.Any(r => r.IdempotencyKey == e.RelatedObject + ReleaseSuffix && r.AmountMillicredits == -e.AmountMillicredits));

    /// <summary>The page's entries as lines: a hold shows what its run cost, or the whole hold while the run is in progress.</summary>
    public static async Task<List<CreditHistoryLine>> FoldAsync(IReadOnlyList<LedgerEntry> page, IQueryable<LedgerEntry> ledger,
        IQueryable<CreditReservation> reservations, CancellationToken ct)
    {
        var holds = page.Where(e => e.Type == LedgerEntryType.ReservationHold && ReservationOf(e) is not null).ToList();
        if (holds.Count == 0) return page.Select(e => new CreditHistoryLine(e, e.AmountMillicredits, e.BalanceAfterMillicredits, false)).ToList();

        var ids = holds.Select(e => ReservationOf(e)!.Value).ToList();
        var open = await reservations.Where(r => ids.Contains(r.Id) && r.Status == ReservationStatus.Held).Select(r => r.Id).ToListAsync(ct);
        var keys = holds.Select(e => e.RelatedObject + ReleaseSuffix).ToList();
        var returned = await ledger.Where(r => keys.Contains(r.IdempotencyKey))
            .Select(r => new { r.IdempotencyKey, r.AmountMillicredits }).ToDictionaryAsync(r => r.IdempotencyKey, r => r.AmountMillicredits, ct);
        return page.Select(e =>
        {
            if (e.Type != LedgerEntryType.ReservationHold || ReservationOf(e) is not { } id)
                return new CreditHistoryLine(e, e.AmountMillicredits, e.BalanceAfterMillicredits, false);
            if (open.Contains(id)) return new CreditHistoryLine(e, e.AmountMillicredits, e.BalanceAfterMillicredits, true);
            var back = returned.GetValueOrDefault(e.RelatedObject + ReleaseSuffix);
            return new CreditHistoryLine(e, e.AmountMillicredits + back, e.BalanceAfterMillicredits + back, false);
        }).ToList();
    }

    /// <summary>
    /// What a debit entry cost the customer: its amount, or for a hold what was kept of it once the run ended.
    /// Null while the hold is still open (its cost is not known yet).
    /// </summary>
    public static async Task<long?> ChargedAsync(LedgerEntry entry, IQueryable<LedgerEntry> ledger, IQueryable<CreditReservation> reservations,
        CancellationToken ct)
    {
        if (entry.Type != LedgerEntryType.ReservationHold || ReservationOf(entry) is not { } id) return -entry.AmountMillicredits;
        if (await reservations.AnyAsync(r => r.Id == id && r.Status == ReservationStatus.Held, ct)) return null;
        var key = entry.RelatedObject + ReleaseSuffix;
        var back = await ledger.Where(r => r.IdempotencyKey == key).Select(r => r.AmountMillicredits).SingleOrDefaultAsync(ct);
        return -entry.AmountMillicredits - back;
    }

    private static readonly string ReleaseSuffix = CreditService.ReleaseKey(Guid.Empty)[CreditService.RelatedTo(Guid.Empty).Length..];

    private static Guid? ReservationOf(LedgerEntry hold) =>
        hold.RelatedObject is { } related && related.StartsWith("reservation:", StringComparison.Ordinal)
        && Guid.TryParse(related.AsSpan("reservation:".Length), out var id) ? id : null;
}
