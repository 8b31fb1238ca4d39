using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.ChatPosting;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations;

/// <summary>One chat turn whatever the channel: a messaging app's message answered by the background job is the widget's turn.</summary>
public abstract class ChatTurnTests<TApp>(TApp app) where TApp : StreamlineApp
{
    protected TApp App => app;

    private const string Said = "Hi, I'm Dana Smith, you can reach me at dana@bakery.example. We're a team of 12.";

    [Fact]
    public async Task A_telegram_message_answered_by_the_job_is_stored_captured_and_charged_as_the_widget_does()
    {
        var scene = await ConversationScene.CreateAsync(app);
        await TargetAsync(scene, CampaignChannels.Web | CampaignChannels.Telegram);
        var before = await scene.BalanceAsync();

        // The widget: the post starts the answer at once and the stream follows it.
        var widget = await scene.StartAsync();
        var onWidget = await app.WithScopeAsync(async sp =>
        {
            var turn = sp.GetRequiredService<ChatTurn>();
            var post = await turn.PostAsync(new IncomingMessage(scene.WorkspaceId, ConversationChannel.Widget, widget.Id, Said), answerNow: true);
            return await turn.AnswerAsync(widget.Id, post.Message!.Id, _ => Task.CompletedTask);
        });
        var afterWidget = await scene.BalanceAsync();

        // Telegram: the webhook stores the message, the job answers it with nobody listening.
        var telegram = await app.WithScopeAsync(sp =>
            sp.GetRequiredService<ConversationService>().StartOnChannelAsync(scene.WorkspaceId, ConversationChannel.Telegram));
        Assert.Equal(scene.CampaignId, telegram.CampaignId);
        var posted = await app.WithScopeAsync(sp => sp.GetRequiredService<ChatTurn>()
            .PostAsync(new IncomingMessage(scene.WorkspaceId, ConversationChannel.Telegram, telegram.Id, Said), answerNow: false));
        Assert.True(posted.AwaitsAi);
        var onTelegram = await app.WithScopeAsync(sp =>
            sp.GetRequiredService<ChatTurnJob>().RunAsync(telegram.Id, posted.Message!.Id, CancellationToken.None));

        Assert.Equal(ReplyOutcome.Answered, onTelegram.Outcome);
        var messages = await scene.MessagesAsync(telegram.Id);
        Assert.Equal([MessageSender.Visitor, MessageSender.Ai], messages.Select(m => m.Sender));
        Assert.Equal((ReplyState.Answered, posted.Message!.Id), ((await scene.MessagesAsync(telegram.Id))[0].ReplyState, messages[1].ReplyToId));
        Assert.Equal(onWidget.Posted[0].Text, messages[1].Text);

        var lead = (await scene.ConversationAsync(telegram.Id)).Contact!;
        var widgetLead = (await scene.ConversationAsync(widget.Id)).Contact!;
        Assert.Equal(("Dana Smith", "dana@bakery.example", (int?)12), (lead.Name, lead.Email, lead.TeamSize));
        Assert.Equal((widgetLead.Name, widgetLead.Email, widgetLead.Phone, widgetLead.Company, widgetLead.TeamSize, widgetLead.Budget),
            (lead.Name, lead.Email, lead.Phone, lead.Company, lead.TeamSize, lead.Budget));
        Assert.Equal(widgetLead.PainPoints, lead.PainPoints);
        Assert.Equal(lead.Email, onTelegram.Lead!.Email);

        Assert.True(onTelegram.ChargedMillicredits > 0);
        Assert.Equal(onWidget.ChargedMillicredits, onTelegram.ChargedMillicredits);
        Assert.Equal(messages[1].CostMillicredits, onTelegram.ChargedMillicredits);
        Assert.Equal(before - onWidget.ChargedMillicredits, afterWidget);
        Assert.Equal(afterWidget - onTelegram.ChargedMillicredits, await scene.BalanceAsync());
        Assert.DoesNotContain(await scene.ReservationsAsync(), r => r.Status == Core.Credits.ReservationStatus.Held);
    }

    [Fact]
    public async Task A_job_naming_another_conversation_answers_nothing()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        var other = await scene.StartAsync();
        var posted = await scene.PostAsync(conversation.Id, "Hello there");

        var result = await app.WithScopeAsync(sp => sp.GetRequiredService<ChatTurnJob>().RunAsync(other.Id, posted.Message!.Id, CancellationToken.None));

        Assert.NotEqual(ReplyOutcome.Answered, result.Outcome);
        Assert.Single(await scene.MessagesAsync(conversation.Id));
        Assert.Empty(await scene.MessagesAsync(other.Id));
    }

    [Fact]
    public async Task A_conversation_on_a_channel_no_campaign_targets_starts_without_one_and_is_still_answered()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var whatsApp = await app.WithScopeAsync(sp =>
            sp.GetRequiredService<ConversationService>().StartOnChannelAsync(scene.WorkspaceId, ConversationChannel.WhatsApp));
        Assert.Null(whatsApp.CampaignId);

        var turn = await app.WithScopeAsync(sp => sp.GetRequiredService<ChatTurn>()
            .RunAsync(new IncomingMessage(scene.WorkspaceId, ConversationChannel.WhatsApp, whatsApp.Id, "How much is a website?")));

        Assert.Equal(ReplyOutcome.Answered, turn.Reply!.Outcome);
        Assert.DoesNotContain("$1,499.00", turn.Reply.Posted[0].Text); // the website campaign is not WhatsApp's
    }

    private async Task TargetAsync(ConversationScene scene, CampaignChannels channels)
    {
        await using var db = app.Database.NewContext();
        await db.Campaigns.IgnoreQueryFilters().Where(c => c.Id == scene.CampaignId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Channels, channels));
    }
}

[Collection(SharedApps.Sqlite3)]
public sealed class ChatTurnOnSqlite(SqliteApp app) : ChatTurnTests<SqliteApp>(app);

[Collection(SharedApps.Postgres3)]
public sealed class ChatTurnOnPostgres(PostgresApp app) : ChatTurnTests<PostgresApp>(app)
{
    [Fact]
    public void The_chat_is_written_in_PostgreSQL_batches()
    {
        Assert.IsType<PostgresChatPosting>(App.Services.CreateScope().ServiceProvider.GetRequiredService<IChatPosting>());
    }
}

/// <summary>PostgreSQL with its fast paths turned off (<c>Database:PostgresFastPaths=false</c>): the portable writes, the same turn.</summary>
public sealed class PortablePostgresApp : StreamlineApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void Configure(IDictionary<string, string?> settings) => settings["Database:PostgresFastPaths"] = "false";
}

public sealed class ChatTurnOnPortablePostgres(PortablePostgresApp app) : ChatTurnTests<PortablePostgresApp>(app), IClassFixture<PortablePostgresApp>
{
    [Fact]
    public void The_chat_is_written_through_EF_Core_when_the_fast_paths_are_off()
    {
        Assert.IsType<PortableChatPosting>(App.Services.CreateScope().ServiceProvider.GetRequiredService<IChatPosting>());
    }
}
