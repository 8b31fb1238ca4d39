using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Streamline.Tests.Admin;
using Streamline.Tests.Analytics;
using Streamline.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Assistant;

/// <summary>Leo in Chromium, for the house workspace with the known conversations.</summary>
[Trait("Category", "Browser")]
public sealed class LeoBrowserTests(AdminBrowserApp app) : AdminBrowserSession(app), IClassFixture<AdminBrowserApp>
{
    [Fact]
    public async Task A_question_is_answered_with_its_table_and_chart_and_the_box_is_ready_for_the_next()
    {
        Guid house;
        await using (var db = App.Database.NewContext())
            house = (await db.Users.SingleAsync(u => u.Email == AdminApp.AdminEmail)).CurrentWorkspaceId!.Value;
        var data = await AnalyticsScene.OnAsync(App, house);
        await data.SeedKnownSetAsync();
        for (var day = AnalyticsScene.ThreeDaysAgo; day < AnalyticsScene.Today; day = day.AddDays(1)) await AnalyticsScene.AggregateAsync(App, day);

        await Page.GotoAsync("/assistant");
        await Expect(Page.Locator("[data-leo-estimate]")).ToContainTextAsync("Each answer costs at most");
        await Page.GetByLabel("Your question").FillAsync("Which channel converts best?");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();

        var exchange = Page.Locator("[data-leo-exchange]");
        await Expect(exchange).ToHaveCountAsync(1);
        await Expect(exchange.Locator("[data-leo-answer]")).ToContainTextAsync("Widget converts best");
        await Expect(exchange.Locator("[data-leo-suggestion]")).ToContainTextAsync("Suggestion:");
        await Expect(exchange.GetByRole(AriaRole.Table)).ToContainTextAsync("WhatsApp");
        // The chart arrived in an htmx swap (no <script> runs there): charts.js draws it on htmx:load.
        await Expect(exchange.Locator("canvas[data-leo-chart=channel_conversion]")).ToHaveAttributeAsync("data-chart-state", "ready");
        await Expect(Page.GetByLabel("Your question")).ToHaveValueAsync("");

        await Page.GetByLabel("Your question").FillAsync("How many conversations in the last 7 days?");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();
        await Expect(exchange).ToHaveCountAsync(2);
        await Expect(exchange.Nth(1).Locator("[data-leo-answer]")).ToHaveTextAsync("Conversations in the last 7 days: 5.");
        await Page.ScreenshotAsync(new() { Path = "/tmp/leo-assistant.png", FullPage = true });
        AssertNoConsoleErrors();
    }
}
