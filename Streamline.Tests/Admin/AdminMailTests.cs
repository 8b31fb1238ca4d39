using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Email;
using Streamline.Tests.Email;
using Streamline.Tests.Support;

namespace Streamline.Tests.Admin;

public sealed class AdminMailTests(AdminApp app) : IClassFixture<AdminApp>
{
    [Fact]
    public async Task The_configured_super_admin_owns_the_house_workspace_and_sees_the_back_office()
    {
        using var admin = app.NewClient();
        (await admin.LoginAsync(AdminApp.AdminEmail, AdminApp.AdminPassword)).EnsureRedirect("/app");

        Assert.Contains("Stream-line AI", (await admin.GetDocumentAsync("/app")).QuerySelector("main")!.TextContent);
        Assert.Contains("Platform overview", (await admin.GetDocumentAsync("/admin")).QuerySelector("h1")!.TextContent);
        var jobs = await admin.Http.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
        Assert.Contains("Streamline background jobs", await jobs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Mail_written_to_the_pickup_folder_is_listed_and_shown_to_admins()
    {
        using var visitor = app.NewClient();
        var email = $"pickup-{Guid.NewGuid():N}@example.test";
        (await visitor.RegisterAsync(email)).EnsureRedirect();
        await using var db = app.Database.NewContext();
        await Poll.UntilAsync(async () => await db.EmailMessages.AnyAsync(m => m.To == email && m.Status == EmailStatus.Sent));
        var mail = await db.EmailMessages.SingleAsync(m => m.To == email);
        var file = Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml")
            .Single(f => File.ReadAllText(f).Contains(email));
        Assert.Contains(mail.MessageId, await File.ReadAllTextAsync(file));

        using var admin = app.NewClient();
        (await admin.LoginAsync(AdminApp.AdminEmail, AdminApp.AdminPassword)).EnsureRedirect("/app");
        var list = await admin.GetDocumentAsync("/admin/mail");
        Assert.Contains(email, list.QuerySelector("table")!.TextContent);
        // "(1 file)", "(2 files)": never "(1 files)". Other tests of this app add files, so the count is any.
        Assert.Matches(@"\((1 file|([02-9]|\d{2,}) files)\)", list.QuerySelector(".page-header p")!.TextContent);

        var show = await admin.GetDocumentAsync($"/admin/mail/{mail.Id}");
        Assert.Contains("Confirm your e-mail for Streamline", show.QuerySelector("h1")!.TextContent);
        Assert.Contains("/Identity/Account/ConfirmEmail", show.QuerySelector("pre")!.TextContent);

        var html = await admin.Http.GetAsync($"/admin/mail/{mail.Id}/html");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        var csp = html.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'self'", csp);
        Assert.Contains("sandbox", csp);
        Assert.DoesNotContain("script-src", csp); // default-src 'none' forbids scripts
        Assert.Contains("Confirm my e-mail address", await html.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_mail_that_does_not_exist_is_a_404_in_the_back_office()
    {
        using var admin = app.NewClient();
        (await admin.LoginAsync(AdminApp.AdminEmail, AdminApp.AdminPassword)).EnsureRedirect("/app");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/admin/mail/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/admin/mail/{Guid.NewGuid()}/html")).StatusCode);
    }
}
