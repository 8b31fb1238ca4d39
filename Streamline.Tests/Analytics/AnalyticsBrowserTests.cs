using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Streamline.Tests.Admin;
using Streamline.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Analytics;

/// <summary>The analytics page in Chromium, for the house workspace with its seeded campaigns and the known conversations.</summary>
[Trait("Category", "Browser")]
public sealed class AnalyticsBrowserTests(AdminBrowserApp app) : AdminBrowserSession(app), IClassFixture<AdminBrowserApp>
{
    private const string DrawnPixels = """
        canvas => {
          const { width, height } = canvas;
          const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
          let drawn = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) drawn++;
          return drawn;
        }
        """;

    [Fact]
    public async Task The_charts_are_drawn_and_the_period_picker_redraws_them_in_place()
    {
        Guid house;
        await using (var db = App.Database.NewContext())
            house = (await db.Users.SingleAsync(u => u.Email == AdminApp.AdminEmail)).CurrentWorkspaceId!.Value;
        var data = await AnalyticsScene.OnAsync(App, house);
        await data.SeedKnownSetAsync();
        for (var day = AnalyticsScene.ThreeDaysAgo; day < AnalyticsScene.Today; day = day.AddDays(1)) await AnalyticsScene.AggregateAsync(App, day);

        await Page.GotoAsync("/analytics");
        await Expect(Page.Locator("canvas[data-chart-name=trend]")).ToHaveAttributeAsync("data-chart-state", "ready");
        await Expect(Page.Locator("canvas[data-chart-name=revenue]")).ToHaveAttributeAsync("data-chart-state", "ready");
        Assert.True(await Page.Locator("canvas[data-chart-name=trend]").EvaluateAsync<int>(DrawnPixels) > 500);
        Assert.True(await Page.Locator("canvas[data-chart-name=revenue]").EvaluateAsync<int>(DrawnPixels) > 100);
        await Expect(Page.Locator("[data-figure=conversations]")).ToHaveTextAsync("5");
        await Page.ScreenshotAsync(new() { Path = "/tmp/analytics-30-days.png", FullPage = true });

        await Page.GetByRole(AriaRole.Link, new() { Name = "7 days" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/analytics\?days=7$"));
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "7 days" })).ToHaveAttributeAsync("aria-current", "true");
        await Expect(Page.Locator("canvas[data-chart-name=trend]")).ToHaveAttributeAsync("data-chart-state", "ready");
        Assert.True(await Page.Locator("canvas[data-chart-name=trend]").EvaluateAsync<int>(DrawnPixels) > 500);
        Assert.Equal(1, await Page.Locator("#analytics-report").CountAsync());

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator("#by-campaign").Locator("xpath=ancestor::div[contains(@class,'card-body')]").GetByRole(AriaRole.Link, new() { Name = "CSV" }).ClickAsync());
        Assert.StartsWith("analytics-campaigns-", download.SuggestedFilename);
        AssertNoConsoleErrors();
    }
}
