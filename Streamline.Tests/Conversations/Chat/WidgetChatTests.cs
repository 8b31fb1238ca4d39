using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Conversations;
using Streamline.Web.Pages.Conversations.Chat;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations.Chat;

/// <summary>The widget's iframe over HTTP: starting, sending, the streamed answer, history, and who may see what.</summary>
[Collection(SharedApps.SqliteAdmin1)]
public sealed class WidgetChatTests(AdminApp app)
{
    private static string Decode(string html) => new HtmlParser().ParseDocument($"<p>{html}</p>").QuerySelector("p")!.TextContent;

    [Fact]
    public async Task A_visitors_message_is_stored_and_the_answer_streams_in_chunks_then_arrives_as_the_stored_message()
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        Assert.Equal(HttpStatusCode.OK, (await visitor.StartAsync()).StatusCode);
        Assert.True(VisitorToken.LooksValid(visitor.Token));

        var sent = await visitor.SendOkAsync("Hello,\nhow much is a <b>website</b>?");

        // Stored before any AI call, as text: the markup the visitor typed is shown, never parsed.
        var question = Assert.Single(await ChatWorld.MessagesAsync(app, workspaceId), m => m.Sender == MessageSender.Visitor);
        Assert.Equal(sent.MessageId, question.Id);
        Assert.Equal(MessageSender.Visitor, question.Sender);
        var bubble = sent.Html.QuerySelector($"#msg-{question.Id}")!;
        Assert.Equal("Hello,\nhow much is a <b>website</b>?", bubble.QuerySelector(".chat-text")!.TextContent);
        Assert.Null(bubble.QuerySelector("b"));
        Assert.Equal("1", bubble.GetAttribute("data-seq"));
        Assert.StartsWith($"/chat/{key}/stream/{question.Id}?ticket=", sent.StreamUrl);
        Assert.NotNull(sent.Html.QuerySelector("[sse-connect] .chat-typing"));

        var events = await visitor.StreamAsync(sent.StreamUrl!);

        var chunks = events.Where(e => e.Name == "chunk").Select(e => Decode(e.Data)).ToList();
        Assert.NotEmpty(chunks);
        Assert.Equal("done", events[^1].Name);
        var answer = (await ChatWorld.MessagesAsync(app, workspaceId)).Single(m => m.ReplyToId == question.Id);
        Assert.Equal(string.Concat(chunks), answer.Text);
        var done = new HtmlParser().ParseDocument(events[^1].Data);
        Assert.Equal(answer.Text, done.QuerySelector($"#msg-{answer.Id} .chat-text")!.TextContent);
        Assert.Equal(question.Id.ToString(), done.QuerySelector($"#msg-{answer.Id}")!.GetAttribute("data-reply-to"));
    }

    [Fact]
    public async Task The_answer_is_written_when_the_message_is_stored_even_if_the_visitor_never_opens_the_stream()
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        await visitor.StartAsync();

        var sent = await visitor.SendOkAsync("Do you make wedding cakes?");

        // Nobody opens the stream (the tab was closed): the reply is written anyway, not 20 s later by the sweeper.
        var messages = await ChatWorld.WaitForMessagesAsync(app, workspaceId, 2);
        var answer = Assert.Single(messages, m => m.Sender == MessageSender.Ai);
        Assert.Equal(sent.MessageId, answer.ReplyToId);
        Assert.Equal(ReplyState.Answered, messages.Single(m => m.Id == sent.MessageId).ReplyState);
        // The visitor's next visit shows it.
        var history = new HtmlParser().ParseDocument(await (await visitor.HistoryAsync()).Content.ReadAsStringAsync());
        Assert.Equal(answer.Text, history.QuerySelector($"#msg-{answer.Id} .chat-text")!.TextContent);
        // A stream opened late still plays the answer as it was written, then the stored bubble.
        var events = await visitor.StreamAsync(sent.StreamUrl!);
        Assert.Equal(answer.Text, string.Concat(events.Where(e => e.Name == "chunk").Select(e => Decode(e.Data))));
        Assert.Contains($"msg-{answer.Id}", events[^1].Data);
    }

    [Fact]
    public async Task After_a_reload_the_token_brings_the_history_back_and_polling_asks_only_for_what_is_new()
    {
        var (_, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        await visitor.StartAsync();
        var sent = await visitor.SendOkAsync("Do you deliver on Sundays?");
        await visitor.StreamAsync(sent.StreamUrl!);

        // A reload: a new page that knows nothing but the token it kept.
        using var reloaded = new WidgetVisitor(app, key) { Token = visitor.Token };
        var history = await reloaded.HistoryAsync();

        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        var page = new HtmlParser().ParseDocument(await history.Content.ReadAsStringAsync());
        var bubbles = page.QuerySelectorAll(".chat-msg");
        Assert.Equal(["1", "2"], bubbles.Select(b => b.GetAttribute("data-seq")));
        Assert.Equal("Do you deliver on Sundays?", bubbles[0].QuerySelector(".chat-text")!.TextContent);
        Assert.Contains("chat-msg--ai", bubbles[1].ClassList);
        Assert.Equal("no-store", history.Headers.CacheControl?.ToString());

        var nothingNew = await reloaded.HistoryAsync(after: 2);
        Assert.Equal(HttpStatusCode.NoContent, nothingNew.StatusCode);
        var onlyTheAnswer = new HtmlParser().ParseDocument(await (await reloaded.HistoryAsync(after: 1)).Content.ReadAsStringAsync());
        Assert.Equal(["2"], onlyTheAnswer.QuerySelectorAll(".chat-msg").Select(b => b.GetAttribute("data-seq")));
    }

    [Theory]
    [InlineData("Origin", "https://elsewhere.example", HttpStatusCode.Forbidden)]
    [InlineData("Referer", "https://elsewhere.example/page", HttpStatusCode.Forbidden)]
    [InlineData("Origin", "https://shop.example", HttpStatusCode.OK)]
    [InlineData("Origin", "https://localhost", HttpStatusCode.OK)]
    [InlineData("Referer", "https://localhost/chat/frame", HttpStatusCode.OK)]
    [InlineData(null, null, HttpStatusCode.OK)]
    public async Task Only_the_widgets_allowed_sites_and_its_own_frame_may_start_a_chat_or_send(string? header, string? value, HttpStatusCode expected)
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app, "https://shop.example");
        using var visitor = new WidgetVisitor(app, key);
        Assert.Equal(HttpStatusCode.OK, (await visitor.StartAsync()).StatusCode);
        if (header is not null) visitor.Http.DefaultRequestHeaders.Add(header, value);

        var start = await visitor.Http.PostAsync($"/chat/{key}/start", null);
        var send = await visitor.SendAsync("Hello from somewhere");

        Assert.Equal(expected, start.StatusCode);
        Assert.Equal(expected, send.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
            Assert.DoesNotContain(await ChatWorld.MessagesAsync(app, workspaceId), m => m.Sender == MessageSender.Visitor);
    }

    [Fact]
    public async Task Without_a_token_the_visitor_is_asked_for_one_and_an_unknown_token_opens_nothing()
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);

        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.HistoryAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.SendAsync("Hello")).StatusCode);
        visitor.Token = VisitorToken.New();
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.HistoryAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.SendAsync("Hello")).StatusCode);
        visitor.Token = "not-a-token";
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.HistoryAsync()).StatusCode);
        Assert.Empty(await ChatWorld.MessagesAsync(app, workspaceId));

        Assert.Equal(HttpStatusCode.NotFound, (await visitor.Http.GetAsync($"/chat/{key}/no-such-thing")).StatusCode);
        using var stranger = new WidgetVisitor(app, "wk_aaaaaaaaaaaaaaaaaaaaaaaa");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.StartAsync()).StatusCode);
    }

    [Fact]
    public async Task A_token_opens_only_its_own_conversation_and_never_another_workspaces_widget()
    {
        var (_, keyA) = await ChatWorld.NewWidgetAsync(app);
        var (workspaceB, keyB) = await ChatWorld.NewWidgetAsync(app);
        using var alice = new WidgetVisitor(app, keyA);
        using var bob = new WidgetVisitor(app, keyA);
        await alice.StartAsync();
        await bob.StartAsync();
        await alice.SendOkAsync("Alice's secret question");
        await bob.SendOkAsync("Bob's question");

        // Bob's own words only (the AI may have answered him by now: its reply starts the moment his message is stored).
        var bobsHistory = new HtmlParser().ParseDocument(await (await bob.HistoryAsync()).Content.ReadAsStringAsync());
        Assert.Equal(["Bob's question"], bobsHistory.QuerySelectorAll(".chat-msg--visitor .chat-text").Select(t => t.TextContent));
        Assert.DoesNotContain(bobsHistory.QuerySelectorAll(".chat-text"), t => t.TextContent.Contains("Alice", StringComparison.Ordinal));

        // Alice's token with workspace B's key: B's widget does not know her.
        using var aliceAtB = new WidgetVisitor(app, keyB) { Token = alice.Token };
        Assert.Equal(HttpStatusCode.NotFound, (await aliceAtB.HistoryAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await aliceAtB.SendAsync("Hello B")).StatusCode);
        Assert.Empty(await ChatWorld.MessagesAsync(app, workspaceB));
    }

    [Fact]
    public async Task A_stream_needs_the_ticket_issued_for_that_message_in_that_workspace()
    {
        var (workspaceA, keyA) = await ChatWorld.NewWidgetAsync(app);
        var (_, keyB) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, keyA);
        await visitor.StartAsync();
        var first = await visitor.SendOkAsync("First question");
        var second = await visitor.SendOkAsync("Second question");
        var ticket = Uri.UnescapeDataString(first.StreamUrl!.Split("ticket=")[1]);

        async Task<HttpStatusCode> StreamStatus(string url) => (await visitor.Http.GetAsync(url)).StatusCode;

        var tampered = ticket[..^2] + (ticket[^2] == 'A' ? 'B' : 'A') + ticket[^1];
        Assert.Equal(HttpStatusCode.Forbidden, await StreamStatus($"/chat/{keyA}/stream/{first.MessageId}?ticket={Uri.EscapeDataString(tampered)}"));
        Assert.Equal(HttpStatusCode.Forbidden, await StreamStatus($"/chat/{keyA}/stream/{first.MessageId}"));
        // The first message's ticket does not open the second message's stream.
        Assert.Equal(HttpStatusCode.Forbidden, await StreamStatus($"/chat/{keyA}/stream/{second.MessageId}?ticket={Uri.EscapeDataString(ticket)}"));
        // Nor does it work under another workspace's widget key.
        Assert.Equal(HttpStatusCode.Forbidden, await StreamStatus($"/chat/{keyB}/stream/{first.MessageId}?ticket={Uri.EscapeDataString(ticket)}"));
        // A ticket past its lifetime, made exactly as the app makes them.
        var expired = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(StreamTicket.Purpose)
            .ToTimeLimitedDataProtector()
            .Protect(StreamTicket.Payload(ChatTarget.Widget(workspaceA, (await ConversationAsync(first.MessageId)).Id), first.MessageId), DateTimeOffset.UtcNow.AddSeconds(-1));
        Assert.Equal(HttpStatusCode.Forbidden, await StreamStatus($"/chat/{keyA}/stream/{first.MessageId}?ticket={Uri.EscapeDataString(expired)}"));

        // The answers started when the questions were stored; the refused streams added nothing: one answer each.
        var messages = await ChatWorld.WaitForMessagesAsync(app, workspaceA, 4);
        var answered = messages.Where(m => m.Sender == MessageSender.Ai).Select(m => m.ReplyToId).ToList();
        Assert.Equal(2, answered.Count);
        Assert.Contains(first.MessageId, answered);
        Assert.Contains(second.MessageId, answered);
    }

    private async Task<Conversation> ConversationAsync(Guid messageId)
    {
        await using var db = app.Database.NewContext();
        var id = await db.ChatMessages.IgnoreQueryFilters().Where(m => m.Id == messageId).Select(m => m.ConversationId).SingleAsync();
        return await db.Conversations.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task The_chat_may_be_framed_only_by_the_allowed_websites_and_sets_no_cookie()
    {
        var (_, allowed) = await ChatWorld.NewWidgetAsync(app, "https://shop.example.com", "http://localhost:3000");
        var (_, nowhere) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, allowed);

        var page = await visitor.Http.GetAsync($"/chat/{allowed}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.EndsWith("; frame-ancestors https://shop.example.com http://localhost:3000", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(page.Headers.Contains("X-Frame-Options"));
        Assert.False(page.Headers.Contains("Set-Cookie"));
        var shell = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
        Assert.Equal(allowed, shell.QuerySelector("[data-chat]")!.GetAttribute("data-widget-key"));
        Assert.Null(shell.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal("log", shell.QuerySelector("#chat-transcript")!.GetAttribute("role"));
        Assert.Equal("polite", shell.QuerySelector("#chat-transcript")!.GetAttribute("aria-live"));
        // No maxlength: it would cut a pasted text silently; the page tells the visitor instead (browser test).
        Assert.Equal(ConversationLimits.VisitorMessage.ToString(), shell.QuerySelector("textarea[name=text]")!.GetAttribute("data-max-length"));
        Assert.Null(shell.QuerySelector("textarea[name=text]")!.GetAttribute("maxlength"));
        Assert.NotNull(shell.QuerySelector("label[for=chat-text]"));

        var closed = await visitor.Http.GetAsync($"/chat/{nowhere}");
        Assert.EndsWith("; frame-ancestors 'none'", closed.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", closed.Headers.GetValues("X-Frame-Options").Single());

        Assert.Equal(HttpStatusCode.NotFound, (await visitor.Http.GetAsync("/chat/wk_aaaaaaaaaaaaaaaaaaaaaaaa")).StatusCode);
        var started = await visitor.StartAsync();
        Assert.False(started.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_loaders_config_is_public_for_the_allowed_websites_only()
    {
        var (_, key) = await ChatWorld.NewWidgetAsync(app, "https://shop.example.com");
        await ChatWorld.ChangeWidgetAsync(app, key, w =>
        {
            w.Title = "Ask the baker";
            w.BrandColor = "#ff5500";
            w.LauncherPosition = Core.Widget.LauncherPosition.BottomLeft;
        });
        using var visitor = new WidgetVisitor(app, key);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/chat/{key}/config");
        request.Headers.Add("Origin", "https://shop.example.com");
        var config = await visitor.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, config.StatusCode);
        Assert.Equal("*", config.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var json = JsonDocument.Parse(await config.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("""{"title":"Ask the baker","color":"#ff5500","position":"left"}""", json.GetRawText());

        var elsewhere = new HttpRequestMessage(HttpMethod.Get, $"/chat/{key}/config");
        elsewhere.Headers.Add("Origin", "https://copycat.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.Http.SendAsync(elsewhere)).StatusCode);
        var unknown = await visitor.Http.GetAsync("/chat/wk_aaaaaaaaaaaaaaaaaaaaaaaa/config");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("*", unknown.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task The_loader_is_served_from_the_snippets_stable_address_readable_by_any_site()
    {
        using var visitor = new WidgetVisitor(app, "wk_aaaaaaaaaaaaaaaaaaaaaaaa");

        var script = await visitor.Http.GetAsync("/widget.js");

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("cross-origin", script.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        Assert.Equal("public, max-age=300", script.Headers.CacheControl?.ToString());
        Assert.NotNull(script.Headers.ETag);
        Assert.Contains("data-streamline-widget", await script.Content.ReadAsStringAsync());
        var again = new HttpRequestMessage(HttpMethod.Get, "/widget.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await visitor.Http.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task The_greeting_comes_from_the_settings_else_a_default_and_the_offline_message_shows_outside_hours()
    {
        var (_, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        async Task<AngleSharp.Html.Dom.IHtmlDocument> ShellAsync() =>
            new HtmlParser().ParseDocument(await (await visitor.Http.GetAsync($"/chat/{key}")).Content.ReadAsStringAsync());

        var plain = await ShellAsync();
        Assert.Equal(ChatTurn.DefaultGreeting, plain.QuerySelector(".chat-greeting")!.TextContent.Trim());
        Assert.Null(plain.QuerySelector(".chat-offline"));

        await ChatWorld.ChangeWidgetAsync(app, key, w =>
        {
            w.GreetingOverride = "Welcome to the bakery!";
            w.UseBusinessHours = true; // with no opening hours at all: closed now, whatever the time
            w.OfflineMessage = "We're baking. Leave a message!";
        });
        var closed = await ShellAsync();
        Assert.Equal("Welcome to the bakery!", closed.QuerySelector(".chat-greeting")!.TextContent.Trim());
        Assert.Equal("We're baking. Leave a message!", closed.QuerySelector(".chat-offline")!.TextContent);
    }
}
