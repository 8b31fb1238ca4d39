using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Credits;
using Streamline.Core.Conversations;
using Streamline.Tests.Ai;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;
using Streamline.Web.Pages.Conversations.Chat;

namespace Streamline.Tests.Conversations.Chat;

/// <summary>The app against a local chat-completions server, failing fast: no SDK retry, a two-second timeout.</summary>
public sealed class OnlineChatApp : OnlineAdminApp
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["AI:MaxRetries"] = "0";
        settings["AI:TimeoutSeconds"] = "2"; // a hung provider ends in seconds here, not the default's half minute
    }
}

public sealed class ChatStreamOnlineTests(OnlineChatApp app) : IClassFixture<OnlineChatApp>
{
    private async Task<WidgetVisitor> VisitorWithCreditsAsync()
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>().GrantAsync(
            workspaceId, 1_000_000, LedgerEntryType.AdminGrant, "chat tests", $"chat-tests-{workspaceId}", null, null));
        var visitor = new WidgetVisitor(app, key);
        await visitor.StartAsync();
        return visitor;
    }

    [Fact]
    public async Task The_models_chunks_reach_the_visitor_as_they_come()
    {
        using var visitor = await VisitorWithCreditsAsync();
        app.ChatModel.Enqueue(ScriptedReply.Text("Our ", "sourdough ", "is <fresh> ", "daily."));

        var sent = await visitor.SendOkAsync("Is the bread fresh?");
        var events = await visitor.StreamAsync(sent.StreamUrl!);

        var chunks = events.Where(e => e.Name == "chunk").Select(e => e.Data).ToList();
        Assert.Equal(["Our ", "sourdough ", "is &lt;fresh&gt; ", "daily."], chunks);
        var done = new HtmlParser().ParseDocument(events[^1].Data);
        Assert.Equal("Our sourdough is <fresh> daily.", done.QuerySelector(".chat-msg--ai .chat-text")!.TextContent);
    }

    [Fact]
    public async Task When_the_model_is_down_the_visitor_is_told_the_answer_will_come_and_the_message_awaits_it()
    {
        using var visitor = await VisitorWithCreditsAsync();

        // Down before the message is sent: its answer starts the moment it is stored.
        Sent sent;
        List<SseEvent> events;
        using (app.ChatModel.Down(FakeChatModel.Outage.ServerError))
        {
            sent = await visitor.SendOkAsync("Anyone there?");
            events = await visitor.StreamAsync(sent.StreamUrl!);
        }

        var done = new HtmlParser().ParseDocument(events[^1].Data);
        var placeholder = done.QuerySelector(".chat-deferred")!;
        Assert.Equal(ChatPages.DeferredText, placeholder.TextContent.Trim());
        Assert.Equal(sent.MessageId.ToString(), placeholder.GetAttribute("data-awaiting"));
        // Kept for the background job, which answers once the model is back.
        await using var db = app.Database.NewContext();
        var question = db.ChatMessages.IgnoreQueryFilters().Single(m => m.Id == sent.MessageId);
        Assert.NotEqual(ReplyState.None, question.ReplyState);
    }

    [Fact]
    public async Task When_the_model_hangs_the_stream_gives_up_at_the_timeout_and_the_job_answers_once_the_model_is_back()
    {
        using var visitor = await VisitorWithCreditsAsync();

        Sent sent;
        List<SseEvent> events;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (app.ChatModel.Down(FakeChatModel.Outage.Hang))
        {
            sent = await visitor.SendOkAsync("Do you ship abroad?");
            events = await visitor.StreamAsync(sent.StreamUrl!);
        }

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));
        Assert.NotNull(new HtmlParser().ParseDocument(events[^1].Data).QuerySelector(".chat-deferred"));
        Guid conversationId;
        await using (var db = app.Database.NewContext())
        {
            var question = await db.ChatMessages.IgnoreQueryFilters().SingleAsync(m => m.Id == sent.MessageId);
            conversationId = question.ConversationId;
            Assert.Equal((ReplyState.Awaiting, 1), (question.ReplyState, question.ReplyAttempts));
            question.ReplyLeaseUntil = DateTime.UtcNow.AddSeconds(-1); // the backoff is over
            await db.SaveChangesAsync();
        }

        app.ChatModel.Enqueue(ScriptedReply.Text("Yes, to most of Europe."));
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            app.WithScopeAsync(sp => sp.GetRequiredService<ChatTurnJob>().RunAsync(conversationId, sent.MessageId, CancellationToken.None))));

        Assert.Single(results, r => r.Outcome == ReplyOutcome.Answered);
        // The widget's next poll brings the answer.
        var history = new HtmlParser().ParseDocument(await (await visitor.HistoryAsync()).Content.ReadAsStringAsync());
        var answers = history.QuerySelectorAll(".chat-msg--ai").Select(m => m.QuerySelector(".chat-text")!.TextContent).ToList();
        Assert.Equal(["Yes, to most of Europe."], answers);
    }
}
