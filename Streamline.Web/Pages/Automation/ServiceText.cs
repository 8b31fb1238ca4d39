using Streamline.Core.Automation;
using Streamline.Core.Credits;

namespace Streamline.Web.Pages.Automation;

/// <summary>Prices and statuses of services and runs as people read them.</summary>
public static class ServiceText
{
    public static string Price(ServicePrice price) => price.Millicredits == 0
        ? "Free"
        : $"{CreditAmount.Credits(price.Millicredits)} per {(price.Unit == PriceUnit.PerUnit ? price.UnitName ?? "unit" : "run")}";

    public static string Badge(ServiceRunStatus status) => status switch
    {
        ServiceRunStatus.Succeeded => "success",
        ServiceRunStatus.Failed => "danger",
        ServiceRunStatus.Running => "primary",
        ServiceRunStatus.Queued => "info",
        _ => "secondary",
    };

    /// <summary>What a run cost, or what is held for it while it runs.</summary>
    public static string Cost(ServiceRun run) => run.IsFinal
        ? CreditAmount.Credits(run.CostMillicredits) + (run.ModelCostMillicredits > 0 ? $" ({CreditAmount.Credits(run.ModelCostMillicredits)} of it for the AI model)" : "")
        : $"{CreditAmount.Credits(run.HeldMillicredits)} held";
}
