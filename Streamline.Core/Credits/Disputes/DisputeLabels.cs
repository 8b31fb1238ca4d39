namespace Streamline.Core.Credits.Disputes;

/// <summary>What people read for a dispute's reason and status, on pages and in e-mails.</summary>
public static class DisputeLabels
{
    public static string Label(this DisputeReason reason) => reason switch
    {
        DisputeReason.IncorrectAmount => "Incorrect amount",
        DisputeReason.ServiceNotDelivered => "Service not delivered",
        DisputeReason.DuplicateCharge => "Duplicate charge",
        DisputeReason.UnauthorizedUse => "Unauthorized use",
        DisputeReason.Other => "Other",
        _ => reason.ToString(),
    };

    public static string Label(this DisputeStatus status) => status switch
    {
        DisputeStatus.Open => "Open",
        DisputeStatus.InReview => "In review",
        DisputeStatus.Resolved => "Resolved",
        DisputeStatus.Rejected => "Rejected",
        _ => status.ToString(),
    };
}
