using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Jobs;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;

namespace Streamline.Tests.Jobs;

public abstract class JobPageTests<TApp>(TApp app) where TApp : AdminApp
{
    [Fact]
    public async Task An_admin_creates_a_job_and_the_customers_workspace_sees_it_read_only()
    {
        using var scene = await JobScene.CreateAsync(app, "Shop automation");

        var list = await scene.Customer.GetDocumentAsync("/jobs");
        Assert.Contains("Shop automation", list.QuerySelector($"#jobs tr[data-job='{scene.JobId}']")!.TextContent);

        var page = await scene.Customer.GetDocumentAsync(scene.CustomerUrl);
        Assert.Equal("Shop automation", page.QuerySelector("[data-job-title]")!.TextContent);
        Assert.Equal("Planning", page.QuerySelector("#job-header [data-job-status]")!.GetAttribute("data-job-status"));
        foreach (var section in new[] { "basic", "business", "project", "branding", "resources", "planning", "financial", "files" })
            Assert.NotNull(page.QuerySelector($"#job-{section}"));
        Assert.Empty(page.QuerySelectorAll("[hx-get*='/edit']"));
        Assert.Empty(page.QuerySelectorAll("#job-status-actions"));
        Assert.NotNull(page.QuerySelector("#job-comments form"));
        Assert.NotNull(page.QuerySelector("#job-changes form"));

        var adminPage = await scene.Admin.GetDocumentAsync(scene.AdminUrl);
        Assert.Equal(7, adminPage.QuerySelectorAll("[hx-get*='/edit?name=']").Length);
        var board = await scene.Admin.GetDocumentAsync($"/admin/projects?Board=true&Workspace={scene.WorkspaceId}");
        Assert.NotNull(board.QuerySelector($"[data-board-status='Planning'] [data-job='{scene.JobId}']"));
    }

    [Fact]
    public async Task An_allowed_status_move_is_saved_logged_and_mailed_to_the_customer_and_a_skipped_step_is_refused()
    {
        using var scene = await JobScene.CreateAsync(app);

        var refused = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/status",
            new Dictionary<string, string> { ["from"] = "Planning", ["to"] = "Completed" });
        Assert.Contains("cannot move from Planning to Completed", (await refused.FragmentAsync()).QuerySelector("[data-section-error]")!.TextContent);
        Assert.Equal(JobStatus.Planning, (await scene.JobAsync()).Status);

        var moved = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/status",
            new Dictionary<string, string> { ["from"] = "Planning", ["to"] = "InProgress" });
        Assert.Equal("InProgress", (await moved.FragmentAsync()).QuerySelector("[data-job-status]")!.GetAttribute("data-job-status"));
        var second = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/status",
            new Dictionary<string, string> { ["from"] = "Planning", ["to"] = "Cancelled" });
        Assert.Contains("already moved this job to In progress", (await second.FragmentAsync()).QuerySelector("[data-section-error]")!.TextContent);
        Assert.Equal(JobStatus.InProgress, (await scene.JobAsync()).Status);

        await using var db = app.Database.NewContext();
        Assert.True(await db.JobActivities.IgnoreQueryFilters().AnyAsync(a => a.JobId == scene.JobId && a.What == "Status" && a.Before == "Planning" && a.After == "In progress"));
        var mail = await db.EmailMessages.SingleAsync(m => m.To == scene.CustomerEmail && m.Template == "job-status");
        Assert.Contains("In progress", mail.Subject);
        Assert.Contains($"/jobs/{scene.JobId}", mail.TextBody);
    }

    [Fact]
    public async Task A_save_from_a_form_loaded_before_someone_elses_save_is_refused_and_does_not_overwrite()
    {
        using var scene = await JobScene.CreateAsync(app);
        var form = await (await scene.Admin.Http.GetAsync($"{scene.AdminUrl}/edit?name=business")).FragmentAsync();
        var loadedVersion = form.QuerySelector("input[name='Input.Version']")!.GetAttribute("value")!;

        (await SaveBusinessAsync(scene, loadedVersion, "First Co")).EnsureSuccessStatusCode();
        var stale = await SaveBusinessAsync(scene, loadedVersion, "Second Co");

        var fragment = await stale.FragmentAsync();
        Assert.Contains("Someone else changed this job", fragment.QuerySelector("[data-section-error]")!.TextContent);
        Assert.Equal("Second Co", fragment.QuerySelector("input[name='Input.Company']")!.GetAttribute("value"));
        Assert.Equal("First Co", (await scene.JobAsync()).Company);
    }

    [Fact]
    public async Task A_customer_cannot_edit_admin_sections_even_by_calling_the_admin_handlers()
    {
        using var scene = await JobScene.CreateAsync(app);

        var adminPage = await scene.Customer.Http.GetAsync(scene.AdminUrl);
        Assert.True(adminPage.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"got {(int)adminPage.StatusCode}");
        var save = await scene.Customer.HtmxPostAsync("/jobs", $"{scene.AdminUrl}/savebusiness",
            new Dictionary<string, string> { ["Input.Version"] = "0", ["Input.Company"] = "Hijacked" });
        Assert.True(save.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"got {(int)save.StatusCode}");
        // The customer page has no editing handlers at all.
        var viaCustomerPage = await scene.Customer.HtmxPostAsync(scene.CustomerUrl, $"{scene.CustomerUrl}/savebusiness",
            new Dictionary<string, string> { ["Input.Version"] = "0", ["Input.Company"] = "Hijacked" });
        Assert.Equal(HttpStatusCode.NotFound, viaCustomerPage.StatusCode);
        Assert.Null((await scene.JobAsync()).Company);
    }

    [Fact]
    public async Task A_handler_name_the_page_does_not_have_is_not_found_rather_than_the_plain_page()
    {
        using var scene = await JobScene.CreateAsync(app);

        Assert.Equal(HttpStatusCode.OK, (await scene.Customer.Http.GetAsync($"{scene.CustomerUrl}/section?name=financial")).StatusCode);
        foreach (var url in new[] { $"{scene.CustomerUrl}/nosuchhandler", $"{scene.CustomerUrl}?handler=section&name=financial" })
            Assert.True((await scene.Customer.Http.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);
        Assert.True((await scene.Admin.Http.GetAsync($"{scene.AdminUrl}/nosuchhandler")).StatusCode == HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_workspaces_member_gets_404_on_the_page_every_fragment_the_live_stamp_and_the_files()
    {
        using var scene = await JobScene.CreateAsync(app);
        await UploadAsync(scene.Admin, scene.AdminUrl, "logo.png", Png);
        var fileId = (await FilesAsync(scene)).Single().Id;
        var (outsider, _) = await AppClient.SignedInUserAsync(app, workspace: "Other Co");
        using var _o = outsider;

        foreach (var url in new[]
                 {
                     scene.CustomerUrl, $"{scene.CustomerUrl}/section?name=financial", $"{scene.CustomerUrl}/section?name=commentlist",
                     $"{scene.CustomerUrl}/live", $"{scene.CustomerUrl}/download?fileId={fileId}", $"{scene.CustomerUrl}/preview?fileId={fileId}",
                 })
            Assert.True((await outsider.Http.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, url);
        foreach (var handler in new[] { "comment", "changerequest", $"deletefile?fileId={fileId}" })
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.HtmxPostAsync("/jobs", $"{scene.CustomerUrl}/{handler}",
                new Dictionary<string, string> { ["body"] = "hi", ["description"] = "more" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.HtmxPostAsync("/jobs", $"{scene.CustomerUrl}/upload", Multipart("x.png", Png))).StatusCode);
        Assert.DoesNotContain(scene.JobId.ToString(), await outsider.Http.GetStringAsync("/jobs"));

        await using var db = app.Database.NewContext();
        Assert.False(await db.JobComments.IgnoreQueryFilters().AnyAsync(c => c.JobId == scene.JobId));
        Assert.False(await db.JobChangeRequests.IgnoreQueryFilters().AnyAsync(c => c.JobId == scene.JobId));
        Assert.Single(await FilesAsync(scene));
    }

    [Fact]
    public async Task An_approved_change_request_extends_the_scope_price_and_due_date_and_a_rejected_one_changes_nothing()
    {
        using var scene = await JobScene.CreateAsync(app);
        await SaveAsync(scene, "savebasic", new() { ["Input.Title"] = "Website relaunch", ["Input.Priority"] = "High", ["Input.DueDate"] = "2030-06-01" });
        await SaveAsync(scene, "saveproject", new() { ["Input.Requirements"] = "Five pages" });
        await SaveAsync(scene, "savefinancial", new()
        {
            ["Input.Estimate"] = "4000", ["Input.Quoted"] = "5000", ["Input.Invoiced"] = "2500", ["Input.Paid"] = "1000",
            ["Input.CostLines"] = "Design | 2000\nBuild | 3000",
        });

        foreach (var description in new[] { "Add a blog", "Make it pink" })
            (await scene.Customer.HtmxPostAsync(scene.CustomerUrl, $"{scene.CustomerUrl}/changerequest", new Dictionary<string, string>
            {
                ["description"] = description, ["reason"] = "Marketing asked", ["urgency"] = "High",
            })).EnsureSuccessStatusCode();
        await using (var db = app.Database.NewContext())
            Assert.Equal(2, await db.EmailMessages.CountAsync(m => m.To == AdminApp.AdminEmail && m.Template == "job-change-requested"));
        var requests = await RequestsAsync(scene);
        var blog = requests.Single(r => r.Description == "Add a blog");
        var pink = requests.Single(r => r.Description == "Make it pink");

        var approved = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/decide?requestId={blog.Id}", new Dictionary<string, string>
        {
            ["decision"] = "approve", ["addedCost"] = "750.50", ["addedDays"] = "10", ["note"] = "Blog included",
        });
        Assert.Equal("Approved", (await approved.FragmentAsync()).QuerySelector($"[data-change-request='{blog.Id}'] [data-change-status]")!.TextContent);
        var refusedReject = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/decide?requestId={pink.Id}", new Dictionary<string, string>
        {
            ["decision"] = "reject", ["addedCost"] = "0", ["addedDays"] = "0", ["note"] = "",
        });
        Assert.Contains("why it is rejected", (await refusedReject.FragmentAsync()).QuerySelector("[data-section-error]")!.TextContent);
        (await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/decide?requestId={pink.Id}", new Dictionary<string, string>
        {
            ["decision"] = "reject", ["addedCost"] = "100", ["addedDays"] = "3", ["note"] = "Off brand",
        })).EnsureSuccessStatusCode();

        var job = await scene.JobAsync();
        Assert.Equal(new DateOnly(2030, 6, 11), job.DueDate);
        Assert.StartsWith("Five pages", job.Requirements);
        Assert.Contains("Add a blog", job.Requirements);
        Assert.DoesNotContain("pink", job.Requirements);
        Assert.Equal(575_050, job.QuotedPriceCents);
        Assert.Equal(3, job.CostLines.Count);
        Assert.Equal(575_050, job.CostLinesTotalCents);

        var page = await scene.Customer.GetDocumentAsync(scene.CustomerUrl);
        Assert.Equal("$5,750.50", page.QuerySelector("[data-figure='quoted']")!.TextContent);
        Assert.Equal("$5,750.50", page.QuerySelector("[data-figure='lines-total']")!.TextContent);
        Assert.StartsWith("$3,250.50", page.QuerySelector("[data-figure='not-invoiced']")!.TextContent);
        Assert.StartsWith("$1,500.00", page.QuerySelector("[data-figure='outstanding']")!.TextContent);
        Assert.Equal("Rejected", page.QuerySelector($"[data-change-request='{pink.Id}'] [data-change-status]")!.TextContent);

        await using var check = app.Database.NewContext();
        var decided = await check.EmailMessages.Where(m => m.To == scene.CustomerEmail && m.Template == "job-change-decided").Select(m => m.Subject).ToListAsync();
        Assert.Contains(decided, s => s.EndsWith("was approved"));
        Assert.Contains(decided, s => s.EndsWith("was rejected"));
        var log = await check.JobActivities.IgnoreQueryFilters().Where(a => a.JobId == scene.JobId).Select(a => a.What).ToListAsync();
        Assert.Contains("Approved a change request", log);
        Assert.Contains("Rejected a change request", log);
        Assert.Contains("Quoted price", log);
        Assert.Contains("Due date", log);
    }

    [Fact]
    public async Task Uploads_are_checked_by_size_and_content_and_downloads_go_through_the_authorized_handler()
    {
        using var scene = await JobScene.CreateAsync(app);

        var renamed = await UploadAsync(scene.Customer, scene.CustomerUrl, "invoice.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00]);
        Assert.Contains("not accepted", (await renamed.FragmentAsync()).QuerySelector("[data-section-error]")!.TextContent);
        var disguised = await UploadAsync(scene.Customer, scene.CustomerUrl, "photo.png", "%PDF-1.7 looks like a pdf"u8.ToArray());
        Assert.Contains("does not match", (await disguised.FragmentAsync()).QuerySelector("[data-section-error]")!.TextContent);
        var huge = await UploadAsync(scene.Customer, scene.CustomerUrl, "big.txt", new byte[JobLimits.FileBytes + 1]);
        Assert.Contains("at most 10 MB", (await huge.FragmentAsync()).QuerySelector("[data-section-error]")!.TextContent);
        Assert.Empty(await FilesAsync(scene));

        (await UploadAsync(scene.Customer, scene.CustomerUrl, "brief.txt", "Please use our blue."u8.ToArray())).EnsureSuccessStatusCode();
        (await UploadAsync(scene.Admin, scene.AdminUrl, "logo.png", Png)).EnsureSuccessStatusCode();
        var files = await FilesAsync(scene);
        var brief = files.Single(f => f.FileName == "brief.txt");
        var logo = files.Single(f => f.FileName == "logo.png");
        Assert.Equal(JobFileKind.Text, brief.Kind);
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "jobs", scene.JobId.ToString("N"), brief.Id.ToString("N"))));

        var download = await scene.Customer.Http.GetAsync($"{scene.CustomerUrl}/download?fileId={brief.Id}");
        Assert.Equal("Please use our blue.", await download.Content.ReadAsStringAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        var preview = await scene.Customer.Http.GetAsync($"{scene.CustomerUrl}/preview?fileId={logo.Id}");
        Assert.Equal("image/png", preview.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await scene.Customer.Http.GetAsync($"{scene.CustomerUrl}/preview?fileId={brief.Id}")).StatusCode);
        // A file id of this job under another job's URL is not found either.
        using var other = await JobScene.CreateAsync(app);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Admin.Http.GetAsync($"{other.AdminUrl}/download?fileId={brief.Id}")).StatusCode);

        // The customer may delete what they uploaded, not the team's files.
        var page = await scene.Customer.GetDocumentAsync(scene.CustomerUrl);
        Assert.NotNull(page.QuerySelector($"[data-file='{brief.Id}'] button"));
        Assert.Null(page.QuerySelector($"[data-file='{logo.Id}'] button"));
        Assert.Equal(HttpStatusCode.NotFound, (await scene.Customer.HtmxPostAsync(scene.CustomerUrl, $"{scene.CustomerUrl}/deletefile?fileId={logo.Id}")).StatusCode);
        (await scene.Customer.HtmxPostAsync(scene.CustomerUrl, $"{scene.CustomerUrl}/deletefile?fileId={brief.Id}")).EnsureSuccessStatusCode();
        Assert.Equal([logo.Id], (await FilesAsync(scene)).Select(f => f.Id));
    }

    [Fact]
    public async Task A_resource_credential_is_stored_encrypted_and_shown_only_on_an_admins_reveal()
    {
        using var scene = await JobScene.CreateAsync(app);
        const string secret = "hunter2-very-secret";
        var added = await SaveAsync(scene, "addresource", new()
        {
            ["Input.Kind"] = "Server", ["Input.Label"] = "Staging box", ["Input.Url"] = "ssh://staging.example.test", ["Input.Credential"] = secret,
        });
        Assert.DoesNotContain(secret, await added.Content.ReadAsStringAsync());

        await using (var db = app.Database.NewContext())
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = app.Provider == Core.Data.DatabaseProvider.Postgres ? "SELECT \"Resources\" FROM \"Jobs\"" : "SELECT Resources FROM Jobs";
            var stored = string.Join("\n", await ReadAllAsync(command));
            Assert.Contains("Staging box", stored);
            Assert.DoesNotContain(secret, stored);
        }

        var resource = (await scene.JobAsync()).Resources.Single();
        Assert.DoesNotContain(secret, await scene.Customer.Http.GetStringAsync(scene.CustomerUrl));
        Assert.DoesNotContain(secret, await scene.Admin.Http.GetStringAsync(scene.AdminUrl));
        Assert.Equal(HttpStatusCode.NotFound, (await scene.Customer.HtmxPostAsync(scene.CustomerUrl, $"{scene.CustomerUrl}/reveal?resourceId={resource.Id}")).StatusCode);
        var revealed = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/reveal?resourceId={resource.Id}");
        Assert.Equal(secret, (await revealed.FragmentAsync()).QuerySelector("[data-credential]")!.TextContent);
        await using var check = app.Database.NewContext();
        Assert.True(await check.JobActivities.IgnoreQueryFilters().AnyAsync(a => a.JobId == scene.JobId && a.What == "Revealed a credential"));
        // The reveal is in the audit log too, with the admin, the workspace and the credential's label (never its value).
        var audited = await check.AuditEntries.SingleAsync(e => e.Subject == $"job:{scene.JobId}" && e.Action == Core.Audit.AuditAction.CredentialRevealed);
        Assert.Equal(scene.WorkspaceId, audited.WorkspaceId);
        Assert.Contains("Staging box", audited.Summary);
        Assert.DoesNotContain(secret, audited.Summary);
    }

    [Fact]
    public async Task The_live_stamp_answers_304_until_anything_changes_and_comments_reach_the_other_side()
    {
        using var scene = await JobScene.CreateAsync(app);
        var first = await scene.Customer.Http.GetAsync($"{scene.CustomerUrl}/live");
        var etag = first.Headers.ETag!.Tag;

        using var again = new HttpRequestMessage(HttpMethod.Get, $"{scene.CustomerUrl}/live");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        Assert.Equal(HttpStatusCode.NotModified, (await scene.Customer.Http.SendAsync(again)).StatusCode);

        (await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/comment", new Dictionary<string, string> { ["body"] = "Kick-off is **Monday** <script>x</script>" }))
            .EnsureSuccessStatusCode();

        using var after = new HttpRequestMessage(HttpMethod.Get, $"{scene.CustomerUrl}/live");
        after.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var changed = await scene.Customer.Http.SendAsync(after);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
        Assert.Equal("job-changed", changed.Headers.GetValues("HX-Trigger").Single());

        var comments = await (await scene.Customer.Http.GetAsync($"{scene.CustomerUrl}/section?name=commentlist")).FragmentAsync();
        var body = comments.QuerySelector("[data-comment] .job-comment-body")!;
        Assert.Equal("Monday", body.QuerySelector("strong")!.TextContent);
        Assert.Null(body.QuerySelector("script"));
        await using var db = app.Database.NewContext();
        Assert.True(await db.EmailMessages.AnyAsync(m => m.To == scene.CustomerEmail && m.Template == "job-comment"));
    }

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static MultipartFormDataContent Multipart(string name, byte[] bytes) =>
        new() { { new ByteArrayContent(bytes), "upload", name } };

    private static Task<HttpResponseMessage> UploadAsync(AppClient client, string pageUrl, string name, byte[] bytes) =>
        client.HtmxPostAsync(pageUrl, $"{pageUrl}/upload", Multipart(name, bytes));

    private async Task<HttpResponseMessage> SaveBusinessAsync(JobScene scene, string version, string company) =>
        await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/savebusiness",
            new Dictionary<string, string> { ["Input.Version"] = version, ["Input.Company"] = company, ["Input.Contacts"] = "Ann | CEO | ann@example.test" });

    [Fact]
    public async Task Paying_more_than_was_invoiced_is_refused_and_nothing_is_saved()
    {
        using var scene = await JobScene.CreateAsync(app);
        await SaveAsync(scene, "savefinancial", new() { ["Input.Quoted"] = "8000", ["Input.Invoiced"] = "1000", ["Input.Paid"] = "500" });

        var refused = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/savefinancial", new Dictionary<string, string>
        {
            ["Input.Version"] = (await scene.VersionAsync()).ToString(),
            ["Input.Quoted"] = "8000", ["Input.Invoiced"] = "1000", ["Input.Paid"] = "8749",
        });

        var form = await refused.FragmentAsync();
        Assert.Equal("Paid cannot be more than invoiced ($1,000.00). Record the invoice first.",
            form.QuerySelector("[data-valmsg-for='Input.Paid']")!.TextContent.Trim());
        Assert.Equal("8749", form.QuerySelector("input[name='Input.Paid']")!.GetAttribute("value"));
        var job = await scene.JobAsync();
        Assert.Equal((100_000, 50_000), (job.InvoicedCents, job.PaidCents));
        var page = await scene.Customer.GetDocumentAsync(scene.CustomerUrl);
        Assert.Equal("$500.00 outstanding", page.QuerySelector("[data-figure='outstanding']")!.TextContent);
    }

    private static async Task<HttpResponseMessage> SaveAsync(JobScene scene, string handler, Dictionary<string, string> fields)
    {
        fields["Input.Version"] = (await scene.VersionAsync()).ToString();
        var response = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/{handler}", fields);
        var fragment = await response.FragmentAsync();
        Assert.Null(fragment.QuerySelector("[data-section-error], .text-danger:not(:empty)"));
        return response;
    }

    private async Task<List<JobFile>> FilesAsync(JobScene scene)
    {
        await using var db = app.Database.NewContext();
        return await db.JobFiles.IgnoreQueryFilters().Where(f => f.JobId == scene.JobId).ToListAsync();
    }

    [Fact]
    public async Task An_overlong_change_request_is_refused_with_a_message_and_nothing_stored()
    {
        using var scene = await JobScene.CreateAsync(app);
        var tooLong = new string('x', JobLimits.LongText + 1);
        foreach (var (description, reason) in new[] { (tooLong, "ok"), ("Add a blog", tooLong) })
        {
            var response = await scene.Customer.HtmxPostAsync(scene.CustomerUrl, $"{scene.CustomerUrl}/changerequest", new Dictionary<string, string>
            {
                ["description"] = description, ["reason"] = reason, ["urgency"] = "High",
            });
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"At most {JobLimits.LongText} characters", (await response.FragmentAsync()).QuerySelector("[data-section-error]")!.TextContent);
        }
        Assert.Empty(await RequestsAsync(scene));
    }

    private async Task<List<JobChangeRequest>> RequestsAsync(JobScene scene)
    {
        await using var db = app.Database.NewContext();
        return await db.JobChangeRequests.IgnoreQueryFilters().Where(r => r.JobId == scene.JobId).ToListAsync();
    }

    private static async Task<List<string>> ReadAllAsync(System.Data.Common.DbCommand command)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
        return values;
    }
}

[Collection(SharedApps.SqliteAdmin1)]
public sealed class JobPageTestsOnSqlite(AdminApp app) : JobPageTests<AdminApp>(app);

[Collection(SharedApps.PostgresAdmin1)]
public sealed class JobPageTestsOnPostgres(PostgresAdminApp app) : JobPageTests<PostgresAdminApp>(app);
