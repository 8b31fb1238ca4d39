using System.Net;
using Microsoft.EntityFrameworkCore;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Credits;
using Streamline.Tests.Ai;
using Streamline.Tests.Analytics;
using Streamline.Tests.Campaigns;
using Streamline.Tests.Onboarding;
using Streamline.Tests.Support;

namespace Streamline.Tests.Assistant;

/// <summary>Leo through the configured model (the local chat-completions fake) calling the tools.</summary>
public sealed class LeoOnlineTests(OnlineAiApp app) : IClassFixture<OnlineAiApp>
{
    private async Task<CampaignScene> SeededAsync()
    {
        var owner = await CampaignScene.StartAsync(app);
        var data = await AnalyticsScene.OnAsync(app, owner.WorkspaceId);
        await data.SeedKnownSetAsync();
        for (var day = AnalyticsScene.ThreeDaysAgo; day < AnalyticsScene.Today; day = day.AddDays(1)) await AnalyticsScene.AggregateAsync(app, day);
        await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>().GrantAsync(owner.WorkspaceId, 100_000, LedgerEntryType.AdminGrant,
            "test credits", $"test:{Guid.NewGuid()}", null, null, CancellationToken.None));
        return owner;
    }

    private static async Task<IHtmlDocument> AskAsync(AppClient client, string question)
    {
        var response = await client.HtmxPostAsync("/assistant", new Dictionary<string, string>
        {
            ["question"] = question, ["requestId"] = Guid.NewGuid().ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await AppClient.ParseAsync(response);
    }

    private Task<long?> BalanceAsync(Guid workspaceId) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>().BalanceAsync(workspaceId));

    [Fact]
    public async Task The_model_calls_a_tool_and_its_answer_quotes_the_table_it_got()
    {
        using var owner = await SeededAsync();
        var before = await BalanceAsync(owner.WorkspaceId);
        var requests = app.ChatModel.Requests.Count;
        app.ChatModel.Enqueue(ScriptedReply.ToolCall("leads_by_campaign", """{"period":""", """ "last 7 days"}"""));
        app.ChatModel.Enqueue(ScriptedReply.Text("Websites brought 2 leads and Scraper 1 in the last 7 days. ",
            "Suggestion: give Scraper the questions that work on Websites."));

        var answer = await AskAsync(owner.Client, "Which campaign brought the most leads lately?");

        Assert.Equal("Websites brought 2 leads and Scraper 1 in the last 7 days.", answer.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.Contains("Suggestion: give Scraper", answer.QuerySelector("[data-leo-suggestion]")!.TextContent);
        Assert.Equal("leads_by_campaign", answer.QuerySelector("[data-leo-table]")!.GetAttribute("data-leo-table"));
        var sent = app.ChatModel.Requests.Skip(requests).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Contains("leads_by_campaign", sent[0].Body["tools"]!.ToJsonString());
        Assert.Contains("Websites\\t2", sent[1].Body["messages"]!.ToJsonString());
        Assert.True(await BalanceAsync(owner.WorkspaceId) < before);
    }

    [Fact]
    public async Task A_number_no_tool_gave_is_never_shown()
    {
        using var owner = await SeededAsync();
        app.ChatModel.Enqueue(ScriptedReply.ToolCall("leads_by_campaign", """{"period":"last 7 days"}"""));
        app.ChatModel.Enqueue(ScriptedReply.Text("Websites brought 9 leads."));

        var answer = await AskAsync(owner.Client, "How many leads in the last 7 days by campaign?");

        Assert.Equal("Here is what the numbers say.", answer.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.DoesNotContain("9 leads", answer.DocumentElement.TextContent);
        Assert.NotNull(answer.QuerySelector("[data-leo-table=leads_by_campaign]"));
    }

    [Fact]
    public async Task A_question_the_offline_mapping_cannot_map_is_still_asked_online_and_charged_through_the_meter()
    {
        using var owner = await SeededAsync();
        var before = await BalanceAsync(owner.WorkspaceId);
        Assert.Equal(Streamline.Core.Assistant.AssistantIntent.Unknown, Streamline.Core.Assistant.AssistantIntents.Intent("Where do my best visitors come from?"));
        var requests = app.ChatModel.Requests.Count;
        app.ChatModel.Enqueue(ScriptedReply.ToolCall("channel_conversion", """{"period":"last 30 days"}"""));
        app.ChatModel.Enqueue(ScriptedReply.Text("Widget brings the conversations that convert: 2 won of 4 (50%)."));

        var answer = await AskAsync(owner.Client, "Where do my best visitors come from?");

        Assert.Equal(2, app.ChatModel.Requests.Count - requests);
        Assert.Equal("Widget brings the conversations that convert: 2 won of 4 (50%).", answer.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.NotNull(answer.QuerySelector("[data-leo-charged]"));
        var after = await BalanceAsync(owner.WorkspaceId);
        Assert.True(after < before, $"balance {before} → {after}");
        await using var db = app.Database.NewContext();
        var hold = await db.CreditReservations.IgnoreQueryFilters()
            .SingleAsync(r => r.WorkspaceId == owner.WorkspaceId && r.Description == Streamline.Core.Assistant.Leo.Purpose);
        Assert.Equal(Streamline.Core.Credits.ReservationStatus.Captured, hold.Status);
        Assert.Equal(before - after, hold.CapturedMillicredits);
    }

    [Fact]
    public async Task The_model_can_ask_for_the_unanswered_questions_and_quote_them()
    {
        using var owner = await SeededAsync();
        // The sales rep's model answers the visitor with the sentence its prompt gives it for what it does not know.
        app.ChatModel.Enqueue(ScriptedReply.Text("I don't have that in my notes, so I won't guess — the team can confirm it for you."));
        await LeoTests<OnlineAiApp>.VisitorsAskAsync(app, owner.WorkspaceId, "Is there a warranty on the hardware?");
        var requests = app.ChatModel.Requests.Count;
        app.ChatModel.Enqueue(ScriptedReply.ToolCall("unanswered_questions", """{"period":"this week"}"""));
        app.ChatModel.Enqueue(ScriptedReply.Text("Visitors asked “Is there a warranty on the hardware?” 1 time without an answer."));

        var answer = await AskAsync(owner.Client, "Which questions stump the sales rep?");

        Assert.Contains("unanswered_questions", app.ChatModel.Requests[requests].Body["tools"]!.ToJsonString());
        Assert.Equal("unanswered_questions", answer.QuerySelector("[data-leo-table]")!.GetAttribute("data-leo-table"));
        Assert.Equal("Is there a warranty on the hardware?", answer.QuerySelector("[data-leo-table] td[data-column='Question']")!.TextContent);
        Assert.Equal("Visitors asked “Is there a warranty on the hardware?” 1 time without an answer.", answer.QuerySelector("[data-leo-answer]")!.TextContent);
    }
}
