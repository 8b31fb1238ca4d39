using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Tests.Support;
using Stripe;

namespace Streamline.Tests.Billing;

/// <summary>
/// What Stripe.net sends to Stripe for each thing a customer does on the Credits page, received by a
/// local server that answers like Stripe, and what the app does with Stripe's answers and events.
/// </summary>
public sealed class StripeCheckoutTests(StripeBillingSqliteApp app) : IClassFixture<StripeBillingSqliteApp>
{
    [Fact]
    public async Task Buying_a_pack_sends_a_payment_checkout_for_the_pack_with_the_workspace_in_metadata_and_the_paid_session_credits_it_once()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);

        var buy = (await BuyAsync(client, "pack-550")).EnsureRedirect("https://checkout.stripe.test/c/pay/cs_test_");
        var checkout = Assert.Single(await app.CheckoutsAsync(workspaceId));
        Assert.Equal($"https://checkout.stripe.test/c/pay/{checkout.ExternalId}", buy.Headers.Location!.OriginalString);
        Assert.Equal(CheckoutStatus.Open, checkout.Status);
        Assert.True(checkout.ExpiresAt > DateTime.UtcNow.AddHours(23), "the session's expiry is Stripe's, not the sandbox's 30 minutes");

        var sent = Assert.Single(app.CheckoutRequests(workspaceId));
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/v1/checkout/sessions", sent.PathAndQuery);
        Assert.Equal($"Bearer {StripeBillingApp.SecretKey}", sent.Header("Authorization"));
        Assert.Equal(StripeConfiguration.ApiVersion, sent.Header("Stripe-Version"));
        Assert.Equal($"checkout:{checkout.Id}", sent.Header("Idempotency-Key"));
        Assert.StartsWith("application/x-www-form-urlencoded", sent.Header("Content-Type"));

        Assert.Equal("payment", sent["mode"]);
        Assert.Equal("1", sent["line_items[0][quantity]"]);
        Assert.Equal("4500", sent["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("usd", sent["line_items[0][price_data][currency]"]);
        Assert.Equal("550 credits", sent["line_items[0][price_data][product_data][name]"]);
        Assert.DoesNotContain(sent.Form.Keys, k => k.StartsWith("line_items[1]", StringComparison.Ordinal) || k.Contains("[recurring]"));
        Assert.Equal(workspaceId.ToString(), sent["metadata[workspace_id]"]);
        Assert.Equal(checkout.Id.ToString(), sent["metadata[checkout_id]"]);
        Assert.Equal("pack-550", sent["metadata[package_code]"]);
        // Refunds and disputes arrive on the charge: the payment intent needs the workspace too.
        Assert.Equal(workspaceId.ToString(), sent["payment_intent_data[metadata][workspace_id]"]);
        Assert.DoesNotContain(sent.Form.Keys, k => k.StartsWith("subscription_data", StringComparison.Ordinal));
        Assert.Equal(checkout.Id.ToString(), sent["client_reference_id"]);
        Assert.Equal("https://localhost/credits/success?session_id={CHECKOUT_SESSION_ID}", sent["success_url"]);
        // No customer yet: Stripe creates one from the buyer's address.
        Assert.Equal(email, sent["customer_email"]);
        Assert.Equal("always", sent["customer_creation"]);
        Assert.False(sent.Form.ContainsKey("customer"));

        // Stripe sends the customer back here on Cancel: the page must say nothing was charged.
        Assert.StartsWith("https://localhost/credits?", sent["cancel_url"]);
        Assert.Contains("nothing was charged", (await client.GetDocumentAsync(AppClient.PathOf(sent["cancel_url"]))).Body!.TextContent);

        // Back on the success page before the webhook: it waits.
        var successPath = sent["success_url"].Replace("https://localhost", "").Replace("{CHECKOUT_SESSION_ID}", checkout.ExternalId);
        Assert.Contains("Confirming your payment", (await client.GetDocumentAsync(successPath)).QuerySelector("#checkout-status")!.TextContent);

        // Stripe delivers the completed session at least once, here twice at the same moment.
        var customerId = $"cus_test_{workspaceId:N}";
        var deliveries = await Task.WhenAll(app.DeliverPaidAsync(checkout, customerId), app.DeliverPaidAsync(checkout, customerId));
        Assert.All(deliveries, d => Assert.Equal(HttpStatusCode.OK, d.StatusCode));
        await app.DrainEventsAsync();

        Assert.Equal(550_000, await app.BalanceAsync(workspaceId));
        Assert.Contains("Payment received", (await client.GetDocumentAsync(successPath)).QuerySelector("#checkout-status")!.TextContent);
        await using (var db = app.Database.NewContext())
        {
            var ledger = await db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace).Where(e => e.WorkspaceId == workspaceId).ToListAsync();
            Assert.Equal(LedgerEntryType.Purchase, Assert.Single(ledger).Type);
            var payment = await db.Payments.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(p => p.WorkspaceId == workspaceId);
            Assert.Equal(checkout.ExternalId, payment.StripeObjectId);
            Assert.Equal($"pi_test_{checkout.Id:N}", payment.PaymentIntentId);
            Assert.Equal(4_500, payment.AmountCents);
            Assert.False(payment.IsSandbox);
            Assert.Equal(customerId, (await db.BillingCustomers.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(c => c.WorkspaceId == workspaceId)).StripeCustomerId);
            Assert.Equal(CheckoutStatus.Completed, (await db.CheckoutSessions.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(c => c.Id == checkout.Id)).Status);
        }

        // The next purchase names the customer Stripe created instead of an e-mail address.
        (await BuyAsync(client, "pack-100")).EnsureRedirect("https://checkout.stripe.test/c/pay/cs_test_");
        var second = app.CheckoutRequests(workspaceId)[1];
        Assert.Equal(customerId, second["customer"]);
        Assert.False(second.Form.ContainsKey("customer_email"));
        Assert.False(second.Form.ContainsKey("customer_creation"));
        Assert.Equal("1000", second["line_items[0][price_data][unit_amount]"]);
        Assert.NotEqual(sent.Header("Idempotency-Key"), second.Header("Idempotency-Key"));
    }

    [Fact]
    public async Task Subscribing_sends_a_monthly_subscription_checkout_whose_subscription_carries_the_workspace()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);

        (await BuyAsync(client, "professional")).EnsureRedirect("https://checkout.stripe.test/c/pay/cs_test_");

        var checkout = Assert.Single(await app.CheckoutsAsync(workspaceId));
        var sent = Assert.Single(app.CheckoutRequests(workspaceId));
        Assert.Equal("subscription", sent["mode"]);
        Assert.Equal("4999", sent["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("month", sent["line_items[0][price_data][recurring][interval]"]);
        Assert.Equal("1", sent["line_items[0][quantity]"]);
        // Renewal invoices and subscription events carry the subscription's metadata, not the session's.
        Assert.Equal(workspaceId.ToString(), sent["subscription_data[metadata][workspace_id]"]);
        Assert.Equal("professional", sent["subscription_data[metadata][package_code]"]);
        Assert.Equal(checkout.Id.ToString(), sent["subscription_data[metadata][checkout_id]"]);
        Assert.Equal(workspaceId.ToString(), sent["metadata[workspace_id]"]);
        Assert.DoesNotContain(sent.Form.Keys, k => k.StartsWith("payment_intent_data", StringComparison.Ordinal));
        // Subscription mode always creates a customer; Stripe refuses customer_creation there.
        Assert.False(sent.Form.ContainsKey("customer_creation"));
        Assert.Equal(email, sent["customer_email"]);
        Assert.Equal($"checkout:{checkout.Id}", sent.Header("Idempotency-Key"));
    }

    [Fact]
    public async Task The_portal_opens_for_the_workspace_customer_and_without_one_says_why_and_calls_nothing()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);

        // No purchase yet, so no Stripe customer: a message, and no call to Stripe.
        var portalCallsBefore = PortalRequests().Count;
        var token = await client.AntiforgeryTokenAsync("/credits");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/credits?handler=Portal"))
        {
            request.Headers.Add("RequestVerificationToken", token);
            (await client.Http.SendAsync(request)).EnsureRedirect("/credits");
        }
        Assert.Contains("no billing account for this workspace yet", (await client.GetDocumentAsync("/credits")).Body!.TextContent);
        Assert.Equal(portalCallsBefore, PortalRequests().Count);

        // A plan paid through Checkout makes Stripe's customer the workspace's.
        (await BuyAsync(client, "starter")).EnsureRedirect("https://checkout.stripe.test/");
        var checkout = Assert.Single(await app.CheckoutsAsync(workspaceId));
        var customerId = $"cus_test_{workspaceId:N}";
        (await app.DeliverPaidAsync(checkout, customerId, $"sub_test_{workspaceId:N}")).EnsureSuccessStatusCode();
        await app.DrainEventsAsync();

        (await client.PostFormAsync("/credits", new Dictionary<string, string>(), "/credits?handler=Portal"))
            .EnsureRedirect("https://billing.stripe.test/p/session/bps_");
        var sent = Assert.Single(PortalRequests(), r => r.Form.GetValueOrDefault("customer") == customerId);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("https://localhost/credits", sent["return_url"]);
        Assert.Equal($"Bearer {StripeBillingApp.SecretKey}", sent.Header("Authorization"));
        Assert.Equal(StripeConfiguration.ApiVersion, sent.Header("Stripe-Version"));

        // Stripe down: the customer stays on the Credits page and is told so, instead of an error page.
        using (app.StripeApi.Down(FakeStripe.Outage.Disconnect))
            (await client.PostFormAsync("/credits", new Dictionary<string, string>(), "/credits?handler=Portal")).EnsureRedirect("/credits");
        Assert.Contains("could not be reached", (await client.GetDocumentAsync("/credits")).QuerySelector("[role=status]")!.TextContent);
    }

    [Fact]
    public async Task A_pack_buyer_can_open_the_portal_for_receipts_and_cards_without_a_plan()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(email);
        (await BuyAsync(client, "pack-100")).EnsureRedirect("https://checkout.stripe.test/");
        var customerId = $"cus_test_{workspaceId:N}";
        (await app.DeliverPaidAsync(Assert.Single(await app.CheckoutsAsync(workspaceId)), customerId)).EnsureSuccessStatusCode();
        await app.DrainEventsAsync();

        (await client.PostFormAsync("/credits", new Dictionary<string, string>(), "/credits?handler=Portal"))
            .EnsureRedirect("https://billing.stripe.test/p/session/bps_");
        Assert.Single(PortalRequests(), r => r.Form.GetValueOrDefault("customer") == customerId);
    }

    [Fact]
    public async Task A_member_who_is_not_an_owner_can_neither_buy_nor_open_the_portal()
    {
        var (owner, ownerEmail) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await app.WorkspaceOfAsync(ownerEmail);
        // A known customer, so only the role check stands between the member and Stripe's portal.
        await app.InsertAsync(new BillingCustomer { WorkspaceId = workspaceId, StripeCustomerId = $"cus_test_{workspaceId:N}", CreatedAt = DateTime.UtcNow });
        var (member, memberEmail) = await AppClient.SignedInUserAsync(app);
        (await owner.PostFormAsync("/workspace", new Dictionary<string, string> { ["Invite.Email"] = memberEmail }, "/workspace?handler=Invite"))
            .EnsureRedirect("/workspace");
        await using (var db = app.Database.NewContext())
        {
            var mail = await db.EmailMessages.SingleAsync(m => m.To == memberEmail && m.Template == "workspace-invitation");
            var accept = AppClient.PathOf(AppClient.LinkTo("/invitations/accept", mail.TextBody));
            (await member.PostFormAsync(accept, new Dictionary<string, string>())).EnsureRedirect("/app");
        }

        var token = await member.AntiforgeryTokenAsync("/credits");
        foreach (var handler in new[] { "Buy", "Portal" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/credits?handler={handler}")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "pack-100" }),
            };
            request.Headers.Add("RequestVerificationToken", token);
            var response = await member.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("AccessDenied") == true,
                $"{handler} answered {(int)response.StatusCode} {response.Headers.Location}");
        }
        Assert.Empty(app.CheckoutRequests(workspaceId));
        Assert.Empty(await app.CheckoutsAsync(workspaceId));
        Assert.DoesNotContain(app.StripeApi.Requests, r => r.Path == "/v1/billing_portal/sessions" && r.Form.GetValueOrDefault("customer") == $"cus_test_{workspaceId:N}");
    }

    private List<StripeRequest> PortalRequests() => app.StripeApi.Requests.Where(r => r.Path == "/v1/billing_portal/sessions").ToList();

    private static Task<HttpResponseMessage> BuyAsync(AppClient client, string code) =>
        client.PostFormAsync("/credits", new Dictionary<string, string> { ["code"] = code }, "/credits?handler=Buy");
}
