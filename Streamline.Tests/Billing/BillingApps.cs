using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Data;
using Streamline.Tests.Email;
using Streamline.Tests.Support;
using Stripe;

namespace Streamline.Tests.Billing;

/// <summary>The app in sandbox payment mode with a webhook secret the tests know, so they can sign events as Stripe would.</summary>
public class SandboxBillingApp : StreamlineApp
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
        return await db.Wallets.IgnoreQueryFilters([StreamlineDbContext.WorkspaceFilter])
            .Where(w => w.WorkspaceId == workspaceId).Select(w => w.BalanceMillicredits).SingleOrDefaultAsync();
    }

    public async Task<Guid> WorkspaceOfAsync(string email)
    {
        await using var db = Database.NewContext();
        return await db.WorkspaceMembers.IgnoreQueryFilters([StreamlineDbContext.WorkspaceFilter])
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.WorkspaceId, u.Email })
            .Where(x => x.Email == email).Select(x => x.WorkspaceId).FirstAsync();
    }
}

public sealed class SandboxBillingSqliteApp : SandboxBillingApp;

public sealed class SandboxBillingPostgresApp : SandboxBillingApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
