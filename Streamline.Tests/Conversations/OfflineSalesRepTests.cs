using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Conversations;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations;

/// <summary>The embedded engine (no AI provider) through the real responder: flow, capture, handoff, streaming, metering.</summary>
public abstract class OfflineSalesRepTests<TApp>(TApp app) where TApp : StreamlineApp
{
    [Fact]
    public async Task Follows_the_campaigns_flow_and_captures_what_the_visitor_says()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();

        var (first, chunks) = await scene.SayAsync(conversation.Id, "Hello there");
        Assert.Equal(ReplyOutcome.Answered, first.Outcome);
        var reply = Assert.Single(first.Posted);
        Assert.Equal(MessageSender.Ai, reply.Sender);
        Assert.Contains("What does your business do?", reply.Text);
        Assert.True(chunks.Count > 1, "the reply should stream in several chunks");
        Assert.Equal(reply.Text, string.Concat(chunks).Trim());

        var (second, _) = await scene.SayAsync(conversation.Id, "We run a bakery in Leeds");
        Assert.Contains("Do you have a website today?", second.Posted[0].Text);

        var (third, _) = await scene.SayAsync(conversation.Id, "My name is Dana Smith, you can reach me at dana@bakery.example. We're a team of 12.");
        Assert.Contains("Dana", third.Posted[0].Text);

        var (price, _) = await scene.SayAsync(conversation.Id, "How much does a website cost?");
        Assert.Contains("$1,499.00", price.Posted[0].Text);

        var (objection, _) = await scene.SayAsync(conversation.Id, "Hmm, that is too expensive for us");
        Assert.Contains("spread the payment over three months", objection.Posted[0].Text);

        var saved = await scene.ConversationAsync(conversation.Id);
        Assert.Equal("Dana Smith", saved.Contact!.Name);
        Assert.Equal("dana@bakery.example", saved.Contact.Email);
        Assert.Equal(12, saved.Contact.TeamSize);
        Assert.Contains("We run a bakery in Leeds", saved.Contact.PainPoints);
        Assert.True(saved.LeadScore >= 40, $"score {saved.LeadScore}: {string.Join(", ", saved.LeadScoreReasons)}");
        Assert.Contains(saved.LeadScoreReasons, r => r.Contains("e-mail", StringComparison.Ordinal));
        Assert.Equal(10, (await scene.MessagesAsync(conversation.Id)).Count);

        var (proposal, _) = await scene.SayAsync(conversation.Id, "Sounds good, can I get a proposal?");
        Assert.Contains("/p/", proposal.Posted[0].Text);
        await using var db = app.Database.NewContext();
        var written = await db.Proposals.IgnoreQueryFilters().SingleAsync(p => p.ConversationId == conversation.Id);
        Assert.Equal(ConversationScene.Price, written.TotalCents);
        Assert.Contains(written.PublicToken, proposal.Posted[0].Text);
    }

    [Fact]
    public async Task A_question_asked_back_is_not_taken_as_the_answer_to_a_qualification_question()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();

        await scene.SayAsync(conversation.Id, "Hello");
        await scene.SayAsync(conversation.Id, "Before that, how long does it take?");
        await scene.SayAsync(conversation.Id, "We repair bicycles");

        Assert.Equal(["We repair bicycles"], (await scene.ConversationAsync(conversation.Id)).Contact!.PainPoints);
    }

    [Fact]
    public async Task The_owner_is_mailed_once_when_the_lead_becomes_qualified()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        string[] lines =
        [
            "Hello",
            "We run a bakery in Leeds",
            "My name is Dana Smith, you can reach me at dana@bakery.example or on +44 20 7946 0958. We're a team of 12.",
            "Thanks, that sounds great!",
            "Our budget is about $2,000",
        ];
        var crossedAt = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            await scene.SayAsync(conversation.Id, lines[i]);
            var saved = await scene.ConversationAsync(conversation.Id);
            var mails = (await scene.MailTemplatesToOwnerAsync()).Count(t => t == "qualified-lead");
            if (saved.LeadScore < LeadScoring.Qualified)
            {
                Assert.Null(saved.QualifiedAt);
                Assert.Equal(0, mails);
                continue;
            }
            if (crossedAt < 0) crossedAt = i;
            Assert.NotNull(saved.QualifiedAt);
            Assert.Equal(1, mails);
        }
        Assert.True(crossedAt >= 0, "the conversation should have qualified the lead");
        Assert.True(crossedAt < lines.Length - 1, "a message after qualifying should not mail again");
    }

    [Theory]
    [InlineData("Quiero hablar con una persona, por favor", "Hemos pedido a una persona de nuestro equipo")]
    [InlineData("Ich möchte bitte mit einem Menschen sprechen", "Wir haben jemanden aus unserem Team gebeten")]
    [InlineData("Je voudrais parler à une personne, s'il vous plaît", "Nous avons demandé à une personne de notre équipe")]
    [InlineData("Quero falar com um atendente, por favor", "Pedimos a uma pessoa da nossa equipe")]
    [InlineData("Can I talk to a real person please?", "A member of our team has been asked to join")]
    public async Task The_handoff_notice_is_in_the_visitors_language(string request, string notice)
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();

        var (handoff, _) = await scene.SayAsync(conversation.Id, request);

        Assert.Equal(2, handoff.Posted.Count);
        Assert.Equal(MessageSender.System, handoff.Posted[1].Sender);
        Assert.StartsWith(notice, handoff.Posted[1].Text);
    }

    [Fact]
    public async Task A_request_for_a_person_hands_off_tells_the_visitor_and_silences_the_ai()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();

        var (handoff, _) = await scene.SayAsync(conversation.Id, "Can I talk to a real person please?");

        Assert.Equal(2, handoff.Posted.Count);
        Assert.Equal(MessageSender.System, handoff.Posted[1].Sender);
        Assert.Contains("team", handoff.Posted[1].Text);
        var saved = await scene.ConversationAsync(conversation.Id);
        Assert.Equal(ConversationStatus.AwaitingHuman, saved.Status);
        Assert.Equal(HandoffReason.VisitorAsked, saved.HandoffReason);
        Assert.Contains("conversation-handoff", await scene.MailTemplatesToOwnerAsync());

        var next = await scene.PostAsync(conversation.Id, "Hello? Anyone?");
        Assert.False(next.AwaitsAi);
        Assert.Equal(ReplyOutcome.NotNeeded, (await scene.AnswerAsync(next.Message!.Id)).Outcome);
    }

    [Fact]
    public async Task Each_reply_is_charged_from_its_tokens_plus_the_margin_and_answered_once()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var before = await scene.BalanceAsync();
        var conversation = await scene.StartAsync();
        var posted = await scene.PostAsync(conversation.Id, "Hi, what do you offer?");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => scene.AnswerAsync(posted.Message!.Id)));

        Assert.Single(answers, a => a.Outcome == ReplyOutcome.Answered);
        Assert.All(answers.Where(a => a.Outcome != ReplyOutcome.Answered), a => Assert.Equal(ReplyOutcome.AlreadyHandled, a.Outcome));
        var reply = Assert.Single(await scene.MessagesAsync(conversation.Id), m => m.Sender == MessageSender.Ai);
        Assert.Equal(posted.Message!.Id, reply.ReplyToId);
        Assert.Equal(ModelCatalog.OfflineModelName, reply.Model);
        Assert.True(reply.InputTokens > 100 && reply.OutputTokens > 0);
        var expected = new PricedModel(ModelCatalog.OfflineModelName, 150, 600, ModelTier.Fast)
            .CostMillicredits(reply.InputTokens, reply.OutputTokens);
        Assert.Equal(expected, reply.CostMillicredits);
        Assert.Equal(before - expected, await scene.BalanceAsync());
        Assert.Equal(expected, (await scene.ConversationAsync(conversation.Id)).AiCostMillicredits);
        Assert.All(await scene.ReservationsAsync(), r => Assert.Equal(Streamline.Core.Credits.ReservationStatus.Captured, r.Status));
    }

    [Fact]
    public async Task A_message_left_behind_by_a_dead_process_is_answered_exactly_once_by_the_sweeper()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        var neverStreamed = await scene.PostAsync(conversation.Id, "Hi, do you do logos?");
        var diedMidReply = await scene.PostAsync(conversation.Id, "And business cards?");
        await using (var db = app.Database.NewContext())
        {
            // One message whose streaming request never came, one whose worker claimed it and died.
            var first = await db.ChatMessages.IgnoreQueryFilters().SingleAsync(m => m.Id == neverStreamed.Message!.Id);
            first.CreatedAt = DateTime.UtcNow - SweepAwaitingReplies.StreamGrace - TimeSpan.FromSeconds(5);
            var second = await db.ChatMessages.IgnoreQueryFilters().SingleAsync(m => m.Id == diedMidReply.Message!.Id);
            second.ReplyAttempts = 1;
            second.ReplyLeaseUntil = DateTime.UtcNow.AddSeconds(-1);
            await db.SaveChangesAsync();
        }

        // Two sweeps at once (two instances): each may queue a job, only one answer per message is posted.
        var queued = await Task.WhenAll(
            app.WithScopeAsync(sp => sp.GetRequiredService<SweepAwaitingReplies>().RunAsync(CancellationToken.None)),
            app.WithScopeAsync(sp => sp.GetRequiredService<SweepAwaitingReplies>().RunAsync(CancellationToken.None)));

        Assert.True(queued.Max() >= 2, "both messages are found (a later sweep may find them already answered)");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<ChatMessage> messages;
        do
        {
            await Task.Delay(100);
            messages = await scene.MessagesAsync(conversation.Id);
        } while (messages.Count(m => m.Sender == MessageSender.Ai) < 2 && DateTime.UtcNow < deadline);
        await Task.Delay(500);
        messages = await scene.MessagesAsync(conversation.Id);
        Assert.Single(messages, m => m.ReplyToId == neverStreamed.Message!.Id);
        Assert.Single(messages, m => m.ReplyToId == diedMidReply.Message!.Id);
        Assert.All(messages.Where(m => m.Sender == MessageSender.Visitor), m => Assert.True(m.ReplyState == ReplyState.Answered,
            string.Join(" | ", messages.Select(x => $"{x.Sequence} {x.Sender} {x.ReplyState} {x.ReplyToId} {x.ReplyAttempts} {x.ReplyLeaseUntil:O}"))));
    }

    [Fact]
    public async Task Without_credits_the_visitor_gets_a_polite_reply_and_the_owner_one_mail()
    {
        var scene = await ConversationScene.CreateAsync(app, credits: 0);
        var conversation = await scene.StartAsync();

        var (first, _) = await scene.SayAsync(conversation.Id, "Hi, do you build online shops?");
        var (second, _) = await scene.SayAsync(conversation.Id, "Hello?");

        Assert.Equal(ReplyOutcome.Answered, first.Outcome);
        Assert.Equal(MessageSender.System, first.Posted[0].Sender);
        Assert.Contains("get back to you", first.Posted[0].Text);
        Assert.Equal(ReplyOutcome.Answered, second.Outcome);
        var mail = Assert.Single(await scene.MailsToOwnerAsync(), m => m.Template == "ai-out-of-credits");
        Assert.Contains("no credits left (0 credits)", mail.TextBody);
        Assert.Contains("Top up: http", mail.TextBody);
        Assert.Contains("to let the AI answer again", mail.TextBody);
        Assert.Contains(">Top up</a>", mail.HtmlBody);
        Assert.Equal(0, await scene.BalanceAsync());
    }

    [Fact]
    public async Task A_paused_wallet_tells_the_owner_that_credit_use_is_paused_not_to_top_up()
    {
        var scene = await ConversationScene.CreateAsync(app, credits: 1_172_975);
        await scene.PauseCreditsAsync();
        var conversation = await scene.StartAsync();

        var (first, _) = await scene.SayAsync(conversation.Id, "Hi, do you build online shops?");
        await scene.SayAsync(conversation.Id, "Hello?");

        Assert.Equal(MessageSender.System, first.Posted[0].Sender);
        var mails = await scene.MailsToOwnerAsync();
        Assert.DoesNotContain(mails, m => m.Template == "ai-out-of-credits");
        var mail = Assert.Single(mails, m => m.Template == "ai-credits-paused");
        Assert.Contains("credit use is paused", mail.Subject);
        Assert.Contains("Stream-line AI has paused the workspace's credit use", mail.TextBody);
        Assert.Contains("The balance (1,172.975 credits) is untouched", mail.TextBody);
        Assert.Contains("contact Stream-line AI and ask them to resume", mail.TextBody);
        Assert.DoesNotContain("Top up", mail.TextBody);
        Assert.DoesNotContain("/credits", mail.TextBody);
        Assert.DoesNotContain("/credits", mail.HtmlBody);
        Assert.Equal(1_172_975, await scene.BalanceAsync());
    }

    [Fact]
    public async Task The_out_of_credits_mail_goes_once_per_crossing_and_again_after_credits_came_back_and_ran_out()
    {
        var scene = await ConversationScene.CreateAsync(app, credits: 0);
        var conversation = await scene.StartAsync();
        await scene.SayAsync(conversation.Id, "Hi, do you build online shops?");
        await scene.SayAsync(conversation.Id, "Hello?");
        Assert.Single(await scene.MailTemplatesToOwnerAsync(), t => t == "ai-out-of-credits");

        // Credits come back: the AI answers again, and that successful hold forgets the notice...
        await scene.SetBalanceAsync(100_000);
        var (paid, _) = await scene.SayAsync(conversation.Id, "Do you build online shops?");
        Assert.Equal(MessageSender.Ai, paid.Posted[0].Sender);
        // ...so running out again is news to the owner once more, and once only.
        await scene.SetBalanceAsync(0);
        await scene.SayAsync(conversation.Id, "Still there?");
        await scene.SayAsync(conversation.Id, "Hello?");

        Assert.Equal(2, (await scene.MailTemplatesToOwnerAsync()).Count(t => t == "ai-out-of-credits"));
    }
}

[Collection(SharedApps.Sqlite1)]
public sealed class OfflineSalesRepOnSqlite(SqliteApp app) : OfflineSalesRepTests<SqliteApp>(app);

[Collection(SharedApps.Postgres3)]
public sealed class OfflineSalesRepOnPostgres(PostgresApp app) : OfflineSalesRepTests<PostgresApp>(app);
