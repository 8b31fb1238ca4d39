using System.IO.Compression;
using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Automation;
using Streamline.Core.Campaigns;
using Streamline.Core.Onboarding;
using Streamline.Core.Widget;
using Streamline.Tests.Support;

namespace Streamline.Tests.Automation;

public abstract partial class ServiceRunTests<TApp>
{
    [Fact]
    public async Task The_webpage_generator_builds_a_valid_page_from_the_profile_campaigns_and_widget_previewed_sandboxed_and_zipped()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(10_000);
        using var _ = customer;
        await using (var db = app.Database.NewContext())
        {
            db.BusinessProfiles.Add(new BusinessProfile { WorkspaceId = workspace, BusinessName = "Harbour Bakery", Industry = "Bakery", UpdatedAt = DateTime.UtcNow });
            db.Campaigns.Add(new Campaign
            {
                WorkspaceId = workspace, Name = "Bread club", Status = CampaignStatus.Active, ProductName = "Bread club", PriceCents = 1_500,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            db.Campaigns.Add(new Campaign { WorkspaceId = workspace, Name = "Draft idea", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            db.WidgetSettings.Add(new WidgetSettings { WorkspaceId = workspace, PublicKey = "wk_test_key", KeyRotatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var run = await FinishedAsync(RunIdOf(await customer.PostFormAsync("/services/webpage-generator",
            new Dictionary<string, string> { ["Input[headline]"] = "Bread worth waking up for" })));
        Assert.Equal((ServiceRunStatus.Succeeded, 5_000L), (run.Status, run.CostMillicredits));
        Assert.Equal("A page with 1 offer and your chat widget", run.Summary);

        var runPage = await customer.GetDocumentAsync($"/services/runs/{run.Id}");
        var frame = runPage.QuerySelector("iframe")!;
        Assert.True(frame.HasAttribute("sandbox"));
        Assert.Equal("", frame.GetAttribute("sandbox"));

        var preview = await customer.Http.GetAsync(frame.GetAttribute("src"));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var policy = string.Join(" ", preview.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("sandbox; default-src 'none'", policy);
        Assert.EndsWith("frame-ancestors 'self'", policy);
        Assert.False(preview.Headers.Contains("X-Frame-Options"));
        var previewed = new HtmlParser(new HtmlParserOptions { IsStrictMode = true }).ParseDocument(await preview.Content.ReadAsStringAsync());
        Assert.Equal("Bread worth waking up for", previewed.QuerySelector(".tagline")!.TextContent);
        Assert.Empty(previewed.QuerySelectorAll("script"));

        var zip = await customer.Http.GetAsync($"/services/runs/{run.Id}?handler=File&name=site.zip");
        Assert.Equal("application/zip", zip.Content.Headers.ContentType!.MediaType);
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
        using var reader = new StreamReader(Assert.Single(archive.Entries, e => e.FullName == "index.html").Open());
        var page = new HtmlParser(new HtmlParserOptions { IsStrictMode = true }).ParseDocument(await reader.ReadToEndAsync());
        Assert.Equal(["Bread club"], page.QuerySelectorAll(".offer h3").Select(h => h.TextContent));
        var script = Assert.Single(page.QuerySelectorAll("script"));
        Assert.Equal(("https://localhost/widget.js", "wk_test_key"), (script.GetAttribute("src"), script.GetAttribute("data-key")));

        var (stranger, _) = await AppClient.SignedInUserAsync(app);
        using (stranger) Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(frame.GetAttribute("src"))).StatusCode);
    }

    [Fact]
    public async Task The_webpage_generator_asks_for_a_business_profile_first_and_charges_nothing()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(10_000);
        using var _ = customer;
        var run = await FinishedAsync(RunIdOf(await customer.PostFormAsync("/services/webpage-generator", new Dictionary<string, string>())));
        Assert.Equal(ServiceRunStatus.Failed, run.Status);
        Assert.Contains("Fill in your business profile", run.Error);
        Assert.Equal(10_000, await BalanceAsync(workspace));
        Assert.Null((await customer.GetDocumentAsync($"/services/runs/{run.Id}")).QuerySelector("iframe"));
    }
}
