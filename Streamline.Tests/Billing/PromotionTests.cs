using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Billing;

/// <summary>
/// Promotion codes at checkout: what they change in the price Stripe is asked for and in the credits
/// granted, which codes are refused and why, and that their limits hold under concurrency.
/// </summary>
public abstract class PromotionTests<TApp>(TApp app) where TApp : StripeBillingApp
{
    [Fact]
    public async Task A_percent_off_code_lowers_the_price_Stripe_is_asked_to_charge()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);
        var promotion = await InsertPromotionAsync(p => p.PercentOff = 15);

        // Typed in lower case with spaces around it, as people do.
        (await BuyAsync(client, "pack-550", $"  {promotion.Code.ToLowerInvariant()} ")).EnsureRedirect("https://checkout.stripe.test/");

        Assert.Equal("3825", Assert.Single(app.CheckoutRequests(workspaceId))["line_items[0][price_data][unit_amount]"]);
        var checkout = Assert.Single(await app.CheckoutsAsync(workspaceId));
        Assert.Equal(4_500, checkout.ListPriceCents);
        Assert.Equal(3_825, checkout.AmountCents);
        Assert.Equal(promotion.Id, checkout.PromotionId);
        Assert.Equal(550_000, checkout.CreditsMillicredits);
    }

    [Fact]
    public async Task Bonus_credits_are_granted_once_with_the_paid_purchase_and_the_redemption_becomes_redeemed()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);
        var promotion = await InsertPromotionAsync(p => p.BonusMillicredits = 25_000);

        (await BuyAsync(client, "pack-100", promotion.Code)).EnsureRedirect("https://checkout.stripe.test/");
        // A bonus does not change the price.
        Assert.Equal("1000", Assert.Single(app.CheckoutRequests(workspaceId))["line_items[0][price_data][unit_amount]"]);
        var checkout = Assert.Single(await app.CheckoutsAsync(workspaceId));
        var pending = await RedemptionsAsync(promotion.Id);
        Assert.Equal(RedemptionStatus.Pending, Assert.Single(pending).Status);

        var customerId = $"cus_test_{workspaceId:N}";
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.DeliverPaidAsync(checkout, customerId)));
        await app.DrainEventsAsync();

        Assert.Equal(125_000, await app.BalanceAsync(workspaceId));
        await using var db = app.Database.NewContext();
        var ledger = await db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace).Where(e => e.WorkspaceId == workspaceId).ToListAsync();
        Assert.Equal(100_000, Assert.Single(ledger, e => e.Type == LedgerEntryType.Purchase).AmountMillicredits);
        Assert.Equal(25_000, Assert.Single(ledger, e => e.Type == LedgerEntryType.PromotionBonus).AmountMillicredits);
        Assert.Equal(2, ledger.Count);
        var redemption = Assert.Single(await RedemptionsAsync(promotion.Id));
        Assert.Equal(RedemptionStatus.Redeemed, redemption.Status);
        Assert.NotNull(redemption.RedeemedAt);
        Assert.Equal(checkout.Id, redemption.CheckoutSessionId);
        Assert.Equal(1, (await db.Promotions.AsNoTracking().SingleAsync(p => p.Id == promotion.Id)).RedemptionCount);
    }

    [Fact]
    public async Task Unknown_inactive_not_yet_started_and_expired_codes_are_refused_with_a_reason_and_start_no_checkout()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);
        var now = DateTime.UtcNow;
        var inactive = await InsertPromotionAsync(p => { p.PercentOff = 10; p.IsActive = false; });
        var future = await InsertPromotionAsync(p => { p.PercentOff = 10; p.StartsAt = new DateTime(now.Year + 1, 6, 1, 0, 0, 0, DateTimeKind.Utc); });
        var expired = await InsertPromotionAsync(p => { p.PercentOff = 10; p.StartsAt = now.AddDays(-30); p.EndsAt = now.AddMinutes(-1); });
        var used = await InsertPromotionAsync(p => { p.BonusMillicredits = 1_000; p.MaxRedemptions = 3; p.RedemptionCount = 3; });

        var cases = new (string Code, string Message)[]
        {
            ("NO-SUCH-CODE", "That promotion code is not valid."),
            (inactive.Code, "That promotion code is not valid."),
            (future.Code, $"That promotion code starts on 1 Jun {now.Year + 1}."),
            (expired.Code, "That promotion code has expired."),
            (used.Code, "That promotion code has been fully redeemed."),
        };
        foreach (var (code, message) in cases)
        {
            var response = await BuyAsync(client, "pack-100", code);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(message, (await AppClient.ParseAsync(response)).QuerySelector("#promotion-error")!.TextContent.Trim());
        }
        Assert.Empty(app.CheckoutRequests(workspaceId));
        Assert.Empty(await app.CheckoutsAsync(workspaceId));
    }

    [Fact]
    public async Task A_percent_off_code_is_refused_for_a_subscription()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);
        var promotion = await InsertPromotionAsync(p => p.PercentOff = 20);

        var response = await BuyAsync(client, "starter", promotion.Code);

        Assert.Equal("That promotion code applies to credit packs only.",
            (await AppClient.ParseAsync(response)).QuerySelector("#promotion-error")!.TextContent.Trim());
        Assert.Empty(app.CheckoutRequests(workspaceId));
        Assert.Empty(await app.CheckoutsAsync(workspaceId));
        Assert.Empty(await RedemptionsAsync(promotion.Id));
    }

    [Fact]
    public async Task Twenty_workspaces_racing_for_a_code_limited_to_five_start_exactly_five_checkouts()
    {
        var promotion = await InsertPromotionAsync(p => { p.BonusMillicredits = 5_000; p.MaxRedemptions = 5; p.MaxRedemptionsPerWorkspace = 1; });
        var workspaces = await NewWorkspacesAsync(20);

        var results = await Task.WhenAll(workspaces.Select(w => Task.Run(() => StartAsync(w, "pack-100", promotion.Code))));

        Assert.Equal(5, results.Count(r => r.Url is not null));
        Assert.All(results.Where(r => r.Url is null), r => Assert.Equal("That promotion code has been fully redeemed.", r.Error));
        Assert.Equal(5, workspaces.Sum(w => app.CheckoutRequests(w).Count));
        await using var db = app.Database.NewContext();
        Assert.Equal(5, (await db.Promotions.AsNoTracking().SingleAsync(p => p.Id == promotion.Id)).RedemptionCount);
        Assert.Equal(5, (await RedemptionsAsync(promotion.Id)).Select(r => r.WorkspaceId).Distinct().Count());
        Assert.Equal(5, await db.CheckoutSessions.IgnoreQueryFilters(QueryFilters.Workspace).CountAsync(c => c.PromotionId == promotion.Id));
    }

    [Fact]
    public async Task Ten_concurrent_checkouts_of_one_workspace_with_a_once_per_workspace_code_start_exactly_one()
    {
        var promotion = await InsertPromotionAsync(p => { p.PercentOff = 10; p.MaxRedemptionsPerWorkspace = 1; });
        var workspace = (await NewWorkspacesAsync(1))[0];

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => StartAsync(workspace, "pack-100", promotion.Code))));

        Assert.Equal(1, results.Count(r => r.Url is not null));
        Assert.All(results.Where(r => r.Url is null), r => Assert.Equal("Your workspace has already used that promotion code.", r.Error));
        Assert.Equal("900", Assert.Single(app.CheckoutRequests(workspace))["line_items[0][price_data][unit_amount]"]);
        await using var db = app.Database.NewContext();
        Assert.Equal(1, (await db.Promotions.AsNoTracking().SingleAsync(p => p.Id == promotion.Id)).RedemptionCount);
        Assert.Single(await RedemptionsAsync(promotion.Id));
        Assert.Single(await app.CheckoutsAsync(workspace));
    }

    [Fact]
    public async Task An_expired_checkout_releases_its_claim_so_the_code_can_be_used_again()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);
        var promotion = await InsertPromotionAsync(p => { p.PercentOff = 15; p.MaxRedemptions = 1; });

        (await BuyAsync(client, "pack-550", promotion.Code)).EnsureRedirect("https://checkout.stripe.test/");
        var abandoned = Assert.Single(await app.CheckoutsAsync(workspaceId));
        // While that checkout is open the only redemption is taken.
        var (other, _) = await AppClient.SignedInUserAsync(app);
        Assert.Contains("fully redeemed", (await AppClient.ParseAsync(await BuyAsync(other, "pack-550", promotion.Code)))
            .QuerySelector("#promotion-error")!.TextContent);

        // 24 hours later Stripe expires the unpaid session; the event may come twice.
        (await app.DeliverExpiredAsync(abandoned)).EnsureSuccessStatusCode();
        (await app.DeliverExpiredAsync(abandoned)).EnsureSuccessStatusCode();
        await app.DrainEventsAsync();

        await using (var db = app.Database.NewContext())
        {
            Assert.Equal(0, (await db.Promotions.AsNoTracking().SingleAsync(p => p.Id == promotion.Id)).RedemptionCount);
            Assert.Empty(await RedemptionsAsync(promotion.Id));
            Assert.Equal(CheckoutStatus.Expired, (await db.CheckoutSessions.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(c => c.Id == abandoned.Id)).Status);
        }
        (await BuyAsync(client, "pack-550", promotion.Code)).EnsureRedirect("https://checkout.stripe.test/");
        Assert.Equal("3825", app.CheckoutRequests(workspaceId)[^1]["line_items[0][price_data][unit_amount]"]);

        // The paid session of an expired checkout (Stripe never sends it, but a forged or replayed one might) grants nothing.
        (await app.DeliverPaidAsync(abandoned, $"cus_test_{workspaceId:N}")).EnsureSuccessStatusCode();
        await app.DrainEventsAsync();
        Assert.Equal(0, await app.BalanceAsync(workspaceId));
    }

    [Fact]
    public async Task A_released_claim_frees_its_place_within_a_per_workspace_limit_above_one()
    {
        var promotion = await InsertPromotionAsync(p => { p.BonusMillicredits = 1_000; p.MaxRedemptionsPerWorkspace = 2; });
        var workspace = (await NewWorkspacesAsync(1))[0];

        Assert.NotNull((await StartAsync(workspace, "pack-100", promotion.Code)).Url);
        Assert.NotNull((await StartAsync(workspace, "pack-100", promotion.Code)).Url);
        Assert.Equal("Your workspace has already used that promotion code.", (await StartAsync(workspace, "pack-100", promotion.Code)).Error);

        // The first of the two is abandoned: one use is left.
        var first = (await app.CheckoutsAsync(workspace))[0];
        (await app.DeliverExpiredAsync(first)).EnsureSuccessStatusCode();
        await app.DrainEventsAsync();

        Assert.NotNull((await StartAsync(workspace, "pack-100", promotion.Code)).Url);
        Assert.Equal("Your workspace has already used that promotion code.", (await StartAsync(workspace, "pack-100", promotion.Code)).Error);
        Assert.Equal(2, (await RedemptionsAsync(promotion.Id)).Count);
    }

    private async Task<Promotion> InsertPromotionAsync(Action<Promotion> configure)
    {
        var promotion = new Promotion { Code = $"TEST{Guid.NewGuid():N}"[..16].ToUpperInvariant(), CreatedAt = DateTime.UtcNow };
        configure(promotion);
        return await app.InsertAsync(promotion);
    }

    private async Task<List<PromotionRedemption>> RedemptionsAsync(Guid promotionId)
    {
        await using var db = app.Database.NewContext();
        return await db.PromotionRedemptions.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().Where(r => r.PromotionId == promotionId).ToListAsync();
    }

    private async Task<List<Guid>> NewWorkspacesAsync(int count)
    {
        await using var db = app.Database.NewContext();
        var workspaces = Enumerable.Range(0, count).Select(i => new Workspace { Name = $"Racer {i}", CreatedAt = DateTime.UtcNow }).ToList();
        db.Workspaces.AddRange(workspaces);
        await db.SaveChangesAsync();
        return workspaces.Select(w => w.Id).ToList();
    }

    /// <summary>The checkout as the Buy handler starts it, in a scope of its own like a request.</summary>
    private Task<CheckoutStart> StartAsync(Guid workspaceId, string packageCode, string promotionCode) =>
        app.WithScopeAsync(services => services.GetRequiredService<CheckoutService>().StartAsync(
            new CheckoutRequest(workspaceId, Guid.NewGuid(), "racer@example.test", packageCode, promotionCode, "https://localhost"),
            CancellationToken.None));

    private static Task<HttpResponseMessage> BuyAsync(AppClient client, string code, string promotionCode) =>
        client.PostFormAsync("/credits", new Dictionary<string, string> { ["code"] = code, ["PromotionCode"] = promotionCode },
            "/credits?handler=Buy");
}

public sealed class PromotionTestsOnSqlite(StripeBillingSqliteApp app)
    : PromotionTests<StripeBillingSqliteApp>(app), IClassFixture<StripeBillingSqliteApp>;

public sealed class PromotionTestsOnPostgres(StripeBillingPostgresApp app)
    : PromotionTests<StripeBillingPostgresApp>(app), IClassFixture<StripeBillingPostgresApp>;
