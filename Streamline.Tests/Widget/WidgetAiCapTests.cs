using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Widget;
using Streamline.Tests.Conversations;
using Streamline.Tests.Support;

namespace Streamline.Tests.Widget;

/// <summary>The widget's daily AI-credit cap through the real responder (the embedded engine, which charges real tokens).</summary>
public abstract class WidgetAiCapTests<TApp>(TApp app) where TApp : StreamlineApp
{
    /// <summary>A scene whose widget may spend <paramref name="capMillicredits"/> a day.</summary>
    private async Task<ConversationScene> SceneAsync(long capMillicredits)
    {
        var scene = await ConversationScene.CreateAsync(app);
        await app.WithScopeAsync(async sp =>
        {
            var widget = await sp.GetRequiredService<WidgetSettingsService>().GetOrCreateAsync(scene.WorkspaceId);
            var db = sp.GetRequiredService<StreamlineDbContext>();
            var tracked = await db.WidgetSettings.IgnoreQueryFilters().SingleAsync(w => w.WorkspaceId == widget.WorkspaceId);
            tracked.DailyAiCapMillicredits = capMillicredits;
            await db.SaveChangesAsync();
            return true;
        });
        return scene;
    }

    /// <summary>What a day passing does to the rows the cap reads: today's replies and today's notice become yesterday's.</summary>
    private async Task ADayPassesAsync(ConversationScene scene)
    {
        await using var db = app.Database.NewContext();
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        await db.ChatMessages.IgnoreQueryFilters().Where(m => m.WorkspaceId == scene.WorkspaceId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, m => m.CreatedAt.AddDays(-1)));
        await db.WidgetSettings.IgnoreQueryFilters().Where(w => w.WorkspaceId == scene.WorkspaceId)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.AiCapNotifiedOn, yesterday));
    }

    [Fact]
    public async Task Once_the_cap_is_reached_visitors_get_the_polite_reply_nothing_is_charged_and_the_owner_is_mailed_once()
    {
        var scene = await SceneAsync(capMillicredits: 1);
        var conversation = await scene.StartAsync();

        var (paid, _) = await scene.SayAsync(conversation.Id, "Hi, what do you offer?");
        Assert.Equal(MessageSender.Ai, paid.Posted[0].Sender);
        Assert.True(paid.ChargedMillicredits > 0);
        var balance = await scene.BalanceAsync();

        var (capped, _) = await scene.SayAsync(conversation.Id, "Do you build online shops?");
        var second = await scene.StartAsync();
        var (cappedElsewhere, _) = await scene.SayAsync(second.Id, "Hello?");

        Assert.Equal(ReplyOutcome.Answered, capped.Outcome);
        Assert.All([capped, cappedElsewhere], r => Assert.Equal(MessageSender.System, Assert.Single(r.Posted).Sender));
        Assert.Contains("get back to you", capped.Posted[0].Text);
        Assert.Equal(0, capped.ChargedMillicredits + cappedElsewhere.ChargedMillicredits);
        Assert.Equal(balance, await scene.BalanceAsync());
        Assert.DoesNotContain(await scene.ReservationsAsync(), r => r.Status == ReservationStatus.Held);
        var mail = Assert.Single(await scene.MailsToOwnerAsync(), m => m.Template == WidgetAiCap.MailTemplate);
        Assert.Contains("daily limit of 0.001 credits", mail.TextBody);
        Assert.Contains("/widget", mail.TextBody);
    }

    [Fact]
    public async Task The_next_utc_day_the_ai_answers_again_and_reaching_the_cap_again_mails_again()
    {
        var scene = await SceneAsync(capMillicredits: 1);
        var conversation = await scene.StartAsync();
        await scene.SayAsync(conversation.Id, "Hi, what do you offer?");
        await scene.SayAsync(conversation.Id, "Hello?");
        Assert.Single(await scene.MailTemplatesToOwnerAsync(), t => t == WidgetAiCap.MailTemplate);

        await ADayPassesAsync(scene);
        var (paid, _) = await scene.SayAsync(conversation.Id, "Do you build online shops?");
        var (capped, _) = await scene.SayAsync(conversation.Id, "Still there?");

        Assert.Equal(MessageSender.Ai, paid.Posted[0].Sender);
        Assert.Equal(MessageSender.System, capped.Posted[0].Sender);
        Assert.Equal(2, (await scene.MailTemplatesToOwnerAsync()).Count(t => t == WidgetAiCap.MailTemplate));
    }

    [Fact]
    public async Task Two_capped_turns_at_once_mail_the_owner_once()
    {
        var scene = await SceneAsync(capMillicredits: 1);
        var first = await scene.StartAsync();
        await scene.SayAsync(first.Id, "Hi, what do you offer?");
        var conversations = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => scene.StartAsync()));
        var posted = await Task.WhenAll(conversations.Select(c => scene.PostAsync(c.Id, "Hello?")));

        var answers = await Task.WhenAll(posted.Select(p => scene.AnswerAsync(p.Message!.Id)));

        Assert.All(answers, a => Assert.Equal(MessageSender.System, a.Posted[0].Sender));
        Assert.Single(await scene.MailTemplatesToOwnerAsync(), t => t == WidgetAiCap.MailTemplate);
    }

    [Fact]
    public async Task A_widget_without_a_cap_keeps_answering()
    {
        var scene = await SceneAsync(capMillicredits: 0);
        var conversation = await scene.StartAsync();

        var (first, _) = await scene.SayAsync(conversation.Id, "Hi, what do you offer?");
        var (second, _) = await scene.SayAsync(conversation.Id, "Do you build online shops?");

        Assert.All([first, second], r => Assert.Equal(MessageSender.Ai, r.Posted[0].Sender));
        Assert.DoesNotContain(WidgetAiCap.MailTemplate, await scene.MailTemplatesToOwnerAsync());
    }

    [Fact]
    public async Task A_capped_reply_posted_with_its_hold_ahead_returns_that_hold()
    {
        var scene = await SceneAsync(capMillicredits: 1);
        var conversation = await scene.StartAsync();
        await scene.SayAsync(conversation.Id, "Hi, what do you offer?");
        var balance = await scene.BalanceAsync();

        var reply = await app.WithScopeAsync(async sp =>
        {
            var turn = sp.GetRequiredService<ChatTurn>();
            var post = await turn.PostAsync(new IncomingMessage(scene.WorkspaceId, ConversationChannel.Widget, conversation.Id, "Hello?"), answerNow: true);
            return await turn.AnswerAsync(conversation.Id, post.Message!.Id, _ => Task.CompletedTask);
        });

        Assert.Equal(MessageSender.System, reply.Posted[0].Sender);
        Assert.Equal(balance, await scene.BalanceAsync());
        Assert.DoesNotContain(await scene.ReservationsAsync(), r => r.Status == ReservationStatus.Held);
    }
}

[Collection(SharedApps.Sqlite2)]
public sealed class WidgetAiCapOnSqlite(SqliteApp app) : WidgetAiCapTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class WidgetAiCapOnPostgres(PostgresApp app) : WidgetAiCapTests<PostgresApp>(app);
