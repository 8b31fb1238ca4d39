using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Analytics;
using Streamline.Core.Data;
using Streamline.Core.Onboarding;
using Streamline.Core.Workspaces;
using Streamline.Web.Pages.Onboarding;

namespace Streamline.Web.Pages.App;

public class IndexModel(StreamlineDbContext db, CurrentWorkspace current, UserManager<AppUser> users, AnalyticsQuery analytics, SalesSummaryCache sales, TimeProvider clock) : PageModel
{
    private sealed record DashboardFacts(bool TwoFactorEnabled, int Members, int Pending, OnboardingStep? OnboardingStep, bool OnboardingCompleted,
        bool HasCampaign);

    public string Name { get; private set; } = "";
    public string WorkspaceName { get; private set; } = "";
    public int MemberCount { get; private set; }
    public int PendingInvitations { get; private set; }
    public int WorkspaceCount { get; private set; }
    public bool TwoFactorEnabled { get; private set; }

    /// <summary>Until onboarding is finished (skipped or not) the dashboard offers to resume it.</summary>
    public SetupCardView? Setup { get; private set; }
    public bool ProfileCompleted { get; private set; }
    public bool HasCampaign { get; private set; }

    /// <summary>The sales of the last <see cref="SalesDays"/> days and of the days before, from the analytics measures.</summary>
    public Measures? Sales { get; private set; }
    public Measures? SalesBefore { get; private set; }
    public const int SalesDays = 30;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = Guid.Parse(users.GetUserId(User)!);
        var now = clock.GetUtcNow().UtcDateTime;
        Name = User.FindFirst("streamline:name")?.Value ?? User.Identity?.Name ?? "";
        WorkspaceName = current.Active?.WorkspaceName ?? "no workspace";
        WorkspaceCount = current.Memberships.Count;
        var workspaceId = current.Active?.WorkspaceId;

        // One round trip for the whole page: it is the page every customer lands on.
        var facts = await db.Users.Where(u => u.Id == userId)
            .Select(u => new DashboardFacts(
                u.TwoFactorEnabled,
                db.WorkspaceMembers.Count(m => m.WorkspaceId == workspaceId),
                db.WorkspaceInvitations.Count(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now),
                db.BusinessProfiles.Where(p => p.WorkspaceId == workspaceId).Select(p => (OnboardingStep?)p.Step).FirstOrDefault(),
                db.BusinessProfiles.Any(p => p.WorkspaceId == workspaceId && p.CompletedAt != null),
                db.Campaigns.Any(c => c.WorkspaceId == workspaceId)))
            .SingleAsync(ct);
        TwoFactorEnabled = facts.TwoFactorEnabled;
        MemberCount = facts.Members;
        PendingInvitations = facts.Pending;
        ProfileCompleted = facts.OnboardingCompleted;
        HasCampaign = facts.HasCampaign;
        if (workspaceId is not null && !facts.OnboardingCompleted)
            Setup = new SetupCardView(facts.OnboardingStep ?? OnboardingStep.Business);
        if (workspaceId is not null)
        {
            var summary = await sales.GetAsync(analytics, workspaceId.Value, SalesDays, ct);
            Sales = summary.Current;
            SalesBefore = summary.Before;
        }
    }
}
