using Streamline.Core.Knowledge;

namespace Streamline.Web.Pages.Knowledge;

public sealed record DocumentRowView(KnowledgeDocument Document)
{
    /// <summary>A row still on its way polls for itself; a finished row has no trigger, which ends the polling.</summary>
    public bool IsPending => Document.Status is DocumentStatus.Queued or DocumentStatus.Processing;

    public string BadgeClass => Document.Status switch
    {
        DocumentStatus.Ready => "text-bg-success",
        DocumentStatus.Failed => "text-bg-danger",
        DocumentStatus.Processing => "text-bg-info",
        _ => "text-bg-secondary",
    };

    public string StatusLabel => Document.Status switch
    {
        DocumentStatus.Queued => "Queued",
        DocumentStatus.Processing => "Reading…",
        DocumentStatus.Ready => "Ready",
        _ => "Failed",
    };
}
