using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Billing;

/// <summary>A pack bought end to end in sandbox mode: checkout page, signed event, webhook, job, ledger, receipt.</summary>
public abstract class SandboxPurchaseTests<TApp>(TApp app) where TApp : SandboxBillingApp
{
    [Fact]
    public async Task Buying_a_pack_in_the_sandbox_credits_it_once_and_the_success_page_shows_the_balance()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);

        var buy = (await client.PostFormAsync("/credits", new Dictionary<string, string> { ["code"] = "pack-100" }, "/credits?handler=Buy"))
            .EnsureRedirect("https://localhost/billing/sandbox/cs_sandbox_");
        var checkoutPath = AppClient.PathOf(buy.Headers.Location!.OriginalString);
        var checkoutPage = await client.GetDocumentAsync(checkoutPath);
        Assert.Contains("Sandbox checkout", checkoutPage.Body!.TextContent);
        Assert.Contains("$10.00", checkoutPage.QuerySelector("[data-testid=amount]")!.TextContent);

        // Pay twice from the same page, as a double click would (the page is not loaded again in between: once the first
        // payment's event is handled it no longer offers to pay). However the two race, the payment credits once.
        var token = checkoutPage.QuerySelector("meta[name=csrf-token]")!.GetAttribute("content")!;
        Task<HttpResponseMessage> PayAsync() => client.Http.PostAsync(checkoutPath + "?handler=Pay",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        var paid = (await PayAsync()).EnsureRedirect("/credits/success?session_id=cs_sandbox_");
        (await PayAsync()).EnsureRedirect("/credits/success?session_id=cs_sandbox_");
        await app.DrainEventsAsync();

        var success = await client.GetDocumentAsync(paid.Headers.Location!.OriginalString);
        Assert.Contains("Payment received", success.QuerySelector("#checkout-status")!.TextContent);
        Assert.Equal("100 credits", success.QuerySelector("[data-testid=balance]")!.TextContent);
        Assert.Equal(100_000, await app.BalanceAsync(workspaceId));

        await using var db = app.Database.NewContext();
        var ledger = await db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace).Where(e => e.WorkspaceId == workspaceId).ToListAsync();
        Assert.Equal(LedgerEntryType.Purchase, Assert.Single(ledger).Type);
        var payment = await db.Payments.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(p => p.WorkspaceId == workspaceId);
        Assert.Equal(1_000, payment.AmountCents);
        Assert.StartsWith("pi_sandbox_", payment.PaymentIntentId);
        Assert.Single(await db.EmailMessages.Where(m => m.To == email && m.Template == "purchase-receipt").ToListAsync());
    }

    [Fact]
    public async Task The_success_page_waits_politely_until_the_webhook_is_applied()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var buy = (await client.PostFormAsync("/credits", new Dictionary<string, string> { ["code"] = "pack-550" }, "/credits?handler=Buy"))
            .EnsureRedirect();
        var sessionId = buy.Headers.Location!.Segments.Last();

        var waiting = await client.GetDocumentAsync($"/credits/success?session_id={sessionId}");
        var status = waiting.QuerySelector("#checkout-status")!;
        Assert.Contains("Confirming your payment", status.TextContent);
        Assert.Equal("every 2s", status.GetAttribute("hx-trigger"));

        // Another workspace cannot look at this checkout, not even through the polling fragment.
        var (stranger, _) = await AppClient.SignedInUserAsync(app);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/credits/success?session_id={sessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await stranger.Http.GetAsync($"/credits/success?handler=Status&session_id={sessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/billing/sandbox/{sessionId}")).StatusCode);
        Assert.Equal(0, await app.BalanceAsync(await app.WorkspaceOfAsync(email)));
    }

    [Fact]
    public async Task Cancelling_the_sandbox_checkout_charges_nothing_and_says_so()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var buy = (await client.PostFormAsync("/credits", new Dictionary<string, string> { ["code"] = "pack-100" }, "/credits?handler=Buy"))
            .EnsureRedirect();
        var checkoutPath = AppClient.PathOf(buy.Headers.Location!.OriginalString);
        (await client.PostFormAsync(checkoutPath, new Dictionary<string, string>(), checkoutPath + "?handler=Cancel")).EnsureRedirect("/credits?cancelled=true");
        await app.DrainEventsAsync();

        Assert.Contains("nothing was charged", (await client.GetDocumentAsync("/credits?cancelled=true")).Body!.TextContent);
        await using var db = app.Database.NewContext();
        var workspaceId = await app.WorkspaceOfAsync(email);
        Assert.Equal(CheckoutStatus.Expired, (await db.CheckoutSessions.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(c => c.WorkspaceId == workspaceId)).Status);
        Assert.Equal(0, await app.BalanceAsync(workspaceId));
    }

    [Fact]
    public async Task Bad_signature_stale_timestamp_and_malformed_bodies_get_400_and_store_nothing()
    {
        await using var db = app.Database.NewContext();
        var before = await db.StripeEvents.CountAsync();
        var body = """{"id":"evt_attack_1","object":"event","type":"checkout.session.completed","created":1700000000,"data":{"object":{"id":"cs_x","object":"checkout.session"}}}""";

        var forged = await app.DeliverAsync(body, BillingApp.Sign(body, secret: "whsec_someone_else"));
        var stale = await app.DeliverAsync(body, BillingApp.Sign(body, DateTimeOffset.UtcNow.AddMinutes(-6)));
        var unsigned = await app.DeliverAsync(body, "");
        var tampered = await app.DeliverAsync(body.Replace("cs_x", "cs_y"), BillingApp.Sign(body));
        var notJson = await app.DeliverAsync("{not json");
        var noId = await app.DeliverAsync("""{"object":"event","type":"x","created":1,"data":{"object":{}}}""");
        var array = await app.DeliverAsync("[1,2,3]");

        foreach (var response in new[] { forged, stale, unsigned, tampered, notJson, noId, array })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(before, await db.StripeEvents.CountAsync());
    }
}

public sealed class SandboxPurchaseTestsOnSqlite(SandboxBillingSqliteApp app)
    : SandboxPurchaseTests<SandboxBillingSqliteApp>(app), IClassFixture<SandboxBillingSqliteApp>;

public sealed class SandboxPurchaseTestsOnPostgres(SandboxBillingPostgresApp app)
    : SandboxPurchaseTests<SandboxBillingPostgresApp>(app), IClassFixture<SandboxBillingPostgresApp>;
