namespace Streamline.Core.Credits;

/// <summary>What a customer reads for each entry type: on pages, in exports and in e-mails.</summary>
public static class LedgerEntryLabels
{
    public static string Label(this LedgerEntryType type) => type switch
    {
        LedgerEntryType.Purchase => "Purchase",
        LedgerEntryType.SubscriptionGrant => "Subscription credits",
        LedgerEntryType.PromotionBonus => "Promotion bonus",
        LedgerEntryType.AdminGrant => "Added by support",
        LedgerEntryType.AdminRemoval => "Removed by support",
        LedgerEntryType.Consumption => "Usage",
        LedgerEntryType.ReservationHold => "Reserved for a run",
        LedgerEntryType.ReservationCapture => "Reservation captured",
        LedgerEntryType.ReservationRelease => "Reservation returned",
        LedgerEntryType.Refund => "Refund",
        LedgerEntryType.DisputeCredit => "Dispute refund",
        LedgerEntryType.Clawback => "Clawback",
        _ => type.ToString(),
    };
}
