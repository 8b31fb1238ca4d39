using System.Net;
using Microsoft.AspNetCore.Mvc;
using Streamline.Core.Billing;
using Streamline.Core.Jobs;
using Streamline.Web.Pages.Jobs;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Admin.Jobs;

/// <summary>
/// A job as the agency manages it: every section editable in place, saved on its own against the version it was
/// loaded at, the status moves, the resources with their credentials and the decisions on change requests.
/// </summary>
public class ShowModel(JobPageServices services) : JobPageModel(services)
{
    private const string Forms = "/Pages/Admin/Jobs/Sections/";

    protected override bool AsAdmin => true;
    protected override string BaseUrlFor(Guid id) => $"/admin/projects/{id}";

    /// <summary>A section's edit form, filled from the job as it is now (and so carrying its current version).</summary>
    public async Task<IActionResult> OnGetEditAsync(Guid id, string name, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var job = View.Job;
        return name switch
        {
            "basic" => Form("basic", BasicInput.From(job)),
            "business" => Form("business", BusinessInput.From(job)),
            "project" => Form("project", ProjectInput.From(job)),
            "branding" => Form("branding", BrandingInput.From(job)),
            "resources" => Form("resources", new ResourceInput { Version = job.Version }),
            "planning" => Form("planning", PlanningInput.From(job)),
            "financial" => Form("financial", FinancialInput.From(job)),
            _ => NotFound(),
        };
    }

    public Task<IActionResult> OnPostSaveBasicAsync(Guid id, [Bind(Prefix = "Input")] BasicInput input, CancellationToken ct) =>
        SaveAsync(id, "basic", input, () => input.ToInfo(), (info, c) => Services.Jobs.SaveAsync(id, input.Version, Actor, info, c), ct);

    public Task<IActionResult> OnPostSaveBusinessAsync(Guid id, [Bind(Prefix = "Input")] BusinessInput input, CancellationToken ct) =>
        SaveAsync(id, "business", input, () => input.ToInfo(ModelState), (info, c) => Services.Jobs.SaveAsync(id, input.Version, Actor, info, c), ct);

    public Task<IActionResult> OnPostSaveProjectAsync(Guid id, [Bind(Prefix = "Input")] ProjectInput input, CancellationToken ct) =>
        SaveAsync(id, "project", input, () => input.ToInfo(), (info, c) => Services.Jobs.SaveAsync(id, input.Version, Actor, info, c), ct);

    public Task<IActionResult> OnPostSaveBrandingAsync(Guid id, [Bind(Prefix = "Input")] BrandingInput input, CancellationToken ct) =>
        SaveAsync(id, "branding", input, () => input.ToInfo(), (info, c) => Services.Jobs.SaveAsync(id, input.Version, Actor, info, c), ct);

    public Task<IActionResult> OnPostSavePlanningAsync(Guid id, [Bind(Prefix = "Input")] PlanningInput input, CancellationToken ct) =>
        SaveAsync(id, "planning", input, () => input.ToInfo(), (info, c) => Services.Jobs.SaveAsync(id, input.Version, Actor, info, c), ct);

    public Task<IActionResult> OnPostSaveFinancialAsync(Guid id, [Bind(Prefix = "Input")] FinancialInput input, CancellationToken ct) =>
        SaveAsync(id, "financial", input, () => input.ToInfo(ModelState), (info, c) => Services.Jobs.SaveAsync(id, input.Version, Actor, info, c), ct);

    public Task<IActionResult> OnPostAddResourceAsync(Guid id, [Bind(Prefix = "Input")] ResourceInput input, [FromServices] JobResources resources, CancellationToken ct) =>
        SaveAsync(id, "resources", input, () => new NewResource(input.Kind, input.Label ?? "", input.Url ?? "", input.Credential),
            (info, c) => resources.AddAsync(id, input.Version, Actor, info, c), ct);

    public async Task<IActionResult> OnPostRemoveResourceAsync(Guid id, int version, Guid resourceId, [FromServices] JobResources resources, CancellationToken ct)
    {
        var result = await resources.RemoveAsync(id, version, Actor, resourceId, ct);
        if (!await LoadAsync(id, ct)) return NotFound();
        return Form("resources", new ResourceInput { Version = View.Job.Version }, result.Succeeded ? null : result.Message);
    }

    /// <summary>The clear credential, for this admin only and only on this explicit request; the reveal is logged.</summary>
    public async Task<IActionResult> OnPostRevealAsync(Guid id, Guid resourceId, [FromServices] JobResources resources, CancellationToken ct)
    {
        var secret = await resources.RevealAsync(id, resourceId, Actor, User.AuditActor(), ct);
        if (secret is null) return NotFound();
        Response.Headers.CacheControl = "no-store";
        return Content($"<code data-credential>{WebUtility.HtmlEncode(secret)}</code>", "text/html");
    }

    /// <summary>Plan with AI: the planning form filled with a drafted plan to review. Nothing is saved until the admin presses Save.</summary>
    public async Task<IActionResult> OnPostPlanAsync(Guid id, [FromServices] JobPlanner planner, CancellationToken ct)
    {
        var draft = await planner.DraftAsync(id, Actor, ct);
        if (draft.Result.Error == JobError.NotFound || !await LoadAsync(id, ct)) return NotFound();
        return draft.Result.Succeeded ? Form("planning", PlanningInput.Drafted(View.Job, draft)) : SectionPartial("planning", draft.Result.Message);
    }

    public async Task<IActionResult> OnPostStatusAsync(Guid id, JobStatus from, JobStatus to, CancellationToken ct)
    {
        var result = await Services.Jobs.MoveAsync(id, from, Actor, to, Links, ct);
        if (result.Error == JobError.NotFound || !await LoadAsync(id, ct)) return NotFound();
        return SectionPartial("header", result.Succeeded ? null : result.Message);
    }

    public async Task<IActionResult> OnGetDecideAsync(Guid id, Guid requestId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var request = View.ChangeRequests.FirstOrDefault(r => r.Id == requestId && r.Status == ChangeRequestStatus.Pending);
        return request is null ? NotFound() : Partial(Forms + "_DecisionForm.cshtml", new SectionForm<JobChangeRequest>(View, request));
    }

    public async Task<IActionResult> OnPostDecideAsync(Guid id, Guid requestId, string decision, string? addedCost, int? addedDays, string? note,
        [FromServices] JobChangeRequests changes, CancellationToken ct)
    {
        JobResult result;
        if (!string.IsNullOrWhiteSpace(addedCost) && !MoneyAmount.TryParseDollars(addedCost, out _))
            result = JobResult.Invalid("Enter the added cost in dollars, like 450 or 450.50.");
        else
        {
            MoneyAmount.TryParseDollars(addedCost, out var cents);
            result = await changes.DecideAsync(id, requestId, Actor, new ChangeDecision(decision == "approve", cents, addedDays ?? 0, note), Links, ct);
        }
        return await AfterAsync(id, "changes", result, ct);
    }

    private async Task<IActionResult> SaveAsync<TInput, TInfo>(Guid id, string section, TInput input, Func<TInfo?> convert,
        Func<TInfo, CancellationToken, Task<JobResult>> save, CancellationToken ct) where TInfo : class
    {
        var info = ModelState.IsValid ? convert() : null;
        var result = info is null ? null : await save(info, ct);
        if (result?.Error == JobError.NotFound || !await LoadAsync(id, ct)) return NotFound();
        if (result is { Succeeded: true }) return SectionPartial(section);
        // Invalid input keeps what was typed; so does a stale save, so the admin can copy it before reloading.
        if (result is { Error: JobError.Invalid, Field: { } field }) ModelState.AddModelError($"Input.{field}", result.Message!);
        return Form(section, input, result is { Error: JobError.Invalid, Field: not null } ? null : result?.Message);
    }

    private PartialViewResult Form<TInput>(string section, TInput input, string? error = null)
    {
        var name = char.ToUpperInvariant(section[0]) + section[1..];
        return Partial($"{Forms}_{name}Form.cshtml", new SectionForm<TInput>(View, input, error));
    }
}
