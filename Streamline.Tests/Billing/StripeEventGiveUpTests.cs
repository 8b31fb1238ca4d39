using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Accounts;
using Streamline.Core.Billing;
using Streamline.Tests.Email;
using Streamline.Tests.Support;

namespace Streamline.Tests.Billing;

/// <summary>
/// An event whose fulfilment keeps failing rests longer between tries, stops after the last one,
/// tells the admins once and waits for an operator's retry, instead of being re-queued forever.
/// </summary>
public abstract class StripeEventGiveUpTests<TApp>(TApp app) where TApp : SandboxBillingApp
{
    [Fact]
    public async Task A_failing_event_backs_off_then_stops_tells_the_admins_once_and_an_admin_can_retry_it()
    {
        var (admin, adminEmail) = await AppClient.SignedInUserAsync(app);
        await MakeAdminAsync(adminEmail);
        (await admin.LoginAsync(adminEmail)).EnsureRedirect();

        // Stripe.net cannot read a session whose amount is not a number: this event fails until its cause is fixed.
        var id = $"evt_broken_{Guid.NewGuid():N}";
        var session = new JsonObject { ["id"] = $"cs_test_{Guid.NewGuid():N}", ["object"] = "checkout.session", ["amount_total"] = "not a number" };
        (await app.DeliverAsync(SandboxEvents.Event(id, "checkout.session.completed", DateTime.UtcNow, session))).EnsureSuccessStatusCode();

        // The background job's first try fails and the event rests before the next one.
        await Poll.UntilAsync(async () => (await RecordAsync(id)).LastError is not null, 30, "the first try did not run");
        var rested = await RecordAsync(id);
        Assert.Equal(1, rested.Attempts);
        Assert.True(rested.LockedUntil > DateTime.UtcNow.AddSeconds(30), $"no backoff after a failure: {rested.LockedUntil:O}");

        // Fast-forward to the last allowed try.
        await SetAsync(id, ApplyStripeEvent.MaxAttempts - 1);
        await ApplyAsync(id);
        var stuck = await RecordAsync(id);
        Assert.Equal(ApplyStripeEvent.MaxAttempts, stuck.Attempts);
        Assert.Null(stuck.ProcessedAt);
        Assert.Null(stuck.LockedUntil);

        // Nothing runs it again on its own, and the admins heard about it once.
        await ApplyAsync(id);
        await app.WithScopeAsync(async sp => { await sp.GetRequiredService<SweepStripeEvents>().RunAsync(CancellationToken.None); return 0; });
        Assert.Equal(ApplyStripeEvent.MaxAttempts, (await RecordAsync(id)).Attempts);
        await using (var db = app.Database.NewContext())
        {
            var alert = Assert.Single(await db.EmailMessages.Where(m => m.Template == "stripe-event-stuck" && m.To == adminEmail).ToListAsync());
            Assert.Contains(id, alert.Subject + alert.TextBody);
        }

        // The operator sees it stuck and retries it: a fresh count, and it runs at once.
        var page = await admin.GetDocumentAsync("/admin/billing/events?waiting=true");
        var row = page.QuerySelectorAll("#stripe-events tbody tr").Single(r => r.TextContent.Contains(id));
        Assert.Contains("stuck", row.TextContent);
        var retryAction = row.QuerySelector("form")!.GetAttribute("action")!;
        (await admin.PostFormAsync("/admin/billing/events?waiting=true", new Dictionary<string, string>(), retryAction)).EnsureRedirect();
        await Poll.UntilAsync(async () => (await RecordAsync(id)) is { Attempts: 1, LockedUntil: not null }, 30, "the retried event did not run");

        // A retry of an event that is not stuck changes nothing.
        Assert.False(await app.WithScopeAsync(sp => sp.GetRequiredService<RetryStripeEvent>().RunAsync(id, CancellationToken.None)));
        Assert.Equal(1, (await RecordAsync(id)).Attempts);
    }

    private async Task<StripeEventRecord> RecordAsync(string id)
    {
        await using var db = app.Database.NewContext();
        return await db.StripeEvents.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    private async Task SetAsync(string id, int attempts)
    {
        await using var db = app.Database.NewContext();
        await db.StripeEvents.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Attempts, attempts).SetProperty(e => e.LockedUntil, (DateTime?)null));
    }

    private Task<int> ApplyAsync(string id) => app.WithScopeAsync(async sp =>
    {
        await sp.GetRequiredService<ApplyStripeEvent>().RunAsync(id, CancellationToken.None);
        return 0;
    });

    private Task<bool> MakeAdminAsync(string email) => app.WithScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        Assert.True((await users.AddToRoleAsync((await users.FindByEmailAsync(email))!, Roles.Admin)).Succeeded);
        return true;
    });
}

public sealed class StripeEventGiveUpTestsOnSqlite(SandboxBillingSqliteApp app)
    : StripeEventGiveUpTests<SandboxBillingSqliteApp>(app), IClassFixture<SandboxBillingSqliteApp>;

public sealed class StripeEventGiveUpTestsOnPostgres(SandboxBillingPostgresApp app)
    : StripeEventGiveUpTests<SandboxBillingPostgresApp>(app), IClassFixture<SandboxBillingPostgresApp>;
