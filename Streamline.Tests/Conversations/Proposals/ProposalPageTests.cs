using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Proposals;
using Streamline.Tests.Admin;
using Streamline.Tests.Jobs;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations.Proposals;

/// <summary>The proposal's public page, as the lead opens it from the link: no account, no cookies but ours.</summary>
[Collection(SharedApps.SqliteAdmin1)]
public sealed class ProposalPageTests(AdminApp app)
{
    [Fact]
    public async Task An_anonymous_lead_reads_the_proposal_rendered_without_raw_html_and_not_indexed()
    {
        var scene = await ProposalScene.CustomerAsync(app);
        var proposal = (await scene.ProposeAsync(new ProposalBrief("<script>alert(1)</script> [win](https://evil.test) ![p](https://evil.test/p.png)", null, null),
            scene.Website.Id)).Proposal!;
        using var lead = app.NewClient();

        var response = await lead.Http.GetAsync($"/p/{proposal.PublicToken}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("noindex, nofollow", response.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        var page = await AppClient.ParseAsync(response);
        Assert.Equal("noindex, nofollow", page.QuerySelector("meta[name=robots]")!.GetAttribute("content"));
        var body = page.QuerySelector("[data-proposal]")!;
        Assert.Empty(body.QuerySelectorAll("script, a, img"));
        Assert.Contains("<script>alert(1)</script> [win](https://evil.test)", body.TextContent);
        Assert.Equal("Proposal for Analytical Engines", body.QuerySelector("h1")!.TextContent);
        Assert.Contains("$1,200.00", body.QuerySelector("table.table")!.TextContent);
        Assert.NotNull(page.QuerySelector("main form[method=post] button[type=submit]"));
        Assert.Null(page.QuerySelector("[data-accepted]"));
    }

    [Fact]
    public async Task Accepting_from_the_page_shows_the_date_and_a_second_accept_changes_nothing()
    {
        var scene = await ProposalScene.CustomerAsync(app);
        var proposal = await scene.ProposedAsync(scene.Website.Id);
        var url = $"/p/{proposal.PublicToken}";
        using var lead = app.NewClient();
        var form = await lead.GetDocumentAsync(url);
        var token = form.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var action = form.QuerySelector("main form")!.GetAttribute("action")!;

        (await lead.PostFormAsync(url, new Dictionary<string, string>())).EnsureRedirect(url);
        var again = await lead.Http.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        again.EnsureRedirect(url);

        var page = await lead.GetDocumentAsync(url);
        Assert.StartsWith("Accepted on ", page.QuerySelector("[data-accepted]")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("main form[method=post]"));
        await using var db = app.Database.NewContext();
        Assert.Equal(1, await db.EmailMessages.CountAsync(m => m.To == scene.OwnerEmail && m.Template == "proposal-accepted"));
        Assert.Equal(ConversationStatus.Converted, (await db.Conversations.IgnoreQueryFilters().SingleAsync(c => c.Id == scene.ConversationId)).Status);
    }

    [Fact]
    public async Task Accepting_without_the_antiforgery_token_is_refused()
    {
        var scene = await ProposalScene.CustomerAsync(app);
        var proposal = await scene.ProposedAsync(scene.Website.Id);
        using var stranger = app.NewClient();

        var response = await stranger.Http.PostAsync($"/p/{proposal.PublicToken}?handler=Accept", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = app.Database.NewContext();
        Assert.Equal(ProposalStatus.Sent, (await db.Proposals.IgnoreQueryFilters().SingleAsync(p => p.Id == proposal.Id)).Status);
    }

    [Fact]
    public async Task An_unknown_token_is_not_found()
    {
        using var client = app.NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/p/{new string('x', 43)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/p/short")).StatusCode);
    }

    [Fact]
    public async Task The_job_made_from_a_house_proposal_links_admins_back_to_the_conversation_and_not_the_customer()
    {
        var (customer, email) = await AppClient.SignedInUserAsync(app);
        var customerWorkspace = await JobScene.WorkspaceOfAsync(app, email);
        var scene = await ProposalScene.HouseAsync(app, customerWorkspace);
        var proposal = await scene.ProposedAsync(scene.Website.Id);
        var jobId = (await scene.AcceptAsync(proposal.PublicToken))!.Proposal.JobId!.Value;
        using var admin = await app.SuperAdminAsync();

        var adminPage = await admin.GetDocumentAsync($"/admin/projects/{jobId}");
        Assert.Equal($"/inbox/{scene.ConversationId}", adminPage.QuerySelector("[data-conversation-link]")!.GetAttribute("href"));
        Assert.Equal("Planning", adminPage.QuerySelector("#job-header [data-job-status]")!.GetAttribute("data-job-status"));

        var customerPage = await customer.GetDocumentAsync($"/jobs/{jobId}");
        Assert.Null(customerPage.QuerySelector("[data-conversation-link]"));
        Assert.Contains("$1,200.00", customerPage.QuerySelector("#job-financial")!.TextContent);
        customer.Dispose();
    }
}

/// <summary>The proposal pages with a limit small enough to reach in a test.</summary>
public sealed class RateLimitedProposalApp : AdminApp
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["RateLimits:ProposalPermitLimit"] = "3";
        settings["RateLimits:ProposalWindowSeconds"] = "600";
    }
}

public sealed class ProposalPageRateLimitTests(RateLimitedProposalApp app) : IClassFixture<RateLimitedProposalApp>
{
    [Fact]
    public async Task Scanning_for_proposal_links_is_cut_off_with_429()
    {
        using var scanner = app.NewClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await scanner.Http.GetAsync($"/p/{Guid.NewGuid():N}{Guid.NewGuid():N}"[..46])).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await scanner.Http.GetAsync($"/p/{new string('y', 43)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scanner.Http.GetAsync("/")).StatusCode);
    }
}
