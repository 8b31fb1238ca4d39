using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Campaigns;
using Streamline.Core.Data;
using Streamline.Core.Knowledge;
using Streamline.Core.Onboarding;
using Streamline.Core.Workspaces;
using Streamline.Web.Pages.Knowledge;

namespace Streamline.Web.Pages.Onboarding;

/// <summary>
/// The onboarding wizard, also the business profile editor once finished. Every member of the workspace
/// may fill it in: in a small business whoever is at hand helps set up. Each step is saved when it is
/// left (Next or Back); htmx swaps the whole wizard card, a plain form post redirects to the step's URL.
/// </summary>
public class IndexModel(StreamlineDbContext db, OnboardingService onboarding, CurrentWorkspace current, IOptions<KnowledgeOptions> knowledge) : PageModel
{
    public sealed record DocumentRow(string FileName, DocumentStatus Status, string? FailureReason);
    public sealed record CampaignRow(Guid Id, string Name, CampaignStatus Status);

    public BusinessInput Business { get; private set; } = new();
    public GoalsInput Goals { get; private set; } = new();
    public OnboardingStep Current { get; private set; }

    /// <summary>The furthest step reached; every step up to it can be opened. All of them once finished.</summary>
    public OnboardingStep Furthest { get; private set; }

    public bool Completed { get; private set; }
    public List<DocumentRow> Documents { get; private set; } = [];

    /// <summary>The workspace's campaigns, most recently changed first: the last step says what is already live.</summary>
    public List<CampaignRow> Campaigns { get; private set; } = [];

    /// <summary>The knowledge page's own upload form, coming back to this step after each upload.</summary>
    public UploadFormView UploadForm => new(knowledge.Value, "/onboarding?step=3");

    public int StepNumber => OnboardingSteps.Number(Current);
    public bool CanOpen(OnboardingStep step) => Completed || step <= Furthest;

    public async Task<IActionResult> OnGetAsync(int? step, CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        var profile = await LoadAsync(ct);
        var wanted = step is { } n ? OnboardingSteps.FromNumber(n) : Completed ? OnboardingStep.Business : Furthest;
        Current = CanOpen(wanted) ? wanted : Furthest;
        Fill(profile);
        return await ShowAsync(pushUrl: false, ct);
    }

    public async Task<IActionResult> OnPostBusinessAsync([Bind(Prefix = nameof(Business))] BusinessInput business, WizardMove go, CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        Business = business;
        var profile = await LoadAsync(ct);
        Fill(profile, business: false);
        Current = OnboardingStep.Business;
        if (!ModelState.IsValid) return await RefuseAsync(go, ct);

        var errors = await onboarding.SaveBusinessAsync(current.Id, business.ToDetails(), Reached(go), ct);
        foreach (var (field, message) in errors) ModelState.AddModelError($"{nameof(Business)}.{field}", message);
        if (errors.Count > 0) return await RefuseAsync(go, ct);
        return await MoveAsync(go, ct);
    }

    public async Task<IActionResult> OnPostGoalsAsync([Bind(Prefix = nameof(Goals))] GoalsInput goals, WizardMove go, CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        Goals = goals;
        var profile = await LoadAsync(ct);
        Fill(profile, goals: false);
        Current = OnboardingStep.Goals;
        if (!CanOpen(Current)) return await ShowAsync(pushUrl: false, ct, Furthest);
        if (!ModelState.IsValid) return await RefuseAsync(go, ct);

        await onboarding.SaveGoalsAsync(current.Id, new GoalsDetails(goals.Goals, goals.TargetAudience), Reached(go), ct);
        return await MoveAsync(go, ct);
    }

    /// <summary>The documents and campaign steps have no fields: leaving them only records how far the owner got.</summary>
    public async Task<IActionResult> OnPostLeaveAsync(int step, WizardMove go, CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        var profile = await LoadAsync(ct);
        Fill(profile);
        Current = OnboardingSteps.FromNumber(step);
        if (Current < OnboardingStep.Documents || !CanOpen(Current)) return await ShowAsync(pushUrl: false, ct, Furthest);
        await onboarding.ReachAsync(current.Id, Reached(go), ct);
        return await MoveAsync(go, ct);
    }

    public async Task<IActionResult> OnPostSkipAsync(CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        await onboarding.SkipAsync(current.Id, ct);
        return Redirect("/app");
    }

    public async Task<IActionResult> OnPostFinishAsync(CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        var profile = await onboarding.FindAsync(current.Id, ct);
        // Finishing is the last step's button: a profile that never got that far has nothing to finish.
        if (profile is null || (profile.Step < OnboardingStep.Campaign && profile.CompletedAt is null))
            return RedirectToPage();
        await onboarding.FinishAsync(current.Id, ct);
        return Redirect("/app");
    }

    /// <summary>Done is reached only through Finish, never by moving past the last step.</summary>
    private OnboardingStep Reached(WizardMove go) =>
        go == WizardMove.Next && Current < OnboardingStep.Campaign ? Current + 1 : Current;

    /// <summary>An invalid step is never saved, and never left either: leaving would lose what was typed.</summary>
    private Task<IActionResult> RefuseAsync(WizardMove go, CancellationToken ct)
    {
        if (go == WizardMove.Back)
            ModelState.AddModelError("", "Fix the fields below before going back, so nothing you typed here is lost.");
        return ShowAsync(pushUrl: false, ct);
    }

    private async Task<IActionResult> MoveAsync(WizardMove go, CancellationToken ct)
    {
        var next = go == WizardMove.Next ? Reached(go) : Current == OnboardingStep.Business ? Current : Current - 1;
        ModelState.Clear();
        var profile = await LoadAsync(ct);
        Fill(profile);
        Current = next;
        return await ShowAsync(pushUrl: true, ct);
    }

    private async Task<IActionResult> ShowAsync(bool pushUrl, CancellationToken ct, OnboardingStep? instead = null)
    {
        if (instead is { } step)
        {
            ModelState.Clear();
            Current = step;
        }
        if (Current == OnboardingStep.Documents)
        {
            Documents = await db.KnowledgeDocuments.OrderBy(d => d.UploadedAt).Take(50)
                .Select(d => new DocumentRow(d.FileName, d.Status, d.FailureReason)).ToListAsync(ct);
        }
        if (Current == OnboardingStep.Campaign)
        {
            Campaigns = await db.Campaigns.OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id).Take(20)
                .Select(c => new CampaignRow(c.Id, c.Name, c.Status)).ToListAsync(ct);
        }
        var url = $"/onboarding?step={StepNumber}";
        // One URL answers with the page or the wizard fragment: caches must tell them apart.
        Response.Htmx(h => h.WithVary());
        if (!Request.IsHtmx())
            return Request.Method == HttpMethods.Post && ModelState.IsValid ? Redirect(url) : Page();
        if (pushUrl) Response.Htmx(h => h.PushUrl(url));
        return Partial("_Wizard", this);
    }

    private async Task<BusinessProfile?> LoadAsync(CancellationToken ct)
    {
        var profile = await onboarding.FindAsync(current.Id, ct);
        Completed = profile?.CompletedAt is not null;
        Furthest = profile is null ? OnboardingStep.Business : profile.Step == OnboardingStep.Done ? OnboardingStep.Campaign : profile.Step;
        return profile;
    }

    /// <summary>What is saved, or for a new profile the names we already know (workspace, signed-in user).</summary>
    private void Fill(BusinessProfile? profile, bool business = true, bool goals = true)
    {
        if (business)
        {
            Business = new BusinessInput
            {
                BusinessName = profile?.BusinessName ?? current.Active?.WorkspaceName ?? "",
                OwnerName = profile?.OwnerName ?? User.FindFirst("streamline:name")?.Value ?? "",
                Industry = profile?.Industry ?? "",
                Description = profile?.Description ?? "",
                Website = profile?.Website,
                Phone = BusinessPhone.Display(profile?.Phone),
            };
        }
        if (goals) Goals = new GoalsInput { Goals = profile?.Goals ?? "", TargetAudience = profile?.TargetAudience ?? "" };
    }
}
