using Streamline.Core.Workspaces;

namespace Streamline.Core.Automation;

public enum ServiceRunStatus { Queued, Running, Succeeded, Failed, Cancelled }

/// <summary>
/// One paid run of a service for a workspace. The row is the truth: credits are held before it is queued
/// (<see cref="ReservationId"/>), and <see cref="RunAutomationService"/> claims it, runs it and closes the hold.
/// </summary>
public class ServiceRun : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public required string ServiceKey { get; set; }

    /// <summary>The service's name when it ran, so the list still reads right after an admin renames it.</summary>
    public required string ServiceName { get; set; }
    public Guid? RequestedBy { get; set; }

    /// <summary>The form's fields as JSON (an object of strings).</summary>
    public required string Input { get; set; }
    public ServiceRunStatus Status { get; set; }
    public int Progress { get; set; }
    public string? ProgressNote { get; set; }
    public bool CancelRequested { get; set; }
    public int Attempts { get; set; }

    /// <summary>The price when it was requested: a later price change does not touch a run already paid for.</summary>
    public long PriceMillicredits { get; set; }
    public PriceUnit PriceUnit { get; set; }

    public Guid? ReservationId { get; set; }
    public long HeldMillicredits { get; set; }

    /// <summary>The part of <see cref="HeldMillicredits"/> held for AI model calls, beyond the price of the units.</summary>
    public long ModelAllowanceMillicredits { get; set; }

    /// <summary>What was charged in all, model calls included (<see cref="ModelCostMillicredits"/>).</summary>
    public long CostMillicredits { get; set; }
    public long ModelCostMillicredits { get; set; }
    public int UnitsUsed { get; set; }

    public string? Summary { get; set; }
    public string? Error { get; set; }

    /// <summary>Output files' names, separated by '|', in the run's folder (<see cref="ServiceFiles"/>).</summary>
    public string? Files { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    public IReadOnlyList<string> FileNames => Files is { Length: > 0 } f ? f.Split('|') : [];
    public bool IsFinal => Status is ServiceRunStatus.Succeeded or ServiceRunStatus.Failed or ServiceRunStatus.Cancelled;
}
