using AngleSharp.Html.Dom;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Billing;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Credits.Disputes;
using Streamline.Core.Email;
using Streamline.Tests.Support;

namespace Streamline.Tests.Admin;

/// <summary>The platform overview counts across every workspace, so this class owns its database and seeds every row it counts.</summary>
public abstract class AdminOverviewTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AdminApp
{
    [Fact]
    public async Task The_overview_shows_this_months_revenue_open_disputes_waiting_conversations_and_failures_each_with_its_page()
    {
        var workspace = await app.NewWorkspaceAsync("Overview");
        var now = DateTime.UtcNow;
        var lastMonth = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(-1);
        var charges = await ChargesAsync(workspace, 4);
        await using (var db = app.Database.NewContext())
        {
            db.Payments.AddRange(Payment(workspace, 10_000, refunded: 2_000, now), Payment(workspace, 4_999, refunded: 0, now),
                Payment(workspace, 50_000, refunded: 0, lastMonth));
            db.CreditDisputes.AddRange(Dispute(workspace, charges[0], DisputeStatus.Open), Dispute(workspace, charges[1], DisputeStatus.InReview),
                Dispute(workspace, charges[2], DisputeStatus.Resolved), Dispute(workspace, charges[3], DisputeStatus.Rejected));
            foreach (var status in new[] { ConversationStatus.AwaitingHuman, ConversationStatus.AwaitingHuman, ConversationStatus.Human, ConversationStatus.Active })
            {
                var contact = new Contact { WorkspaceId = workspace, CreatedAt = now };
                db.Contacts.Add(contact);
                db.Conversations.Add(new Conversation { WorkspaceId = workspace, ContactId = contact.Id, Status = status, CreatedAt = now, LastMessageAt = now });
            }
            db.EmailMessages.Add(new EmailMessage
            {
                To = "nobody@example.test", Subject = "Lost", HtmlBody = "<p>x</p>", TextBody = "x", Template = "low-balance",
                Status = EmailStatus.Failed, Attempts = 6, CreatedAt = now, NextAttemptAt = now, MessageId = $"{Guid.NewGuid():N}@seed",
            });
            await db.SaveChangesAsync();
        }
        // Without the global filters, whose automatic retry would turn the failure into a scheduled retry.
        await app.WithScopeAsync(sp => Task.FromResult(new BackgroundJobClient(sp.GetRequiredService<JobStorage>(), new JobFilterCollection())
            .Create(Job.FromExpression(() => Console.WriteLine("seeded")), new FailedState(new InvalidOperationException("seeded failure")))));
        using var admin = await app.SuperAdminAsync();

        var page = await admin.GetDocumentAsync("/admin");

        // $100.00 + $49.99 this month less the $20.00 refunded; last month's $500.00 is not this month's.
        Assert.Equal(("$129.99", "/admin/credits"), Figure(page, "revenue"));
        Assert.Equal(("2", "/admin/disputes"), Figure(page, "open-disputes"));
        Assert.Equal(("2", "/admin/conversations?status=awaitinghuman"), Figure(page, "waiting-conversations"));
        Assert.Equal(("1", "/admin/jobs/jobs/failed"), Figure(page, "failed-jobs"));
        Assert.Equal(("1", "/admin/mail"), Figure(page, "mails-failed"));
        Assert.Contains($"since {new DateTime(now.Year, now.Month, 1):d MMM}", page.QuerySelector("[data-overview='revenue']")!.TextContent);
    }

    private static (string Value, string? Link) Figure(IHtmlDocument page, string key)
    {
        var card = page.QuerySelector($"[data-overview='{key}']")!;
        return (card.QuerySelector("[data-figure]")!.TextContent.Trim(), card.QuerySelector("a")?.GetAttribute("href"));
    }

    /// <summary>Debits to dispute, written through the credit service (a dispute names one ledger entry).</summary>
    private Task<List<Guid>> ChargesAsync(Guid workspace, int count) => app.WithScopeAsync(async sp =>
    {
        var credits = sp.GetRequiredService<CreditService>();
        await credits.GrantAsync(workspace, 100_000, LedgerEntryType.AdminGrant, "seed", $"test:{Guid.NewGuid():N}", null, null);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
            ids.Add((await credits.SpendAsync(workspace, 1_000, LedgerEntryType.Consumption, $"run {i}", $"test:{Guid.NewGuid():N}", null, null)).EntryId!.Value);
        return ids;
    });

    private static Payment Payment(Guid workspace, long cents, long refunded, DateTime at) => new()
    {
        WorkspaceId = workspace, Kind = PaymentKind.PackPurchase, StripeObjectId = $"cs_seed_{Guid.NewGuid():N}", PackageCode = "pack-100",
        AmountCents = cents, RefundedCents = refunded, CreditsMillicredits = 100_000, CreatedAt = at,
    };

    private static CreditDispute Dispute(Guid workspace, Guid entry, DisputeStatus status) => new()
    {
        WorkspaceId = workspace, LedgerEntryId = entry, Reason = DisputeReason.Other, Description = "seeded", RequestedMillicredits = 1_000,
        Status = status, CreatedByUserId = Guid.NewGuid(), CreatedAt = DateTime.UtcNow,
    };
}

public sealed class AdminOverviewTestsOnSqlite(AdminApp app) : AdminOverviewTests<AdminApp>(app);

public sealed class AdminOverviewTestsOnPostgres(PostgresAdminApp app) : AdminOverviewTests<PostgresAdminApp>(app);
