using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Analytics;
using Streamline.Core.Assistant;
using Streamline.Core.Credits;
using Streamline.Tests.Analytics;
using Streamline.Tests.Campaigns;
using Streamline.Tests.Onboarding;
using Streamline.Tests.Support;

namespace Streamline.Tests.Assistant;

public abstract class LeoTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private async Task<(CampaignScene Owner, AnalyticsScene Data)> SeededAsync(long credits = 100_000)
    {
        var owner = await CampaignScene.StartAsync(app);
        var data = await AnalyticsScene.OnAsync(app, owner.WorkspaceId);
        await data.SeedKnownSetAsync();
        for (var day = AnalyticsScene.ThreeDaysAgo; day < AnalyticsScene.Today; day = day.AddDays(1)) await AnalyticsScene.AggregateAsync(app, day);
        if (credits > 0)
            await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>().GrantAsync(owner.WorkspaceId, credits, LedgerEntryType.AdminGrant,
                "test credits", $"test:{Guid.NewGuid()}", null, null, CancellationToken.None));
        return (owner, data);
    }

    private static async Task<IHtmlDocument> AskAsync(AppClient client, string question, Guid? requestId = null)
    {
        var response = await client.HtmxPostAsync("/assistant", new Dictionary<string, string>
        {
            ["question"] = question, ["requestId"] = (requestId ?? Guid.NewGuid()).ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await AppClient.ParseAsync(response);
    }

    private Task<long?> BalanceAsync(Guid workspaceId) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>().BalanceAsync(workspaceId));

    private static List<string> Column(IHtmlDocument answer, string column) =>
        [.. answer.QuerySelectorAll($"[data-leo-table] td[data-column='{column}']").Select(td => td.TextContent)];

    [Fact]
    public async Task Leads_by_campaign_quote_the_measures_and_show_the_table()
    {
        var (owner, data) = await SeededAsync();
        using var _ = owner;

        var answer = await AskAsync(owner.Client, "How many leads in the last 7 days by campaign?");

        var expected = await data.ForPeriodAsync(AnalyticsScene.Today.AddDays(-6), AnalyticsScene.Today, AnalyticsGroupBy.Campaign);
        var websites = expected.Single(r => r.CampaignId == data.Websites).Measures.Leads;
        var scraper = expected.Single(r => r.CampaignId == data.Scraper).Measures.Leads;
        Assert.Equal((2, 1), (websites, scraper));
        Assert.Equal("leads_by_campaign", answer.QuerySelector("[data-leo-table]")!.GetAttribute("data-leo-table"));
        Assert.Equal(["Websites", "Scraper", "No campaign"], Column(answer, "Campaign"));
        Assert.Equal([$"{websites}", $"{scraper}", "0"], Column(answer, "Leads"));
        Assert.Equal($"Leads in the last 7 days by campaign: Websites {websites} leads, Scraper {scraper} lead. Websites brought the most.",
            answer.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.NotNull(answer.QuerySelector("[data-leo-charged]"));
    }

    [Fact]
    public async Task The_best_converting_channel_comes_with_a_labelled_suggestion()
    {
        var (owner, data) = await SeededAsync();
        using var _ = owner;

        var answer = await AskAsync(owner.Client, "Which channel converts best?");

        var byChannel = await data.ForPeriodAsync(AnalyticsScene.Today.AddDays(1 - AssistantIntents.DefaultDays), AnalyticsScene.Today, AnalyticsGroupBy.Channel);
        var widget = byChannel.Single(r => r.Channel == Streamline.Core.Conversations.ConversationChannel.Widget).Measures;
        Assert.Equal((2, 4), (widget.Won, widget.Conversations));
        Assert.Equal(["Widget", "WhatsApp"], Column(answer, "Channel"));
        Assert.Equal("Widget converts best in the last 30 days: 2 won of 4 conversations (50%).", answer.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.StartsWith("Suggestion:", answer.QuerySelector("[data-leo-suggestion]")!.TextContent);
        Assert.Contains("WhatsApp converts least (0%)", answer.QuerySelector("[data-leo-suggestion]")!.TextContent);
    }

    [Fact]
    public async Task Comparing_this_month_with_last_quotes_both_periods_totals()
    {
        var (owner, data) = await SeededAsync();
        using var _ = owner;

        var answer = await AskAsync(owner.Client, "Compare this month with last");

        var period = AssistantIntents.Period("this month", AnalyticsScene.Today);
        var previous = AssistantIntents.PreviousOf(period);
        var now = await data.TotalsAsync(period.From, period.To);
        var before = await data.TotalsAsync(previous.From, previous.To);
        Assert.Equal([$"{now.Conversations}", $"{now.Leads}", $"{now.QualifiedLeads}", $"{now.Won}"], Column(answer, "This period").Take(4));
        Assert.Equal([$"{before.Conversations}", $"{before.Leads}", $"{before.QualifiedLeads}", $"{before.Won}"], Column(answer, "Previous").Take(4));
        Assert.StartsWith($"This month compared with last month: conversations {now.Conversations} against {before.Conversations}",
            answer.QuerySelector("[data-leo-answer]")!.TextContent);
    }

    [Fact]
    public async Task Totals_name_the_measure_asked_for()
    {
        var (owner, _) = await SeededAsync();
        using var __ = owner;

        var week = await AskAsync(owner.Client, "How many conversations in the last 7 days?");
        var yesterday = await AskAsync(owner.Client, "How many conversations yesterday?");

        Assert.Equal("Conversations in the last 7 days: 5.", week.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.Equal("Conversations yesterday: 0.", yesterday.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.Equal(("Conversations", "5"), (Column(week, "Measure")[0], Column(week, "Value")[0]));
    }

    [Fact]
    public async Task What_visitors_ask_most_that_the_assistant_could_not_answer_is_counted_from_its_real_replies_with_a_chart()
    {
        var (owner, _) = await SeededAsync();
        using var __ = owner;
        await VisitorsAskAsync(app, owner.WorkspaceId,
            "Is there a warranty on the hardware?", "Are you open on Sundays?", "is there a WARRANTY on the hardware", "How much is it?",
            "Is there a warranty on the hardware?");
        await using (var db = app.Database.NewContext())
        {
            var replies = await db.ChatMessages.IgnoreQueryFilters()
                .Where(m => m.WorkspaceId == owner.WorkspaceId && m.Sender == Streamline.Core.Conversations.MessageSender.Ai && m.ReplyToId != null)
                .Select(m => m.Text).ToListAsync();
            Assert.True(replies.Count(r => r.Contains("I don't have that in my notes")) == 4, string.Join(" || ", replies));
        }

        var answer = await AskAsync(owner.Client, "What do visitors ask most that we don't answer?");

        Assert.Equal("unanswered_questions", answer.QuerySelector("[data-leo-table]")!.GetAttribute("data-leo-table"));
        Assert.Equal(["Is there a warranty on the hardware?", "Are you open on Sundays?"], Column(answer, "Question"));
        Assert.Equal(["3", "1"], Column(answer, "Times asked"));
        Assert.Equal($"{AnalyticsScene.Today:yyyy-MM-dd}", Column(answer, "Last asked")[0]);
        Assert.Equal("Asked most in the last 30 days without an answer from the assistant: “Is there a warranty on the hardware?” 3 times, " +
            "“Are you open on Sundays?” once.", answer.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.Contains("under Knowledge", answer.QuerySelector("[data-leo-suggestion]")!.TextContent);
        Assert.NotNull(answer.QuerySelector("[data-leo-charged]"));
        var chart = JsonDocument.Parse(answer.QuerySelector("canvas[data-leo-chart=unanswered_questions]")!.GetAttribute("data-chart-json")!).RootElement;
        Assert.Equal([3m, 1m], chart.GetProperty("data").GetProperty("datasets")[0].GetProperty("data").EnumerateArray().Select(v => v.GetDecimal()));
    }

    [Fact]
    public async Task Another_workspaces_unanswered_questions_are_never_shown()
    {
        var (owner, _) = await SeededAsync();
        using var __ = owner;
        var stranger = await CampaignScene.StartAsync(app);
        using var ___ = stranger;
        await AnalyticsScene.OnAsync(app, stranger.WorkspaceId);
        await VisitorsAskAsync(app, stranger.WorkspaceId, "Is there a warranty on the hardware?");

        var answer = await AskAsync(owner.Client, "Which questions did we not answer this week?");

        Assert.Equal("unanswered_questions", answer.QuerySelector("[data-leo-table]")!.GetAttribute("data-leo-table"));
        Assert.Equal("Visitors asked nothing the assistant could not answer this week.", answer.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.Null(answer.QuerySelector("canvas[data-leo-chart]"));
    }

    [Fact]
    public async Task A_table_that_is_a_series_comes_with_a_chart_of_its_own_cells()
    {
        var (owner, _) = await SeededAsync();
        using var __ = owner;

        var campaigns = await AskAsync(owner.Client, "How many leads in the last 7 days by campaign?");
        var totals = await AskAsync(owner.Client, "How many conversations in the last 7 days?");

        var chart = JsonDocument.Parse(campaigns.QuerySelector("canvas[data-leo-chart=leads_by_campaign]")!.GetAttribute("data-chart-json")!).RootElement;
        Assert.Equal(Column(campaigns, "Campaign"), chart.GetProperty("data").GetProperty("labels").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(Column(campaigns, "Leads"), chart.GetProperty("data").GetProperty("datasets")[0].GetProperty("data").EnumerateArray().Select(v => v.GetRawText()));
        Assert.Null(totals.QuerySelector("canvas[data-leo-chart]"));
    }

    /// <summary>Each question from a new widget visitor, answered by the offline sales rep as a real chat would be.</summary>
    internal static async Task VisitorsAskAsync(StreamlineApp app, Guid workspaceId, params string[] questions)
    {
        foreach (var question in questions)
        {
            var posted = await app.WithScopeAsync(async sp =>
            {
                var conversations = sp.GetRequiredService<Streamline.Core.Conversations.ConversationService>();
                var (conversation, _) = await conversations.StartWidgetAsync(workspaceId);
                return await conversations.PostVisitorMessageAsync(conversation.Id, question);
            });
            await app.WithScopeAsync(sp => sp.GetRequiredService<Streamline.Core.Conversations.AiResponder>()
                .AnswerAsync(posted.Message!.Id, null, CancellationToken.None));
        }
    }

    [Fact]
    public async Task An_unknown_question_gets_what_Leo_can_answer_and_costs_nothing()
    {
        var (owner, _) = await SeededAsync();
        using var __ = owner;
        var before = await BalanceAsync(owner.WorkspaceId);

        var answer = await AskAsync(owner.Client, "What is the meaning of life?");

        Assert.StartsWith("I can answer questions about", answer.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.Contains("Which channel converts best?", answer.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.Null(answer.QuerySelector("[data-leo-table]"));
        Assert.Equal(before, await BalanceAsync(owner.WorkspaceId));
    }

    [Fact]
    public async Task Each_answer_is_charged_once_even_when_sent_twice()
    {
        var (owner, _) = await SeededAsync();
        using var __ = owner;
        var page = await owner.Client.GetDocumentAsync("/assistant");
        Assert.Contains("Each answer costs at most", page.QuerySelector("[data-leo-estimate]")!.TextContent);
        var before = await BalanceAsync(owner.WorkspaceId);
        var requestId = Guid.NewGuid();

        await AskAsync(owner.Client, "How many leads in the last 7 days?", requestId);
        var afterOne = await BalanceAsync(owner.WorkspaceId);
        await AskAsync(owner.Client, "How many leads in the last 7 days?", requestId);

        Assert.True(afterOne < before, $"balance {before} → {afterOne}");
        Assert.Equal(afterOne, await BalanceAsync(owner.WorkspaceId));
        await using var db = app.Database.NewContext();
        Assert.Equal(1, await db.CreditReservations.IgnoreQueryFilters().CountAsync(r => r.WorkspaceId == owner.WorkspaceId && r.Description == Leo.Purpose));
    }

    [Fact]
    public async Task A_workspace_without_credits_is_told_so_and_charged_nothing()
    {
        var (owner, _) = await SeededAsync(credits: 0);
        using var __ = owner;
        var before = await BalanceAsync(owner.WorkspaceId) ?? 0;

        var answer = await AskAsync(owner.Client, "How many leads last week by campaign?");

        Assert.Equal("NoCredits", answer.QuerySelector("[data-leo-exchange]")!.GetAttribute("data-outcome"));
        Assert.Contains("no credits left for Leo", answer.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.Null(answer.QuerySelector("[data-leo-table]"));
        Assert.Equal(before, await BalanceAsync(owner.WorkspaceId) ?? 0);
    }

    [Fact]
    public async Task Another_workspaces_numbers_are_never_shown()
    {
        var (owner, _) = await SeededAsync();
        using var __ = owner;
        var stranger = await CampaignScene.StartAsync(app);
        using var ___ = stranger;
        await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>().GrantAsync(stranger.WorkspaceId, 100_000, LedgerEntryType.AdminGrant,
            "test credits", $"test:{Guid.NewGuid()}", null, null, CancellationToken.None));

        var answer = await AskAsync(stranger.Client, "How many conversations in the last 7 days?");
        var campaigns = await AskAsync(stranger.Client, "How many leads in the last 7 days by campaign?");

        Assert.Equal("Conversations in the last 7 days: 0.", answer.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.DoesNotContain("Websites", campaigns.DocumentElement.TextContent);
        Assert.Equal("No leads in the last 7 days.", campaigns.QuerySelector("[data-leo-answer]")!.TextContent);
        Assert.Equal("Nothing in this period.", campaigns.QuerySelector("[data-leo-table] [data-leo-empty]")!.TextContent);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_an_empty_question_is_a_message()
    {
        var (owner, _) = await SeededAsync();
        using var __ = owner;

        var forged = await owner.Client.Http.PostAsync("/assistant", new FormUrlEncodedContent(new Dictionary<string, string> { ["question"] = "How many leads?" }));
        var empty = await AskAsync(owner.Client, "   ");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("Type a question first.", empty.QuerySelector("[data-leo-answer]")!.TextContent);
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_log_in()
    {
        using var client = app.NewClient();
        var response = await client.Http.GetAsync("/assistant");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Login", response.Headers.Location!.OriginalString);
    }
}

[Collection(SharedApps.Sqlite3)]
public sealed class LeoTestsOnSqlite(SqliteApp app) : LeoTests<SqliteApp>(app);

[Collection(SharedApps.Postgres3)]
public sealed class LeoTestsOnPostgres(PostgresApp app) : LeoTests<PostgresApp>(app);
