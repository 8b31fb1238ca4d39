using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Jobs;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Automation.Requests;

/// <summary>
/// A service the agency's people deliver: its run turns the customer's request into a client job in the customer's own
/// workspace (so they follow it under Jobs), managed by the house's first owner, as an accepted proposal does. Free
/// unless a SuperAdmin sets a price, which is then a fee charged when the request is filed. Details are capped well
/// below the job's requirements, which approved change requests are appended to.
/// </summary>
public abstract class RequestService(StreamlineDbContext db, JobService jobs) : AutomationService
{
    public override ServicePrice Price => new(0);

    /// <summary>What the first field asks for, in this service's words.</summary>
    protected abstract string GoalsHint { get; }

    public override IReadOnlyList<ServiceField> Fields =>
    [
        new("goals", "What you want", FieldKind.Lines, Required: true, Hint: GoalsHint, MaxLength: JobLimits.LongText),
        new("details", "Details, links and examples", FieldKind.Lines, Hint: "Anything that helps us quote and plan it.", MaxLength: 8000),
        new("timeline", "When you need it", FieldKind.Text, MaxLength: 200),
    ];

    public override ServiceCheck Check(IReadOnlyDictionary<string, string> input) => ServiceCheck.Valid();

    public override async Task<ServiceHealth> CheckHealthAsync(CancellationToken ct) =>
        await HouseOwnerAsync(ct) is null ? new ServiceHealth(false, "No house workspace owner to manage requests.") : ServiceHealth.Ok;

    public override async Task<ServiceResult> RunAsync(ServiceRunContext run, CancellationToken ct)
    {
        var manager = await HouseOwnerAsync(ct) ?? throw new ServiceRunException("Requests cannot be taken right now; nothing was charged. Please write to us.");
        var who = run.RequestedBy is { } userId
            ? await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(ct) ?? "The customer"
            : "The customer";
        var job = await jobs.CreateAsync(new NewJob(run.WorkspaceId, $"{Name} request", manager, who, "Requested from Services", Name)
        {
            Goals = run.Get("goals"),
            Requirements = run.Get("details") is { Length: > 0 } details ? details : null,
            TimelineNotes = run.Get("timeline") is { Length: > 0 } timeline ? timeline : null,
        }, ct);
        return new ServiceResult(1, $"Request sent as job “{job.Title}”: follow it under Jobs.");
    }

    private Task<Guid?> HouseOwnerAsync(CancellationToken ct) =>
        (from w in db.Workspaces
         where w.IsHouse
         join m in db.WorkspaceMembers.IgnoreQueryFilters(QueryFilters.Workspace) on w.Id equals m.WorkspaceId
         where m.Role == WorkspaceRole.Owner
         orderby m.JoinedAt
         select (Guid?)m.UserId).FirstOrDefaultAsync(ct);
}

public sealed class VideoGeneratorRequest(StreamlineDbContext db, JobService jobs) : RequestService(db, jobs)
{
    public override string Key => "video-generator";
    public override string Name => "Video Generator";
    public override string Description => "Product, explainer and social videos made by our team from your brief; you follow the work as a job.";
    protected override string GoalsHint => "The video's purpose, audience, length and where it will be shown.";
}

public sealed class WorkflowAutomationRequest(StreamlineDbContext db, JobService jobs) : RequestService(db, jobs)
{
    public override string Key => "workflow-automation";
    public override string Name => "Workflow Automation";
    public override string Description => "We automate a repetitive process across your tools (forms, CRM, e-mail, spreadsheets); you follow the work as a job.";
    protected override string GoalsHint => "The process today, step by step, and the tools it touches.";
}

public sealed class CustomIntegrationRequest(StreamlineDbContext db, JobService jobs) : RequestService(db, jobs)
{
    public override string Key => "custom-integration";
    public override string Name => "Custom Integrations";
    public override string Description => "We connect Stream-line to another system of yours through its API; you follow the work as a job.";
    protected override string GoalsHint => "The system to connect, what should flow each way, and how often.";
}
