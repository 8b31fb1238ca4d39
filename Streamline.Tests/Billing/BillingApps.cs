using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Data;
using Streamline.Tests.Email;
using Streamline.Tests.Support;
using Stripe;

namespace Streamline.Tests.Billing;

/// <summary>The app with a webhook secret the tests know, so they can sign events as Stripe would.</summary>
public abstract class BillingApp : StreamlineApp
{
    public const string WebhookSecret = "whsec_test_5c2b1f0e8a7d4c3b9e6f1a2d";

    protected override void Configure(IDictionary<string, string?> settings) => settings["Stripe:WebhookSecret"] = WebhookSecret;

    public static string Sign(string payload, DateTimeOffset? at = null, string secret = WebhookSecret) =>
        EventUtility.GenerateSignatureHeader(payload, secret, (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds());

    /// <summary>Posts a body to the webhook as Stripe does (raw JSON, Stripe-Signature header).</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string payload, string? signature = null)
    {
        using var http = CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
        {
            Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? Sign(payload));
        return await http.SendAsync(request);
    }

    /// <summary>Waits until every stored event has been applied by the background job.</summary>
    public async Task DrainEventsAsync(int seconds = 60)
    {
        await Poll.UntilAsync(async () =>
        {
            await using var db = Database.NewContext();
            return !await db.StripeEvents.AnyAsync(e => e.ProcessedAt == null);
        }, seconds, "stored Stripe events were not all applied");
    }

    public async Task<long> BalanceAsync(Guid workspaceId)
    {
        await using var db = Database.NewContext();
        return await db.Wallets.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(w => w.WorkspaceId == workspaceId).Select(w => w.BalanceMillicredits).SingleOrDefaultAsync();
    }

    public async Task<T> InsertAsync<T>(T row) where T : class
    {
        await using var db = Database.NewContext();
        db.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    /// <summary>The workspace's checkouts, oldest first.</summary>
    public async Task<List<CheckoutSession>> CheckoutsAsync(Guid workspaceId)
    {
        await using var db = Database.NewContext();
        return await db.CheckoutSessions.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(c => c.WorkspaceId == workspaceId).OrderBy(c => c.CreatedAt).ToListAsync();
    }

    public async Task<Guid> WorkspaceOfAsync(string email)
    {
        await using var db = Database.NewContext();
        return await db.WorkspaceMembers.IgnoreQueryFilters(QueryFilters.Workspace)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.WorkspaceId, u.Email })
            .Where(x => x.Email == email).Select(x => x.WorkspaceId).FirstAsync();
    }
}

/// <summary>Sandbox payment mode: no Stripe key, checkout on the app's own sandbox page.</summary>
public class SandboxBillingApp : BillingApp;

public sealed class SandboxBillingSqliteApp : SandboxBillingApp;

public sealed class SandboxBillingPostgresApp : SandboxBillingApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// Stripe mode: a secret key, so the real Stripe.net client runs, pointed by <c>Stripe:ApiBase</c> at a
/// <see cref="FakeStripe"/> that this fixture owns.
/// </summary>
public class StripeBillingApp : BillingApp
{
    public const string SecretKey = "sk_test_51StreamlineTestsOnlyNotARealKey";

    public FakeStripe StripeApi { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        StripeApi = await FakeStripe.StartAsync();
        await base.InitializeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Stripe:SecretKey"] = SecretKey;
        settings["Stripe:ApiBase"] = StripeApi.Url;
        // Short, so the hanging-Stripe test proves the setting is used without waiting long.
        settings["Stripe:TimeoutSeconds"] = "2";
    }

    /// <summary>Stripe's <c>checkout.session.completed</c> for a checkout this app started, signed and delivered.</summary>
    public Task<HttpResponseMessage> DeliverPaidAsync(CheckoutSession checkout, string customerId, string? subscriptionId = null)
    {
        var session = SandboxEvents.CheckoutSession(checkout, subscriptionId, customerId);
        if (subscriptionId is null) session["payment_intent"] = $"pi_test_{checkout.Id:N}";
        return DeliverAsync(SandboxEvents.Event($"evt_{checkout.ExternalId}_completed", "checkout.session.completed", DateTime.UtcNow, session));
    }

    /// <summary>Stripe's <c>checkout.session.expired</c>: the customer never paid within the session's lifetime.</summary>
    public Task<HttpResponseMessage> DeliverExpiredAsync(CheckoutSession checkout) =>
        DeliverAsync(SandboxEvents.Event($"evt_{checkout.ExternalId}_expired", "checkout.session.expired", DateTime.UtcNow,
            SandboxEvents.CheckoutSession(checkout, null, $"cus_test_{checkout.WorkspaceId:N}", status: "expired")));

    /// <summary>The Checkout Session requests made for one workspace, oldest first.</summary>
    public IReadOnlyList<StripeRequest> CheckoutRequests(Guid workspaceId) =>
        StripeApi.Requests.Where(r => r.Path == "/v1/checkout/sessions" && r.Form.GetValueOrDefault("metadata[workspace_id]") == workspaceId.ToString())
            .ToList();

    /// <summary>WebApplicationFactory's DisposeAsync ends here once the app has stopped.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) StripeApi?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}

public sealed class StripeBillingSqliteApp : StripeBillingApp;

public sealed class StripeBillingPostgresApp : StripeBillingApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
