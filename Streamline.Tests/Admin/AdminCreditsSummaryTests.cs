using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Admin;

/// <summary>
/// The system summary adds up every wallet, so these tests own their database (no other test
/// class writes to it) and seed rows with chosen dates straight into it.
/// </summary>
public abstract class AdminCreditsSummaryTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AdminApp
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task The_summary_reports_outstanding_credits_period_totals_revenue_and_workspaces_exactly()
    {
        var (alpha, beta) = await SeedAsync();
        using var admin = await app.SuperAdminAsync();

        var page = await admin.GetDocumentAsync("/admin/credits");

        // 12,345,678 millicredits are 12,345.678 credits, worth $1,234.5678: a fraction of a cent is not owed.
        Assert.Equal("12,345.678", Figure(page, "outstanding-credits"));
        Assert.Equal("$1,234.56", Figure(page, "liability"));
        Assert.Contains("1 paused", page.QuerySelector("#outstanding")!.TextContent);

        // The default period is the last 30 days: the purchase 45 days ago and the payment 40 days ago are outside it.
        Assert.Equal("9,255.245", Figure(page, "purchased"));
        Assert.Equal("3,500", Figure(page, "granted"));
        Assert.Equal("1,434.567", Figure(page, "consumed"));
        Assert.Equal("75", Figure(page, "refunded"));
        Assert.Equal("10", Figure(page, "removed"));
        Assert.Equal("40", Figure(page, "clawed-back"));
        Assert.Equal("$754.99", Figure(page, "revenue"));
        Assert.Equal(new[] { "Purchase", "2", "9,255.245" }, Cells(page, "#totals-by-type tr[data-type='Purchase']"));
        Assert.Equal(new[] { "Reserved for a run", "1", "-300" }, Cells(page, "#totals-by-type tr[data-type='ReservationHold']"));

        var days = page.QuerySelectorAll("#revenue-by-day tbody tr");
        Assert.Equal(30, days.Length);
        Assert.Equal(new[] { Day(-1), "2", "$64.99", "$10.00", "$54.99" }, Cells(page, $"#revenue-by-day tr[data-day='{Day(-1)}']"));
        Assert.Equal(new[] { Day(-3), "1", "$700.00", "$0.00", "$700.00" }, Cells(page, $"#revenue-by-day tr[data-day='{Day(-3)}']"));
        Assert.Equal("$0.00", page.QuerySelector($"#revenue-by-day tr[data-day='{Day(-2)}'] [data-net]")!.TextContent);

        var chart = JsonDocument.Parse(page.QuerySelector("script#revenue-chart")!.TextContent).RootElement;
        Assert.Equal("bar", chart.GetProperty("type").GetString());
        var data = chart.GetProperty("data").GetProperty("datasets")[0].GetProperty("data");
        Assert.Equal(30, data.GetArrayLength());
        Assert.Equal(54.99m, data[28].GetDecimal());
        Assert.Equal(700m, data[26].GetDecimal());
        Assert.NotNull(page.QuerySelector("canvas[data-chart-config='#revenue-chart']"));

        // Most recently active first; the paused wallet says so.
        var rows = page.QuerySelectorAll("#workspace-list tbody tr").Select(r => r.GetAttribute("data-workspace")).ToList();
        Assert.True(rows.IndexOf(beta.ToString()) < rows.IndexOf(alpha.ToString()));
        Assert.Equal(new[] { "Summary Beta", "4,255.245", "Paused" }, Cells(page, $"#workspace-list tr[data-workspace='{beta}']")[..3]);
        Assert.Equal(new[] { "Summary Alpha", "8,090.433", "Active" }, Cells(page, $"#workspace-list tr[data-workspace='{alpha}']")[..3]);
    }

    [Fact]
    public async Task A_chosen_period_counts_only_its_own_entries_and_payments()
    {
        await SeedAsync();
        using var admin = await app.SuperAdminAsync();

        var page = await admin.GetDocumentAsync($"/admin/credits?From={Day(-45)}&To={Day(-40)}");

        Assert.Equal("1,000", Figure(page, "purchased"));
        Assert.Equal("0", Figure(page, "consumed"));
        Assert.Equal("$100.00", Figure(page, "revenue"));
        Assert.Equal(6, page.QuerySelectorAll("#revenue-by-day tbody tr").Length);
        Assert.Equal("12,345.678", Figure(page, "outstanding-credits")); // outstanding is now, whatever the period
    }

    [Fact]
    public async Task The_workspace_search_matches_names_case_insensitively_in_the_page_and_the_fragment()
    {
        var (alpha, beta) = await SeedAsync();
        using var admin = await app.SuperAdminAsync();

        var page = await admin.GetDocumentAsync("/admin/credits?q=BETA");
        Assert.Equal(new[] { beta.ToString() }, page.QuerySelectorAll("#workspace-list tbody tr").Select(r => r.GetAttribute("data-workspace")));

        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/credits?handler=Workspaces&q=alp");
        request.Headers.Add("HX-Request", "true");
        var fragment = await AppClient.ParseAsync(await admin.Http.SendAsync(request));
        Assert.Null(fragment.QuerySelector("main"));
        Assert.Equal(new[] { alpha.ToString() }, fragment.QuerySelectorAll("#workspace-list tbody tr").Select(r => r.GetAttribute("data-workspace")));
        Assert.Contains("No workspace name contains", (await admin.GetDocumentAsync("/admin/credits?q=zzz-nothing")).QuerySelector("#workspace-list")!.TextContent);
    }

    private static string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd");

    private static DateTime At(int dayOffset, int hour, int minute = 0, int second = 0) =>
        Today.AddDays(dayOffset).ToDateTime(new TimeOnly(hour, minute, second), DateTimeKind.Utc);

    private static string Figure(IHtmlDocument page, string name) => page.QuerySelector($"[data-figure='{name}']")!.TextContent.Trim();

    private static string[] Cells(IHtmlDocument page, string rowSelector) =>
        page.QuerySelector(rowSelector)!.Children.Select(c => c.TextContent.Trim()).ToArray();

    /// <summary>Known ledger and payment rows, written once per database (the tests of a class run one at a time) with dates relative to today.</summary>
    private async Task<(Guid Alpha, Guid Beta)> SeedAsync()
    {
        await using var db = app.Database.NewContext();
        var existing = await db.Workspaces.Where(w => w.Name.StartsWith("Summary ")).ToDictionaryAsync(w => w.Name, w => w.Id);
        if (existing.Count == 2) return (existing["Summary Alpha"], existing["Summary Beta"]);

        var alpha = Wallet(db, "Summary Alpha", WalletStatus.Active,
            (LedgerEntryType.Purchase, 1_000_000, At(-45, 9)),
            (LedgerEntryType.Purchase, 5_000_000, At(-2, 10)),
            (LedgerEntryType.SubscriptionGrant, 2_000_000, At(-2, 10, 1)),
            (LedgerEntryType.PromotionBonus, 500_000, At(-2, 10, 2)),
            (LedgerEntryType.AdminGrant, 1_000_000, At(-2, 10, 3)),
            (LedgerEntryType.Consumption, -1_234_567, At(-2, 10, 4)),
            (LedgerEntryType.ReservationHold, -300_000, At(-2, 10, 5)),
            (LedgerEntryType.ReservationRelease, 100_000, At(-2, 10, 6)),
            (LedgerEntryType.Refund, 50_000, At(-2, 10, 7)),
            (LedgerEntryType.DisputeCredit, 25_000, At(-2, 10, 8)),
            (LedgerEntryType.Clawback, -40_000, At(-2, 10, 9)),
            (LedgerEntryType.AdminRemoval, -10_000, At(-2, 10, 10)));
        var beta = Wallet(db, "Summary Beta", WalletStatus.Paused, (LedgerEntryType.Purchase, 4_255_245, At(-1, 9)));

        Pay(db, alpha, 1_999, 0, At(-1, 0));
        Pay(db, alpha, 4_500, 1_000, At(-1, 23, 59, 59));
        Pay(db, beta, 70_000, 0, At(-3, 12));
        Pay(db, beta, 10_000, 0, At(-40, 12));
        await db.SaveChangesAsync();
        return (alpha, beta);
    }

    private static Guid Wallet(StreamlineDbContext db, string name, WalletStatus status, params (LedgerEntryType Type, long Amount, DateTime At)[] entries)
    {
        var workspace = new Workspace { Name = name, CreatedAt = At(-60, 0) };
        var wallet = new Wallet
        {
            WorkspaceId = workspace.Id, Status = status, BalanceMillicredits = entries.Sum(e => e.Amount),
            CreatedAt = At(-60, 0), UpdatedAt = At(-60, 0),
        };
        db.Workspaces.Add(workspace);
        db.Wallets.Add(wallet);
        var balance = 0L;
        foreach (var (type, amount, at) in entries)
            db.LedgerEntries.Add(new LedgerEntry
            {
                WalletId = wallet.Id, WorkspaceId = workspace.Id, Type = type, AmountMillicredits = amount,
                BalanceAfterMillicredits = balance += amount, Reason = $"seeded {type}", IdempotencyKey = $"seed:{Guid.NewGuid()}", CreatedAt = at,
            });
        return workspace.Id;
    }

    private static void Pay(StreamlineDbContext db, Guid workspace, long cents, long refunded, DateTime at) =>
        db.Payments.Add(new Payment
        {
            WorkspaceId = workspace, Kind = PaymentKind.PackPurchase, StripeObjectId = $"cs_seed_{Guid.NewGuid():N}", PackageCode = "pack-100",
            AmountCents = cents, RefundedCents = refunded, CreditsMillicredits = 100_000, CreatedAt = at,
        });
}

public sealed class AdminCreditsSummaryTestsOnSqlite(AdminApp app) : AdminCreditsSummaryTests<AdminApp>(app);

public sealed class AdminCreditsSummaryTestsOnPostgres(PostgresAdminApp app) : AdminCreditsSummaryTests<PostgresAdminApp>(app);
