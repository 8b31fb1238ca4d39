using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.ChatPosting;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations;

/// <summary>
/// An AI turn's answer posted in one round trip on PostgreSQL (<see cref="PostgresReplyPost"/>): numbered after what is
/// there, never a second answer to the same message, never once a person has the conversation; a refused post writes nothing.
/// The responder's own tests (OfflineSalesRep, OnlineSalesRep, HoldAhead) cover it end to end with its charge.
/// </summary>
[Collection(SharedApps.Postgres2)]
public sealed class ReplyPostTests(PostgresApp app)
{
    [Fact]
    public async Task A_second_answer_to_the_same_message_is_refused_and_writes_nothing()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        var question = (await scene.PostAsync(conversation.Id, "Do you build shops?")).Message!;

        var first = await PostAsync(conversation.Id, question.Id, "Yes, we do.");
        var second = await PostAsync(conversation.Id, question.Id, "Yes, again.");

        Assert.Equal(ReplyPostOutcome.Posted, first.Outcome);
        Assert.Equal(ReplyPostOutcome.AlreadyAnswered, second.Outcome);
        var messages = await scene.MessagesAsync(conversation.Id);
        Assert.Equal(["Do you build shops?", "Yes, we do."], messages.Select(m => m.Text));
        Assert.Equal([1, 2], messages.Select(m => m.Sequence));
        Assert.Equal(ReplyState.Answered, messages[0].ReplyState);
        var saved = await scene.ConversationAsync(conversation.Id);
        Assert.Equal(2, saved.MessageCount);
        Assert.Equal(first.Version, saved.Version);
        Assert.Equal(35, saved.LeadScore);
        Assert.Equal(["+20 gave an e-mail address", "+15 shared a budget"], saved.LeadScoreReasons);
        Assert.Equal(Sentiment.Positive, saved.Sentiment);
        Assert.Equal(7, saved.AiCostMillicredits);
        Assert.Null(saved.QualifiedAt);
    }

    [Fact]
    public async Task A_reply_and_its_handoff_notice_are_numbered_after_messages_that_arrived_meanwhile()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        var question = (await scene.PostAsync(conversation.Id, "Can I talk to someone?")).Message!;
        await scene.PostAsync(conversation.Id, "Hello?");

        var posted = await PostAsync(conversation.Id, question.Id, "Of course.", HandoffReason.VisitorAsked);

        Assert.Equal(ReplyPostOutcome.Posted, posted.Outcome);
        var messages = await scene.MessagesAsync(conversation.Id);
        Assert.Equal(["Can I talk to someone?", "Hello?", "Of course.", "Someone will join."], messages.Select(m => m.Text));
        Assert.Equal([1, 2, 3, 4], messages.Select(m => m.Sequence));
        var saved = await scene.ConversationAsync(conversation.Id);
        Assert.Equal(ConversationStatus.AwaitingHuman, saved.Status);
        Assert.Equal(HandoffReason.VisitorAsked, saved.HandoffReason);
        Assert.Equal(4, saved.MessageCount);
    }

    [Fact]
    public async Task Once_a_person_has_the_conversation_nothing_is_posted()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        var question = (await scene.PostAsync(conversation.Id, "Hi")).Message!;
        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<ConversationLog>()
            .ChangeAsync(conversation.Id, _ => true, c => c.Status = ConversationStatus.Human)));
        var before = await scene.ConversationAsync(conversation.Id);

        var refused = await PostAsync(conversation.Id, question.Id, "Hello from the AI");

        Assert.Equal(ReplyPostOutcome.Refused, refused.Outcome);
        var message = Assert.Single(await scene.MessagesAsync(conversation.Id));
        Assert.Equal(ReplyState.Awaiting, message.ReplyState);
        var after = await scene.ConversationAsync(conversation.Id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.LeadScore, after.LeadScore);
    }

    private Task<ReplyPostResult> PostAsync(Guid conversationId, Guid answering, string text, HandoffReason? handoff = null)
    {
        List<ChatMessage> messages = [new ChatMessage { Sender = MessageSender.Ai, Text = text, ReplyToId = answering, Model = "test-model", InputTokens = 10, OutputTokens = 3 }];
        if (handoff is not null) messages.Add(new ChatMessage { Sender = MessageSender.System, Text = "Someone will join." });
        var lead = new LeadAssessment(35, ["+20 gave an e-mail address", "+15 shared a budget"], Sentiment.Positive);
        return app.WithScopeAsync(sp => PostgresReplyPost.TryAsync(sp.GetRequiredService<StreamlineDbContext>(),
            new ReplyPost(conversationId, answering, messages, 7, lead, null, handoff, DateTime.UtcNow), null, CancellationToken.None));
    }
}
