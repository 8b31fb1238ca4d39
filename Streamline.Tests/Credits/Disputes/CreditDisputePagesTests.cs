using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Audit;
using Streamline.Core.Credits;
using Streamline.Core.Credits.Disputes;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;

namespace Streamline.Tests.Credits.Disputes;

/// <summary>The app with its configured SuperAdmin, who reviews the disputes.</summary>
public abstract class DisputesApp : StreamlineApp
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Admin:SuperAdminEmail"] = AdminApp.AdminEmail;
        settings["Admin:SuperAdminPassword"] = AdminApp.AdminPassword;
    }
}

public sealed class SqliteDisputesApp : DisputesApp;

public sealed class PostgresDisputesApp : DisputesApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public abstract class CreditDisputePagesTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : DisputesApp
{
    private const long Credit = 1_000;

    [Fact]
    public async Task A_member_disputes_a_charge_from_the_history_and_the_form_explains_each_mistake()
    {
        var customer = await CustomerAsync();
        var debit = await LedgerAsync(customer, c => c.SpendAsync(customer.Workspace, 5 * Credit, LedgerEntryType.Consumption, "Webpage build", Key(), null, null));

        var history = await customer.Client.GetDocumentAsync("/credits/history");
        var formUrl = history.QuerySelector($"#entry-{debit} a")!.GetAttribute("href")!;
        Assert.Equal($"/credits/disputes/new?entry={debit}", formUrl);
        var form = await customer.Client.GetDocumentAsync(formUrl);
        Assert.Contains("Webpage build", form.QuerySelector("#disputed-entry")!.TextContent);
        Assert.Equal("5", ((IHtmlInputElement)form.QuerySelector("#Input_RequestedCredits")!).Value);

        var empty = await RefusedAsync(customer, formUrl, reason: "", description: "", requested: "5");
        Assert.Equal("Choose a reason.", ErrorFor(empty, "reason"));
        Assert.Equal("Describe what went wrong.", ErrorFor(empty, "description"));
        var tooMuch = await RefusedAsync(customer, formUrl, requested: "5.001");
        Assert.Equal("Request more than 0 and at most the 5 credits this entry charged.", ErrorFor(tooMuch, "requested"));
        var tooPrecise = await RefusedAsync(customer, formUrl, requested: "1.0005");
        Assert.Equal("Enter credits as a number with at most three decimals, e.g. 2.5.", ErrorFor(tooPrecise, "requested"));
        var notANumber = await RefusedAsync(customer, formUrl, requested: "1,5");
        Assert.Equal("Enter credits as a number with at most three decimals, e.g. 2.5.", ErrorFor(notANumber, "requested"));
        await using (var db = app.Database.NewContext())
            Assert.False(await db.CreditDisputes.IgnoreQueryFilters().AnyAsync(d => d.LedgerEntryId == debit));

        var submitted = await customer.Client.PostFormAsync(formUrl, Fields("2.5"));
        submitted.EnsureRedirect("/credits/disputes");

        var list = await customer.Client.GetDocumentAsync("/credits/disputes");
        Assert.Equal("Dispute submitted: we will review your request for 2.5 credits and e-mail you.", list.QuerySelector("#disputes-flash")!.TextContent.Trim());
        var row = list.QuerySelector("tbody tr")!.TextContent;
        Assert.Contains("Webpage build", row);
        Assert.Contains("Open", row);
        Assert.Contains("2.5", row);
        Assert.Null((await customer.Client.GetDocumentAsync("/credits/disputes")).QuerySelector("#disputes-flash")); // shown once

        // The history now shows the dispute's status in place of the button, linking to the dispute.
        await using var check = app.Database.NewContext();
        var dispute = await check.CreditDisputes.IgnoreQueryFilters().SingleAsync(d => d.LedgerEntryId == debit);
        var link = (await customer.Client.GetDocumentAsync("/credits/history")).QuerySelector($"#entry-{debit} a")!;
        Assert.Equal(($"/credits/disputes/{dispute.Id}", "Dispute Open"), (link.GetAttribute("href"), link.TextContent.Trim()));
        var detail = await customer.Client.GetDocumentAsync($"/credits/disputes/{dispute.Id}");
        Assert.Contains("The render never finished.", detail.QuerySelector("#dispute-request")!.TextContent);

        // A second dispute on the same charge: the form says so, and a post is refused.
        Assert.Null((await customer.Client.GetDocumentAsync(formUrl)).QuerySelector("main form[method=post]"));
        var again = await customer.Client.Http.PostAsync(formUrl, new FormUrlEncodedContent(await WithTokenAsync(customer, Fields("1"), debit)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("This entry is already disputed (status: open).", await again.Content.ReadAsStringAsync());

        var toOwner = Assert.Single(await check.EmailMessages.Where(m => m.To == customer.Email && m.Template == "dispute-received").ToListAsync());
        Assert.Contains("https://localhost/credits/disputes", toOwner.TextBody);
        var toAdmin = await check.EmailMessages.SingleAsync(m => m.To == AdminApp.AdminEmail && m.Template == "dispute-new" && m.TextBody.Contains(dispute.Id.ToString()));
        Assert.Contains($"https://localhost/admin/disputes/{dispute.Id}\n", toAdmin.TextBody);
    }

    [Fact]
    public async Task An_admin_takes_a_dispute_into_review_and_resolves_it_with_a_partial_refund_the_customer_then_sees()
    {
        var customer = await CustomerAsync(grant: 20 * Credit);
        var id = await DisputeAsync(customer, charge: 5 * Credit, requested: "4");
        using var admin = await AdminAsync();

        var queue = await admin.GetDocumentAsync("/admin/disputes");
        Assert.NotNull(queue.QuerySelector("#dispute-stats [data-stat=median]"));
        Assert.Contains(queue.QuerySelectorAll("#dispute-rows a"), a => a.GetAttribute("href") == $"/admin/disputes/{id}");
        var page = await admin.GetDocumentAsync($"/admin/disputes/{id}");
        Assert.Contains(customer.WorkspaceName, page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Webpage build", page.QuerySelector("#disputed-entry")!.TextContent);
        Assert.Contains("4 credits", page.QuerySelector("#dispute-request")!.TextContent);

        (await admin.PostFormAsync($"/admin/disputes/{id}", new Dictionary<string, string>(), $"/admin/disputes/{id}/StartReview"))
            .EnsureRedirect($"/admin/disputes/{id}");
        page = await admin.GetDocumentAsync($"/admin/disputes/{id}");
        Assert.Equal("Review started: the customer has been told.", page.QuerySelector("#dispute-flash")!.TextContent);
        Assert.Contains("In review", page.QuerySelector("h1")!.TextContent);
        Assert.Null(page.QuerySelector($"form[action='/admin/disputes/{id}/StartReview']"));

        var tooMuch = await admin.PostFormAsync($"/admin/disputes/{id}", Resolve("4.001", ""), $"/admin/disputes/{id}/Resolve");
        Assert.Equal(HttpStatusCode.OK, tooMuch.StatusCode);
        Assert.Equal("Refund more than 0 and at most the 4 credits requested.",
            (await AppClient.ParseAsync(tooMuch)).QuerySelector("#refund-error")!.TextContent);

        (await admin.PostFormAsync($"/admin/disputes/{id}", Resolve("1.5", "The first half did run."), $"/admin/disputes/{id}/Resolve"))
            .EnsureRedirect($"/admin/disputes/{id}");
        page = await admin.GetDocumentAsync($"/admin/disputes/{id}");
        Assert.Equal("Resolved: 1.5 credits refunded.", page.QuerySelector("#dispute-flash")!.TextContent);
        Assert.Contains("Resolved", page.QuerySelector("h1")!.TextContent);
        Assert.Null(page.QuerySelector("main form[method=post]"));

        var customerList = await customer.Client.GetDocumentAsync("/credits/disputes");
        var cells = customerList.QuerySelectorAll($"#dispute-{id} td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Resolved", "4", "1.5", "The first half did run."], cells.Skip(3));
        var top = (await customer.Client.GetDocumentAsync("/credits/history")).QuerySelectorAll("#history-rows tr").First()
            .QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Dispute refund", "Dispute refund: Webpage build", "+1.5", "16.5"], top.Skip(1).Take(4));

        // A second resolve finds it closed and says so; nothing more is refunded.
        var late = await admin.Http.PostAsync($"/admin/disputes/{id}/Resolve",
            new FormUrlEncodedContent(new Dictionary<string, string>(Resolve("1", ""))
            {
                ["__RequestVerificationToken"] = await admin.AntiforgeryTokenAsync($"/admin/disputes/{id}"),
            }));
        Assert.Equal("This dispute is already closed: resolved.", (await AppClient.ParseAsync(late)).QuerySelector("#dispute-error")!.TextContent);
        await using var db = app.Database.NewContext();
        Assert.Single(await db.LedgerEntries.IgnoreQueryFilters().Where(e => e.WorkspaceId == customer.Workspace && e.Type == LedgerEntryType.DisputeCredit).ToListAsync());
        Assert.Single(await db.EmailMessages.Where(m => m.To == customer.Email && m.Template == "dispute-in-review").ToListAsync());
        Assert.Single(await db.EmailMessages.Where(m => m.To == customer.Email && m.Template == "dispute-resolved").ToListAsync());
        // Each decision is in the audit log once, the late second resolve not at all.
        Assert.Equal([AuditAction.DisputeReviewStarted, AuditAction.DisputeResolved],
            (await db.AuditEntries.Where(e => e.Subject == $"dispute:{id}").ToListAsync()).OrderBy(e => e.CreatedAt).Select(e => e.Action));
    }

    [Fact]
    public async Task Rejecting_on_the_page_requires_a_note_which_the_customer_then_reads()
    {
        var customer = await CustomerAsync();
        var id = await DisputeAsync(customer, charge: 2 * Credit, requested: "2");
        using var admin = await AdminAsync();

        var blank = await admin.PostFormAsync($"/admin/disputes/{id}", new Dictionary<string, string> { ["Reject.Note"] = " " }, $"/admin/disputes/{id}/Reject");
        Assert.Equal(HttpStatusCode.OK, blank.StatusCode);
        Assert.Equal("Explain to the customer why the dispute is rejected.", (await AppClient.ParseAsync(blank)).QuerySelector("#reject-note-error")!.TextContent);

        (await admin.PostFormAsync($"/admin/disputes/{id}", new Dictionary<string, string> { ["Reject.Note"] = "The page was delivered on time." },
            $"/admin/disputes/{id}/Reject")).EnsureRedirect($"/admin/disputes/{id}");

        var row = (await customer.Client.GetDocumentAsync("/credits/disputes")).QuerySelector($"#dispute-{id}")!.TextContent;
        Assert.Contains("Rejected", row);
        Assert.Contains("The page was delivered on time.", row);
        await using (var audit = app.Database.NewContext())
        {
            var entry = await audit.AuditEntries.SingleAsync(e => e.Subject == $"dispute:{id}");
            Assert.Equal((AuditAction.DisputeRejected, (Guid?)customer.Workspace), (entry.Action, entry.WorkspaceId));
            Assert.Contains("The page was delivered on time.", entry.Summary);
        }
        await using var db = app.Database.NewContext();
        var mail = await db.EmailMessages.SingleAsync(m => m.To == customer.Email && m.Template == "dispute-rejected");
        Assert.Contains("Why: The page was delivered on time.", mail.TextBody);
        Assert.False(await db.LedgerEntries.IgnoreQueryFilters().AnyAsync(e => e.IdempotencyKey == CreditDisputeService.CreditKey(id)));
    }

    [Fact]
    public async Task The_queue_shows_open_and_in_review_disputes_oldest_first_and_filters_by_status()
    {
        var first = await DisputeAsync(await CustomerAsync(), 2 * Credit, "1");
        var second = await DisputeAsync(await CustomerAsync(), 2 * Credit, "1");
        var closed = await DisputeAsync(await CustomerAsync(), 2 * Credit, "1");
        using var admin = await AdminAsync();
        (await admin.PostFormAsync($"/admin/disputes/{closed}", new Dictionary<string, string> { ["Reject.Note"] = "No." },
            $"/admin/disputes/{closed}/Reject")).EnsureRedirect();

        var queue = await QueueAsync(admin, "/admin/disputes");
        Assert.True(queue.IndexOf(first) < queue.IndexOf(second) && queue.IndexOf(first) >= 0);
        Assert.DoesNotContain(closed, queue);
        Assert.Contains(closed, await QueueAsync(admin, "/admin/disputes?status=rejected"));
        Assert.DoesNotContain(first, await QueueAsync(admin, "/admin/disputes?status=rejected"));
        Assert.Contains(closed, await QueueAsync(admin, "/admin/disputes?status=all"));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Http.GetAsync("/admin/disputes?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/admin/disputes/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Another_workspace_cannot_see_or_dispute_these_charges_and_customers_cannot_reach_the_admin_pages()
    {
        var owner = await CustomerAsync();
        await LedgerAsync(owner, c => c.SpendAsync(owner.Workspace, Credit, LedgerEntryType.Consumption, "Private run", Key(), null, null));
        var id = await DisputeAsync(owner, charge: Credit, requested: "1");
        var otherDebit = await LedgerAsync(owner, c => c.SpendAsync(owner.Workspace, Credit, LedgerEntryType.Consumption, "Undisputed run", Key(), null, null));
        var stranger = await CustomerAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.Http.GetAsync($"/credits/disputes/new?entry={otherDebit}")).StatusCode);
        var post = await stranger.Client.Http.PostAsync($"/credits/disputes/new?entry={otherDebit}",
            new FormUrlEncodedContent(await WithTokenAsync(stranger, Fields("1"), otherDebit)));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.Http.GetAsync($"/credits/disputes/{id}")).StatusCode);
        Assert.DoesNotContain("Webpage build", (await stranger.Client.GetDocumentAsync("/credits/disputes")).QuerySelector("main")!.TextContent);
        Assert.DoesNotContain("Private run", (await stranger.Client.GetDocumentAsync("/credits/history")).QuerySelector("main")!.TextContent);

        foreach (var url in new[] { "/admin/disputes", $"/admin/disputes/{id}" })
            AssertRefused(await owner.Client.Http.GetAsync(url));
        var token = await owner.Client.AntiforgeryTokenAsync("/credits/history");
        foreach (var handler in new[] { "StartReview", "Resolve", "Reject" })
            AssertRefused(await owner.Client.Http.PostAsync($"/admin/disputes/{id}/{handler}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Resolve.RefundCredits"] = "1", ["Reject.Note"] = "mine",
            })));

        await using var db = app.Database.NewContext();
        Assert.False(await db.CreditDisputes.IgnoreQueryFilters().AnyAsync(d => d.LedgerEntryId == otherDebit));
        Assert.Equal(DisputeStatus.Open, (await db.CreditDisputes.IgnoreQueryFilters().SingleAsync(d => d.Id == id)).Status);
    }

    private static void AssertRefused(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.Forbidden) return;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/AccessDenied", response.Headers.Location!.OriginalString);
    }

    private sealed record Customer(AppClient Client, string Email, Guid Workspace, string WorkspaceName);

    private async Task<Customer> CustomerAsync(long grant = 10 * Credit)
    {
        var name = $"Shop {Guid.NewGuid():N}"[..13];
        var (client, email) = await AppClient.SignedInUserAsync(app, workspace: name);
        await using var db = app.Database.NewContext();
        var workspace = await db.Users.Where(u => u.Email == email)
            .Join(db.WorkspaceMembers, u => u.Id, m => m.UserId, (_, m) => m.WorkspaceId).SingleAsync();
        var customer = new Customer(client, email, workspace, name);
        await LedgerAsync(customer, c => c.GrantAsync(workspace, grant, LedgerEntryType.Purchase, "Starting credits", Key(), null, null));
        return customer;
    }

    /// <summary>A charge of <paramref name="charge"/> disputed through the page; the dispute's id.</summary>
    private async Task<Guid> DisputeAsync(Customer customer, long charge, string requested)
    {
        var debit = await LedgerAsync(customer, c => c.SpendAsync(customer.Workspace, charge, LedgerEntryType.Consumption, "Webpage build", Key(), null, null));
        (await customer.Client.PostFormAsync($"/credits/disputes/new?entry={debit}", Fields(requested))).EnsureRedirect("/credits/disputes");
        await using var db = app.Database.NewContext();
        return await db.CreditDisputes.IgnoreQueryFilters().Where(d => d.LedgerEntryId == debit).Select(d => d.Id).SingleAsync();
    }

    private async Task<AppClient> AdminAsync()
    {
        var admin = app.NewClient();
        (await admin.LoginAsync(AdminApp.AdminEmail, AdminApp.AdminPassword)).EnsureRedirect("/app");
        return admin;
    }

    /// <summary>Posts the form expecting it back with its messages.</summary>
    private static async Task<IHtmlDocument> RefusedAsync(Customer customer, string formUrl, string reason = "ServiceNotDelivered",
        string description = "The render never finished.", string requested = "1")
    {
        var response = await customer.Client.PostFormAsync(formUrl, new Dictionary<string, string>
        {
            ["Input.Reason"] = reason, ["Input.Description"] = description, ["Input.RequestedCredits"] = requested,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await AppClient.ParseAsync(response);
    }

    private static Dictionary<string, string> Fields(string requested) => new()
    {
        ["Input.Reason"] = "ServiceNotDelivered", ["Input.Description"] = "The render never finished.", ["Input.RequestedCredits"] = requested,
    };

    private static Dictionary<string, string> Resolve(string credits, string note) => new()
    {
        ["Resolve.RefundCredits"] = credits, ["Resolve.Note"] = note,
    };

    /// <summary>The fields of a hand-made post: the entry named outright and this client's antiforgery token.</summary>
    private static async Task<Dictionary<string, string>> WithTokenAsync(Customer customer, Dictionary<string, string> fields, Guid entry) =>
        new(fields)
        {
            ["Input.EntryId"] = entry.ToString(),
            ["__RequestVerificationToken"] = await customer.Client.AntiforgeryTokenAsync("/credits/history"),
        };

    private static string? ErrorFor(IHtmlDocument page, string field) => page.QuerySelector($"#{field}-error")?.TextContent.Trim();

    private static async Task<List<Guid>> QueueAsync(AppClient admin, string url) =>
        (await admin.GetDocumentAsync(url)).QuerySelectorAll("#dispute-rows a")
            .Select(a => Guid.Parse(a.GetAttribute("href")!["/admin/disputes/".Length..])).ToList();

    private async Task<Guid> LedgerAsync(Customer customer, Func<CreditService, Task<CreditResult>> call)
    {
        await using var db = app.Database.NewContext();
        var result = await call(new CreditService(db, TimeProvider.System, new EmailOutbox(db, new EmailTemplates(), TimeProvider.System)));
        Assert.True(result.Succeeded, $"arranging the ledger of {customer.Email} failed");
        return result.EntryId!.Value;
    }

    private static string Key() => $"test:{Guid.NewGuid():N}";
}

public sealed class CreditDisputePagesTestsOnSqlite(SqliteDisputesApp app) : CreditDisputePagesTests<SqliteDisputesApp>(app);

public sealed class CreditDisputePagesTestsOnPostgres(PostgresDisputesApp app) : CreditDisputePagesTests<PostgresDisputesApp>(app);
