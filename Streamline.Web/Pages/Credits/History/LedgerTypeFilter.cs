using Streamline.Core.Credits;

namespace Streamline.Web.Pages.Credits.History;

public sealed record LedgerTypeOption(string Value, string Label, IReadOnlyList<LedgerEntryType> Types);

/// <summary>
/// The history's type filter: a group of related types or one type. The groups split the entry
/// types without overlap, so filtering by each group in turn lists every entry exactly once.
/// </summary>
public static class LedgerTypeFilter
{
    public static readonly IReadOnlyList<LedgerTypeOption> Groups =
    [
        new("purchases", "Purchases & grants",
            [LedgerEntryType.Purchase, LedgerEntryType.SubscriptionGrant, LedgerEntryType.PromotionBonus, LedgerEntryType.AdminGrant]),
        new("usage", "Usage",
            [LedgerEntryType.Consumption, LedgerEntryType.ReservationHold, LedgerEntryType.ReservationCapture, LedgerEntryType.ReservationRelease]),
        new("refunds", "Refunds & disputes", [LedgerEntryType.Refund, LedgerEntryType.DisputeCredit]),
        new("removals", "Removals & clawbacks", [LedgerEntryType.AdminRemoval, LedgerEntryType.Clawback]),
    ];

    public static readonly IReadOnlyList<LedgerTypeOption> SingleTypes =
        Enum.GetValues<LedgerEntryType>().Select(t => new LedgerTypeOption(t.ToString(), t.Label(), [t])).ToList();

    /// <summary>
    /// The single types the history page offers: a run's return is folded into its hold there (<see cref="CreditHistory"/>),
    /// so choosing it would list nothing. A link naming one still works, and the CSV export lists those entries.
    /// </summary>
    public static readonly IReadOnlyList<LedgerTypeOption> OfferedSingleTypes =
        SingleTypes.Where(o => o.Types is not [LedgerEntryType.ReservationCapture or LedgerEntryType.ReservationRelease]).ToList();

    public static LedgerTypeOption? Find(string value) =>
        Groups.Concat(SingleTypes).FirstOrDefault(o => string.Equals(o.Value, value, StringComparison.OrdinalIgnoreCase));
}
