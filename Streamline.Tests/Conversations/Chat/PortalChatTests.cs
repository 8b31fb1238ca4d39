using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Tests.Onboarding;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations.Chat;

/// <summary>The portal's /talk page: a signed-in customer talks to the house workspace's AI, through the widget's code.</summary>
[Collection(SharedApps.SqliteAdmin2)]
public sealed class PortalChatTests(AdminApp app)
{
    private static async Task<HttpResponseMessage> SendAsync(AppClient client, string text)
    {
        var token = await client.AntiforgeryTokenAsync("/talk");
        var request = new HttpRequestMessage(HttpMethod.Post, "/talk/messages")
        {
            Content = new MultipartFormDataContent { { new StringContent(text), "text" } },
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Add(TestClientAddress.Header, TestClientAddress.NewAddress());
        return await client.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_customer_talks_to_the_house_and_the_answer_streams_to_them_alone()
    {
        var (customer, email) = await AppClient.SignedInUserAsync(app);
        var customerWorkspace = await SetupClients.WorkspaceIdOfAsync(app, email);
        var page = await customer.GetDocumentAsync("/talk");
        Assert.NotNull(page.QuerySelector("[data-chat] textarea[name=text]"));
        // The house's own greeting, not one service's campaign greeting.
        var greeting = page.QuerySelector(".chat-greeting")!.TextContent;
        Assert.Contains("Stream-line AI assistant", greeting);
        Assert.DoesNotContain("Generator", greeting);
        Assert.True(string.IsNullOrEmpty(page.QuerySelector("[data-chat]")!.GetAttribute("data-widget-key"))); // no visitor token here
        Assert.Equal(HttpStatusCode.NoContent, (await customer.Http.GetAsync("/talk/messages?after=0")).StatusCode); // nothing created by looking

        var response = await SendAsync(customer, "Can you build us a booking page?");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Sent.Parse(await response.Content.ReadAsStringAsync());
        await using (var db = app.Database.NewContext())
        {
            var conversation = await db.Conversations.IgnoreQueryFilters().SingleAsync(c => c.Id ==
                db.ChatMessages.IgnoreQueryFilters().Where(m => m.Id == sent.MessageId).Select(m => m.ConversationId).Single());
            Assert.True(await db.Workspaces.AnyAsync(w => w.Id == conversation.WorkspaceId && w.IsHouse));
            Assert.Equal(ConversationChannel.Portal, conversation.Channel);
            Assert.Equal(customerWorkspace, conversation.CustomerWorkspaceId);
        }
        Assert.StartsWith($"/talk/stream/{sent.MessageId}?ticket=", sent.StreamUrl);

        // Another customer cannot follow this stream, even holding its ticket, nor see the history.
        var (other, _) = await AppClient.SignedInUserAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Http.GetAsync(sent.StreamUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await other.Http.GetAsync("/talk/messages?after=0")).StatusCode);

        var events = await WidgetVisitor.ReadStreamAsync(customer.Http, sent.StreamUrl!);
        Assert.Contains(events, e => e.Name == "chunk");
        Assert.Equal("done", events[^1].Name);
        var history = new HtmlParser().ParseDocument(await (await customer.Http.GetAsync("/talk/messages?after=0")).Content.ReadAsStringAsync());
        Assert.Equal(["1", "2"], history.QuerySelectorAll(".chat-msg").Select(m => m.GetAttribute("data-seq")));
    }

    [Fact]
    public async Task Sending_needs_the_antiforgery_token_and_a_signed_in_customer()
    {
        var (customer, _) = await AppClient.SignedInUserAsync(app);
        var forged = new HttpRequestMessage(HttpMethod.Post, "/talk/messages")
        {
            Content = new MultipartFormDataContent { { new StringContent("Hello"), "text" } },
        };
        Assert.Equal(HttpStatusCode.BadRequest, (await customer.Http.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await customer.Http.GetAsync("/talk/no-such-thing")).StatusCode);
        // Handlers are reached by the route segment the rate limits read, never by a query-string name.
        Assert.Equal(HttpStatusCode.NotFound, (await customer.Http.GetAsync("/talk?handler=messages&after=0")).StatusCode);

        var anonymous = app.NewClient();
        var redirect = await anonymous.Http.GetAsync("/talk");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
    }

    [Fact]
    public async Task A_widget_visitors_ticket_does_not_open_a_stream_on_the_portal()
    {
        var (_, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        await visitor.StartAsync();
        var sent = await visitor.SendOkAsync("Hello");
        var (customer, _) = await AppClient.SignedInUserAsync(app);

        var url = sent.StreamUrl!.Replace($"/chat/{key}/", "/talk/");
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.Http.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task After_the_house_closes_the_conversation_writing_again_starts_a_new_one()
    {
        var (customer, _) = await AppClient.SignedInUserAsync(app);
        var first = Sent.Parse(await (await SendAsync(customer, "Hello there")).Content.ReadAsStringAsync());
        await WidgetVisitor.ReadStreamAsync(customer.Http, first.StreamUrl!); // answered, as the customer sees it
        await using (var db = app.Database.NewContext())
        {
            var conversation = await db.Conversations.IgnoreQueryFilters()
                .SingleAsync(c => db.ChatMessages.IgnoreQueryFilters().Any(m => m.Id == first.MessageId && m.ConversationId == c.Id));
            conversation.Status = ConversationStatus.Closed;
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.NoContent, (await customer.Http.GetAsync("/talk/messages?after=0")).StatusCode);

        var response = await SendAsync(customer, "One more question");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = Sent.Parse(await response.Content.ReadAsStringAsync());
        await using (var db = app.Database.NewContext())
        {
            var conversations = await db.ChatMessages.IgnoreQueryFilters().Where(m => m.Id == first.MessageId || m.Id == second.MessageId)
                .Select(m => m.ConversationId).Distinct().CountAsync();
            Assert.Equal(2, conversations);
        }
        var history = new HtmlParser().ParseDocument(await (await customer.Http.GetAsync("/talk/messages?after=0")).Content.ReadAsStringAsync());
        Assert.Contains("One more question", history.QuerySelector(".chat-msg")!.TextContent);
        Assert.DoesNotContain(history.QuerySelectorAll(".chat-msg"), m => m.TextContent.Contains("Hello there"));
    }

    /// <summary>Sends, reads the answer's whole stream, and returns the text of what the AI posted.</summary>
    private static async Task<string> SayAsync(AppClient customer, string text)
    {
        var response = await SendAsync(customer, text);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Sent.Parse(await response.Content.ReadAsStringAsync());
        var events = await WidgetVisitor.ReadStreamAsync(customer.Http, sent.StreamUrl!);
        var done = new HtmlParser().ParseDocument(events[^1].Data);
        return string.Join("\n", done.QuerySelectorAll(".chat-msg--ai .chat-text").Select(t => t.TextContent));
    }

    [Fact]
    public async Task A_customer_asks_for_a_proposal_on_the_portal_accepts_it_and_finds_the_job_in_their_workspace()
    {
        var (customer, email) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await SetupClients.WorkspaceIdOfAsync(app, email);

        await SayAsync(customer, "Hello");
        await SayAsync(customer, "We need a landing page for our new bakery, a new site.");
        await SayAsync(customer, "My name is Dana Smith, dana@bakery.example, Bluebird Bakery.");
        var answer = await SayAsync(customer, "Sounds good, can I get a proposal?");

        var link = System.Text.RegularExpressions.Regex.Match(answer, @"/p/[A-Za-z0-9_-]{43}");
        Assert.True(link.Success, $"no proposal link in: {answer}");
        var proposalPage = await customer.GetDocumentAsync(link.Value);
        Assert.Contains("Dana Smith", proposalPage.QuerySelector("main")!.TextContent);
        (await customer.PostFormAsync(link.Value, new Dictionary<string, string>())).EnsureRedirect(link.Value);

        await using var db = app.Database.NewContext();
        var job = await db.Jobs.IgnoreQueryFilters().SingleAsync(j => j.WorkspaceId == workspaceId);
        Assert.Equal(Streamline.Core.Jobs.JobStatus.Planning, job.Status);
        var jobs = await customer.GetDocumentAsync("/jobs");
        Assert.Contains(job.Title, jobs.QuerySelector("main")!.TextContent);
        var page = await customer.GetDocumentAsync($"/jobs/{job.Id}");
        Assert.Contains(job.Title, page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task A_stated_need_gets_the_house_service_that_matches_it_with_its_real_price()
    {
        var (customer, _) = await AppClient.SignedInUserAsync(app);

        var answer = await SayAsync(customer, "Can you build a booking page for my bakery?");

        // Five services; the page builder is the one whose description shares words with the need.
        Assert.Contains("Webpage Generator", answer);
        Assert.Contains("$799.00", answer);
        Assert.DoesNotContain("AI Scraper", answer);
        // And the next question is the page builder's own, not another service's.
        Assert.EndsWith("Is this a new site or a page for an existing one?", answer);
    }
}
