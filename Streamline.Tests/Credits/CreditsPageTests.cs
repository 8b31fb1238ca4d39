using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Credits;

/// <summary>The owner's Credits page (/credits) and the sandbox billing portal it links to.</summary>
public abstract class CreditsPageTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : StreamlineApp
{
    private const long Credit = 1_000;
    private static readonly string[] Workspace = [StreamlineDbContext.WorkspaceFilter];

    [Fact]
    public async Task A_threshold_saved_above_the_balance_alerts_the_owner_once_and_the_next_crossing_alerts_again()
    {
        var (client, email, workspace) = await OwnerAsync();
        await GrantAsync(workspace, 40 * Credit);

        var page = await SetThresholdAsync(client, "50");

        Assert.Equal("The balance is already below 50 credits: the owners have been e-mailed, and will be again after it has been back above.",
            page.QuerySelector("main .alert-info")!.TextContent.Trim());
        var mail = Assert.Single(await LowBalanceMailsAsync(email));
        Assert.Contains("dropped to 40 credits, below your alert threshold of 50 credits", mail.TextBody);

        // Still the same crossing: raising the threshold again does not mail twice.
        await SetThresholdAsync(client, "60");
        Assert.Single(await LowBalanceMailsAsync(email));

        // Back above, then a threshold equal to the balance: not below it, so no mail until a debit crosses it.
        await GrantAsync(workspace, 30 * Credit);
        Assert.Contains("We will e-mail the owners when the balance drops below 70 credits.",
            (await SetThresholdAsync(client, "70")).QuerySelector("main .alert-info")!.TextContent);
        Assert.Single(await LowBalanceMailsAsync(email));
        await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>()
            .SpendAsync(workspace, 500, LedgerEntryType.Consumption, "a run", Key(), null, null));
        Assert.Equal(2, (await LowBalanceMailsAsync(email)).Count);
    }

    [Fact]
    public async Task The_balance_reads_as_credits_without_trailing_zeros()
    {
        var (client, _, workspace) = await OwnerAsync();
        await GrantAsync(workspace, 1_250_500);

        var page = await client.GetDocumentAsync("/credits");

        Assert.Equal("1,250.5 credits", page.QuerySelector("[data-testid=balance]")!.TextContent);
    }

    [Fact]
    public async Task The_sandbox_portal_names_the_running_plan_even_when_an_ended_one_changed_later()
    {
        var (client, _, workspace) = await OwnerAsync();
        var day = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var db = app.Database.NewContext())
        {
            db.BillingSubscriptions.AddRange(
                new BillingSubscription
                {
                    WorkspaceId = workspace, StripeSubscriptionId = $"sub_sandbox_{Guid.NewGuid():N}", PackageCode = "professional",
                    Status = "active", IsSandbox = true, CreatedAt = day, UpdatedAt = day,
                },
                new BillingSubscription
                {
                    WorkspaceId = workspace, StripeSubscriptionId = $"sub_sandbox_{Guid.NewGuid():N}", PackageCode = "starter",
                    Status = "canceled", IsSandbox = true, CreatedAt = day, UpdatedAt = day.AddDays(3),
                });
            await db.SaveChangesAsync();
        }

        var portal = await client.GetDocumentAsync("/billing/sandbox/portal");

        Assert.Equal("Your plan: Professional", portal.QuerySelector("[data-testid=plan]")!.TextContent);
        var switches = portal.QuerySelectorAll("button[name=code]").Select(b => b.TextContent.Trim()).ToList();
        Assert.Equal(["Switch to Starter", "Switch to Enterprise"], switches);
    }

    private async Task<(AppClient Client, string Email, Guid Workspace)> OwnerAsync()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        await using var db = app.Database.NewContext();
        var workspace = await db.Users.Where(u => u.Email == email)
            .Join(db.WorkspaceMembers.IgnoreQueryFilters(QueryFilters.Workspace), u => u.Id, m => m.UserId, (_, m) => m.WorkspaceId).SingleAsync();
        return (client, email, workspace);
    }

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> SetThresholdAsync(AppClient client, string credits)
    {
        (await client.PostFormAsync("/credits", new Dictionary<string, string> { ["ThresholdCredits"] = credits }, "/credits?handler=Threshold"))
            .EnsureRedirect("/credits");
        return await client.GetDocumentAsync("/credits");
    }

    private Task GrantAsync(Guid workspace, long millicredits) => app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>()
        .GrantAsync(workspace, millicredits, LedgerEntryType.AdminGrant, "arrange", Key(), null, null));

    private async Task<List<Core.Email.EmailMessage>> LowBalanceMailsAsync(string to)
    {
        await using var db = app.Database.NewContext();
        return await db.EmailMessages.Where(m => m.Template == "low-balance" && m.To == to).ToListAsync();
    }

    private static string Key() => $"test:{Guid.NewGuid():N}";
}

public sealed class CreditsPageTestsOnSqlite(SqliteApp app) : CreditsPageTests<SqliteApp>(app);

public sealed class CreditsPageTestsOnPostgres(PostgresApp app) : CreditsPageTests<PostgresApp>(app);
