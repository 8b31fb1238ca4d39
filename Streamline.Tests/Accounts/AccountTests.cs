using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Accounts;

public abstract class AccountTests<TApp>(TApp app) where TApp : StreamlineApp
{
    [Fact]
    public async Task Registering_creates_the_user_their_workspace_and_a_confirmation_mail_together()
    {
        using var client = app.NewClient();
        var email = $"new-{Guid.NewGuid():N}@example.test";

        (await client.RegisterAsync(email, "Ada Lovelace", "Analytical Engines")).EnsureRedirect("/Identity/Account/CheckEmail");

        await using var db = app.Database.NewContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.False(user.EmailConfirmed);
        var membership = await db.WorkspaceMembers.Include(m => m.Workspace).SingleAsync(m => m.UserId == user.Id);
        Assert.Equal("Analytical Engines", membership.Workspace!.Name);
        Assert.Equal(WorkspaceRole.Owner, membership.Role);
        Assert.Equal(membership.WorkspaceId, user.CurrentWorkspaceId);
        var mail = await db.EmailMessages.SingleAsync(m => m.To == email);
        Assert.Equal("confirm-email", mail.Template);
        Assert.Contains("Analytical Engines", mail.HtmlBody);
        Assert.Contains("/Identity/Account/ConfirmEmail", mail.TextBody);
    }

    [Fact]
    public async Task Registering_with_bad_input_shows_messages_and_stores_nothing()
    {
        using var client = app.NewClient();
        var email = $"bad-{Guid.NewGuid():N}@example.test";
        var response = await client.PostFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.Name"] = "", ["Input.Email"] = email, ["Input.Password"] = "short", ["Input.ConfirmPassword"] = "other",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Tell us your name.", html);
        Assert.Contains("Use at least 10 characters.", html);
        await using var db = app.Database.NewContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
        Assert.False(await db.EmailMessages.AnyAsync(m => m.To == email));
    }

    [Fact]
    public async Task Registering_twice_with_one_address_is_refused_plainly()
    {
        var (_, email) = await AppClient.SignedInUserAsync(app);
        using var other = app.NewClient();

        var response = await other.RegisterAsync(email);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("An account with this e-mail already exists", await response.Content.ReadAsStringAsync());
        await using var db = app.Database.NewContext();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == email));
    }

    [Fact]
    public async Task An_unconfirmed_user_cannot_log_in_until_the_mailed_link_is_followed()
    {
        using var client = app.NewClient();
        var email = $"confirm-{Guid.NewGuid():N}@example.test";
        (await client.RegisterAsync(email)).EnsureRedirect();

        var refused = await client.LoginAsync(email);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Please confirm your e-mail address first", await refused.Content.ReadAsStringAsync());

        var confirmed = await client.ConfirmFromOutboxAsync(email);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Thank you for confirming your e-mail", await confirmed.Content.ReadAsStringAsync());

        (await client.LoginAsync(email)).EnsureRedirect("/app");
        var dashboard = await client.GetDocumentAsync("/app");
        Assert.Contains("Welcome, Test Person", dashboard.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task A_mangled_confirmation_link_explains_itself_and_confirms_nothing()
    {
        using var client = app.NewClient();
        var email = $"mangled-{Guid.NewGuid():N}@example.test";
        (await client.RegisterAsync(email)).EnsureRedirect();
        await using var db = app.Database.NewContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);

        var response = await client.Http.GetAsync($"/Identity/Account/ConfirmEmail?userId={user.Id}&code=not*base64");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This link didn", await response.Content.ReadAsStringAsync());
        Assert.False((await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id)).EmailConfirmed);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("not-a-guid-at-all")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task A_confirmation_link_with_a_malformed_or_unknown_user_is_a_friendly_dead_link(string userId)
    {
        using var client = app.NewClient();

        var response = await client.Http.GetAsync($"/Identity/Account/ConfirmEmail?userId={userId}&code=y");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This link didn", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/credits", "/credits")]
    [InlineData("http://evil.example/next", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/caf\u00e9", "/")]
    [InlineData("/a\nb", "/")]
    public async Task Logging_out_goes_back_only_to_a_plain_address_of_this_site(string returnUrl, string landing)
    {
        var (client, _) = await AppClient.SignedInUserAsync(app);
        var token = await client.AntiforgeryTokenAsync("/app");

        var response = await client.Http.PostAsync("/Identity/Account/Logout?returnUrl=" + Uri.EscapeDataString(returnUrl),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(landing, response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/app")).StatusCode); // signed out: sent to log in
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var (_, email) = await AppClient.SignedInUserAsync(app);
        using var attacker = app.NewClient();

        for (var i = 0; i < 4; i++)
        {
            var wrong = await attacker.LoginAsync(email, "not the password");
            Assert.Contains("match an account", await wrong.Content.ReadAsStringAsync());
        }
        (await attacker.LoginAsync(email, "not the password")).EnsureRedirect("/Identity/Account/Lockout");
        (await attacker.LoginAsync(email)).EnsureRedirect("/Identity/Account/Lockout");

        await using var db = app.Database.NewContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task Forgot_password_mails_a_link_that_sets_a_new_password()
    {
        var (_, email) = await AppClient.SignedInUserAsync(app);
        using var client = app.NewClient();

        (await client.PostFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email }))
            .EnsureRedirect("/Identity/Account/ForgotPasswordConfirmation");

        await using var db = app.Database.NewContext();
        var mail = await db.EmailMessages.SingleAsync(m => m.To == email && m.Template == "reset-password");
        var resetPage = AppClient.PathOf(AppClient.LinkTo("ResetPassword", mail.TextBody));
        const string newPassword = "a brand new passphrase";
        (await client.PostFormAsync(resetPage, new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = newPassword, ["Input.ConfirmPassword"] = newPassword,
        })).EnsureRedirect("/Identity/Account/ResetPasswordConfirmation");

        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email)).StatusCode); // old password refused
        (await client.LoginAsync(email, newPassword)).EnsureRedirect("/app");
    }

    [Fact]
    public async Task One_address_gets_at_most_three_reset_mails_an_hour_and_the_page_says_the_same()
    {
        var (_, email) = await AppClient.SignedInUserAsync(app);

        for (var i = 0; i <= Streamline.Web.Areas.Identity.Pages.Account.AccountEmails.PerAddressPerHour; i++)
        {
            using var client = app.NewClient();
            (await client.PostFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email }))
                .EnsureRedirect("/Identity/Account/ForgotPasswordConfirmation");
        }

        await using var db = app.Database.NewContext();
        Assert.Equal(3, await db.EmailMessages.CountAsync(m => m.To == email && m.Template == "reset-password"));
    }

    [Fact]
    public async Task Forgot_password_for_an_unknown_address_says_the_same_and_sends_nothing()
    {
        using var client = app.NewClient();
        var email = $"nobody-{Guid.NewGuid():N}@example.test";

        (await client.PostFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email }))
            .EnsureRedirect("/Identity/Account/ForgotPasswordConfirmation");

        await using var db = app.Database.NewContext();
        Assert.False(await db.EmailMessages.AnyAsync(m => m.To == email));
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_log_in_from_app_pages()
    {
        using var client = app.NewClient();
        foreach (var url in new[] { "/app", "/workspace", "/campaigns", "/admin", "/admin/jobs" })
            (await client.Http.GetAsync(url)).EnsureRedirect("https://localhost/Identity/Account/Login");
    }

    [Fact]
    public async Task Customers_cannot_open_the_admin_area_or_the_job_dashboard()
    {
        var (client, _) = await AppClient.SignedInUserAsync(app);
        foreach (var url in new[] { "/admin", "/admin/mail", "/admin/jobs" })
        {
            var response = await client.Http.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("AccessDenied") == true,
                $"{url} answered {(int)response.StatusCode}");
        }
    }
}

[Collection(SharedApps.Sqlite3)]
public sealed class AccountTestsOnSqlite(SqliteApp app) : AccountTests<SqliteApp>(app);

[Collection(SharedApps.Postgres1)]
public sealed class AccountTestsOnPostgres(PostgresApp app) : AccountTests<PostgresApp>(app);
