using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Widget;
using Streamline.Tests.Onboarding;
using Streamline.Tests.Support;

namespace Streamline.Tests.Widget;

public abstract partial class WidgetSettingsPageTests<TApp>(TApp app) where TApp : StreamlineApp
{
    /// <summary>The form as the page renders it, with some fields changed: what a browser would post.</summary>
    private static async Task<Dictionary<string, string>> FormAsync(AppClient client, Action<Dictionary<string, string>>? change = null)
    {
        var page = await client.GetDocumentAsync("/widget");
        var form = page.QuerySelector<IHtmlFormElement>("form[data-widget-form]")!;
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name]"))
        {
            if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
            // A checkbox's hidden "false" comes after it in the form: it only counts when the box is unchecked.
            if (input.Type == "hidden") fields.TryAdd(input.Name!, input.Value);
            else fields[input.Name!] = input.Value;
        }
        foreach (var area in form.QuerySelectorAll<IHtmlTextAreaElement>("textarea[name]")) fields[area.Name!] = area.Value;
        foreach (var select in form.QuerySelectorAll<IHtmlSelectElement>("select[name]")) fields[select.Name!] = select.Value!;
        change?.Invoke(fields);
        return fields;
    }

    private async Task<HttpResponseMessage> SaveAsync(AppClient client, Action<Dictionary<string, string>> change) =>
        await client.PostFormAsync("/widget", await FormAsync(client, change), "/widget?handler=Save");

    private async Task<WidgetSettings> SettingsAsync(string email)
    {
        var workspaceId = await SetupClients.WorkspaceIdOfAsync(app, email);
        await using var db = app.Database.NewContext();
        return await db.WidgetSettings.IgnoreQueryFilters().AsNoTracking().SingleAsync(w => w.WorkspaceId == workspaceId);
    }

    private Task<WidgetSettings?> FindByKeyAsync(string key) =>
        app.WithScopeAsync(s => s.GetRequiredService<WidgetSettingsService>().FindByPublicKeyAsync(key));

    [Fact]
    public async Task The_first_visit_creates_a_random_key_and_shows_the_snippet_with_it()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);

        var page = await client.GetDocumentAsync("/widget");

        var settings = await SettingsAsync(email);
        Assert.Matches(KeyShape(), settings.PublicKey);
        Assert.Equal($"<script src=\"https://localhost/widget.js\" data-key=\"{settings.PublicKey}\" async></script>",
            page.QuerySelector("#widget-snippet")!.TextContent);
        Assert.NotNull(page.QuerySelector("[data-copy-target='#widget-snippet']"));
        var tryIt = page.QuerySelector("[data-try-chat]")!.GetAttribute("href")!;
        Assert.Equal($"/chat/{settings.PublicKey}", tryIt);
        Assert.Contains(settings.Title, (await client.GetDocumentAsync(tryIt)).QuerySelector("[data-chat]")!.TextContent);
        Assert.Equal(settings.BrandColor.ToLowerInvariant(), page.QuerySelector("[data-preview-fill]")!.GetAttribute("fill"));
        await client.GetDocumentAsync("/widget");
        Assert.Equal(settings.PublicKey, (await SettingsAsync(email)).PublicKey); // created once, not per visit
    }

    [Fact]
    public async Task Valid_settings_are_saved_normalised_and_shown_in_the_preview()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);

        (await SaveAsync(client, f =>
        {
            f["Input.Origins"] = "https://Shop.Example.com/\nhttp://localhost:3000";
            f["Input.BrandColor"] = "#FF5500";
            f["Input.Title"] = "Ask the baker";
            f["Input.Position"] = "BottomLeft";
            f["Input.TimeZone"] = "Europe/Lisbon";
            f["Input.UseBusinessHours"] = "true";
            f["Input.Days[0].Open"] = "true";
            f["Input.Days[0].Opens"] = "09:00";
            f["Input.Days[0].Closes"] = "17:30";
        })).EnsureRedirect("/widget");

        var settings = await SettingsAsync(email);
        Assert.Equal(["https://shop.example.com", "http://localhost:3000"], settings.AllowedOrigins);
        Assert.Equal("#ff5500", settings.BrandColor);
        Assert.Equal(LauncherPosition.BottomLeft, settings.LauncherPosition);
        Assert.Equal("Europe/Lisbon", settings.TimeZone);
        var monday = Assert.Single(settings.Hours);
        Assert.Equal((DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(17, 30)), (monday.Day, monday.Opens, monday.Closes));
        Assert.Equal(1, settings.Version);

        var page = await client.GetDocumentAsync("/widget");
        Assert.Contains("Widget settings saved", page.QuerySelector("main")!.TextContent);
        Assert.Equal("#ff5500", page.QuerySelector("[data-preview-fill]")!.GetAttribute("fill"));
        Assert.Contains("is-left", page.QuerySelector("[data-preview]")!.ClassName);
        Assert.Equal("Ask the baker", page.QuerySelector("[data-preview-title]")!.TextContent);
        Assert.Equal("09:00", page.QuerySelector<IHtmlInputElement>("input[name='Input.Days[0].Opens']")!.Value);
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Input.Origins", "https://shop.example.com\nhttps://shop.example.com/checkout", "Line 2 (" },
        { "Input.Origins", "https://*.example.com", "wildcards are not allowed" },
        { "Input.Origins", "ftp://shop.example.com", "only http:// and https://" },
        { "Input.Origins", "null", "cannot identify your website" },
        { "Input.BrandColor", "red", "Pick a colour as #rrggbb" },
        { "Input.TimeZone", "Mars/Olympus_Mons", "is not a time zone we know" },
        { "Input.Title", "", "Give the chat window a title." },
        { "Input.Days[2].Closes", "08:00", "On Wednesday the closing time must be after the opening time" },
        { "Input.UseBusinessHours", "yes", "The value 'yes' is not valid" },
        { "Input.DailyAiCapCredits", "-3", "Enter a daily limit between 1 and 10,000,000 credits" },
        { "Input.DailyAiCapCredits", "99999999999999999999", "is not valid" },
        { "Input.DailyAiCapCredits", "lots", "The value 'lots' is not valid" },
    };

    [Fact]
    public async Task The_daily_ai_credit_limit_starts_on_and_the_owner_can_change_or_clear_it()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var page = await client.GetDocumentAsync("/widget");
        Assert.Equal("200", page.QuerySelector<IHtmlInputElement>("input[name='Input.DailyAiCapCredits']")!.Value);
        Assert.Equal(WidgetSettings.DefaultDailyAiCapMillicredits, (await SettingsAsync(email)).DailyAiCapMillicredits);

        (await SaveAsync(client, f => f["Input.DailyAiCapCredits"] = "50")).EnsureRedirect("/widget");
        Assert.Equal(50_000, (await SettingsAsync(email)).DailyAiCapMillicredits);

        (await SaveAsync(client, f => f["Input.DailyAiCapCredits"] = "")).EnsureRedirect("/widget");
        Assert.Equal(0, (await SettingsAsync(email)).DailyAiCapMillicredits);
        page = await client.GetDocumentAsync("/widget");
        Assert.Equal("", page.QuerySelector<IHtmlInputElement>("input[name='Input.DailyAiCapCredits']")!.Value);
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_is_refused_with_a_message_naming_it_and_nothing_is_saved(string field, string value, string message)
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        await client.GetDocumentAsync("/widget");

        var response = await SaveAsync(client, f =>
        {
            f["Input.Days[2].Open"] = "true";
            f["Input.Days[2].Opens"] = "09:00";
            f["Input.Days[2].Closes"] = "18:00";
            f[field] = value;
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await AppClient.ParseAsync(response);
        Assert.Contains(message, page.QuerySelector("main")!.TextContent);
        var settings = await SettingsAsync(email);
        Assert.Equal(0, settings.Version);
        Assert.Empty(settings.Hours);
        // What was typed is shown again for correction, not replaced by the stored value.
        if (field == "Input.Origins") Assert.Equal(value, page.QuerySelector<IHtmlTextAreaElement>("textarea[name='Input.Origins']")!.Value);
    }

    [Fact]
    public async Task A_save_from_a_stale_form_is_refused_and_keeps_the_other_persons_changes()
    {
        var (owner, email) = await AppClient.SignedInUserAsync(app);
        var staleForm = await FormAsync(owner, f => f["Input.Title"] = "From the old tab");
        (await SaveAsync(owner, f => f["Input.Title"] = "From the new tab")).EnsureRedirect("/widget");

        var response = await owner.PostFormAsync("/widget", staleForm, "/widget?handler=Save");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Someone changed these settings after you opened them. Nothing was saved",
            (await AppClient.ParseAsync(response)).QuerySelector("main")!.TextContent);
        var settings = await SettingsAsync(email);
        Assert.Equal("From the new tab", settings.Title);
        Assert.Equal(1, settings.Version);
    }

    [Fact]
    public async Task Rotating_the_key_makes_the_old_one_stop_resolving()
    {
        var (owner, email) = await AppClient.SignedInUserAsync(app);
        await owner.GetDocumentAsync("/widget");
        var old = (await SettingsAsync(email)).PublicKey;
        Assert.NotNull(await FindByKeyAsync(old));

        (await owner.PostFormAsync("/widget", new Dictionary<string, string>(), "/widget?handler=RotateKey")).EnsureRedirect("/widget");

        var rotated = (await SettingsAsync(email)).PublicKey;
        Assert.NotEqual(old, rotated);
        Assert.Matches(KeyShape(), rotated);
        Assert.Null(await FindByKeyAsync(old));
        Assert.Equal(await SetupClients.WorkspaceIdOfAsync(app, email), (await FindByKeyAsync(rotated))!.WorkspaceId);
        var page = await owner.GetDocumentAsync("/widget");
        Assert.Contains("The old key no longer works", page.QuerySelector("main")!.TextContent);
        Assert.Contains($"data-key=\"{rotated}\"", page.QuerySelector("#widget-snippet")!.TextContent);
    }

    [Fact]
    public async Task A_member_sees_the_settings_and_snippet_but_cannot_change_them()
    {
        var (owner, email) = await AppClient.SignedInUserAsync(app);
        await owner.GetDocumentAsync("/widget");
        var member = await SetupClients.NewMemberAsync(app, owner);
        var before = await SettingsAsync(email);

        var page = await member.GetDocumentAsync("/widget");
        Assert.Contains(before.PublicKey, page.QuerySelector("#widget-snippet")!.TextContent);
        Assert.True(page.QuerySelector("form[data-widget-form] fieldset")!.HasAttribute("disabled"));
        Assert.Null(page.QuerySelector("#rotate-key-dialog"));

        var fields = await FormAsync(member, f => f["Input.Title"] = "Changed by a member");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.HtmxPostAsync("/widget?handler=Save", fields)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.HtmxPostAsync("/widget?handler=RotateKey", new Dictionary<string, string> { ["version"] = "0" })).StatusCode);

        var after = await SettingsAsync(email);
        Assert.Equal(before.Title, after.Title);
        Assert.Equal(before.PublicKey, after.PublicKey);
    }

    [Fact]
    public async Task Another_workspaces_owner_only_ever_reaches_their_own_widget()
    {
        var (owner, ownerEmail) = await AppClient.SignedInUserAsync(app);
        await owner.GetDocumentAsync("/widget");
        var victim = await SettingsAsync(ownerEmail);
        var (intruder, intruderEmail) = await AppClient.SignedInUserAsync(app);

        var page = await intruder.GetDocumentAsync("/widget");
        Assert.DoesNotContain(victim.PublicKey, page.Body!.InnerHtml);
        var fields = await FormAsync(intruder, f => f["Input.Title"] = "Hijacked");
        Assert.DoesNotContain(victim.PublicKey, await (await intruder.HtmxPostAsync("/widget?handler=Save", fields)).Content.ReadAsStringAsync());
        await intruder.HtmxPostAsync("/widget?handler=RotateKey", new Dictionary<string, string> { ["version"] = "1" });

        var after = await SettingsAsync(ownerEmail);
        Assert.Equal(victim.PublicKey, after.PublicKey);
        Assert.Equal(victim.Title, after.Title);
        Assert.Equal(0, after.Version);
        Assert.Equal("Hijacked", (await SettingsAsync(intruderEmail)).Title);
    }

    [GeneratedRegex("^wk_[a-z2-7]{24}$")]
    private static partial Regex KeyShape();
}

[Collection(SharedApps.Sqlite3)]
public sealed class WidgetSettingsPageTestsOnSqlite(SqliteApp app) : WidgetSettingsPageTests<SqliteApp>(app);

[Collection(SharedApps.Postgres3)]
public sealed class WidgetSettingsPageTestsOnPostgres(PostgresApp app) : WidgetSettingsPageTests<PostgresApp>(app);
