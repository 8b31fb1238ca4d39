using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.ChatPosting;
using Streamline.Core.Knowledge;
using Streamline.Tests.Knowledge;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations;

/// <summary>
/// Storing what a visitor writes, the same on both providers (on PostgreSQL with the chat's batches on or off):
/// numbered in order however many arrive at once, refused by a closed conversation, left to the person who has the
/// conversation, and claimed for the reply that starts at once otherwise.
/// </summary>
public abstract class VisitorPostTests<TApp>(TApp app) where TApp : StreamlineApp
{
    protected TApp App => app;

    protected Task<PostResult> PostAsync(Guid conversationId, string text, bool claimReply = true) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<ConversationService>().PostVisitorMessageAsync(conversationId, text, claimReply: claimReply));

    protected async Task SetStatusAsync(Guid conversationId, ConversationStatus status)
    {
        await using var db = app.Database.NewContext();
        await db.Conversations.IgnoreQueryFilters().Where(c => c.Id == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, status).SetProperty(c => c.Version, c => c.Version + 1));
    }

    protected async Task<(Conversation Conversation, List<ChatMessage> Messages)> StoredAsync(Guid conversationId)
    {
        await using var db = app.Database.NewContext();
        return (await db.Conversations.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == conversationId),
            await db.ChatMessages.IgnoreQueryFilters().AsNoTracking().Where(m => m.ConversationId == conversationId).OrderBy(m => m.Sequence).ToListAsync());
    }

    [Fact]
    public async Task Messages_sent_at_once_are_all_stored_numbered_one_after_another()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();

        var posted = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => Task.Run(() => PostAsync(conversation.Id, $"Message {i}"))));

        Assert.All(posted, p => Assert.Equal(PostOutcome.Posted, p.Outcome));
        var (stored, messages) = await StoredAsync(conversation.Id);
        Assert.Equal(Enumerable.Range(1, 12), messages.Select(m => m.Sequence));
        Assert.Equal(Enumerable.Range(1, 12), posted.Select(p => p.Message!.Sequence).Order());
        Assert.Equal(12, stored.MessageCount);
        Assert.Equal(conversation.Version + 12, stored.Version);
        Assert.All(messages, m => Assert.True(m is { Sender: MessageSender.Visitor, ReplyState: ReplyState.Awaiting, ReplyAttempts: 1, ReplyLeaseUntil: not null }));
        Assert.All(messages, m => Assert.Equal(scene.WorkspaceId, m.WorkspaceId));
        Assert.Equal(messages.Max(m => m.CreatedAt), stored.LastVisitorMessageAt!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_closed_conversation_refuses_the_message_and_stores_nothing()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        await SetStatusAsync(conversation.Id, ConversationStatus.Closed);

        var refused = await PostAsync(conversation.Id, "Hello?");

        Assert.Equal(PostOutcome.Closed, refused.Outcome);
        Assert.Null(refused.Message);
        var (stored, messages) = await StoredAsync(conversation.Id);
        Assert.Empty(messages);
        Assert.Equal(0, stored.MessageCount);
    }

    [Fact]
    public async Task While_a_person_has_the_conversation_the_message_waits_for_them_not_the_AI()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        await SetStatusAsync(conversation.Id, ConversationStatus.Human);

        var posted = await PostAsync(conversation.Id, "Are you still there?");

        Assert.False(posted.AwaitsAi);
        var message = Assert.Single((await StoredAsync(conversation.Id)).Messages);
        Assert.True(message is { ReplyState: ReplyState.None, ReplyAttempts: 0, ReplyLeaseUntil: null });
        Assert.Equal(posted.Message!.Id, message.Id);
    }

    [Fact]
    public async Task A_converted_lead_who_writes_again_is_talking_to_the_AI_again()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        await SetStatusAsync(conversation.Id, ConversationStatus.Converted);

        var posted = await PostAsync(conversation.Id, "One more question", claimReply: false);

        Assert.True(posted.AwaitsAi);
        var (stored, messages) = await StoredAsync(conversation.Id);
        Assert.Equal(ConversationStatus.Active, stored.Status);
        Assert.True(Assert.Single(messages) is { ReplyState: ReplyState.Awaiting, ReplyAttempts: 0, ReplyLeaseUntil: null });
    }

    [Fact]
    public async Task A_long_conversations_turn_reads_its_last_messages_and_the_lead_counts_every_visitor_message()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        for (var i = 1; i <= 3; i++) await PostAsync(conversation.Id, $"Question {i}", claimReply: false);
        // The team's notes push the visitor's first three messages out of the prompt's window.
        var notes = Enumerable.Range(1, TurnStart.Window).Select(i => new ChatMessage { Sender = MessageSender.System, Text = $"Note {i}" }).ToList();
        Assert.True(await app.WithScopeAsync(sp => sp.GetRequiredService<ConversationLog>().AppendAsync(conversation.Id, notes)));

        var posted = await PostAsync(conversation.Id, "Still interested, what does it cost?");
        var reply = await app.WithScopeAsync(sp =>
            sp.GetRequiredService<AiResponder>().AnswerClaimedAsync(posted.Message!, null, CancellationToken.None, posted.Turn));

        Assert.Equal(ReplyOutcome.Answered, reply.Outcome);
        if (posted.Turn is { } turn)
        {
            Assert.Equal(TurnStart.Window, turn.History.Count);
            Assert.Equal(posted.Message!.Id, turn.History[^1].Id);
            Assert.Equal(Enumerable.Range(posted.Message.Sequence - TurnStart.Window + 1, TurnStart.Window), turn.History.Select(m => m.Sequence));
            Assert.Equal(4, turn.VisitorMessages);
        }
        // Four visitor messages in all, though only one is in the window.
        Assert.Contains("+10 engaged (3 or more messages)", (await StoredAsync(conversation.Id)).Conversation.LeadScoreReasons);
    }

    [Fact]
    public async Task The_conversation_a_token_opens_is_remembered_and_a_token_that_opens_nothing_is_not()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var other = await ConversationScene.CreateAsync(app);
        var (conversation, token) = await app.WithScopeAsync(sp => sp.GetRequiredService<ConversationService>().StartWidgetAsync(scene.WorkspaceId));
        Task<Guid?> LookUpAsync(Guid workspaceId, string t) =>
            app.WithScopeAsync(sp => sp.GetRequiredService<ConversationService>().ConversationIdByTokenAsync(workspaceId, t));

        Assert.Equal(conversation.Id, await LookUpAsync(scene.WorkspaceId, token));
        // Only the memory can still answer now: the row no longer carries the token's hash.
        await using (var db = app.Database.NewContext())
            await db.Conversations.IgnoreQueryFilters().Where(c => c.Id == conversation.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.VisitorTokenHash, "moved"));
        Assert.Equal(conversation.Id, await LookUpAsync(scene.WorkspaceId, token));
        // Remembered per workspace: the same token opens nothing in another.
        Assert.Null(await LookUpAsync(other.WorkspaceId, token));

        // A token that opened nothing was not remembered as nothing: once a conversation carries it, it opens that one.
        var later = VisitorToken.New();
        Assert.Null(await LookUpAsync(scene.WorkspaceId, later));
        await using (var db = app.Database.NewContext())
            await db.Conversations.IgnoreQueryFilters().Where(c => c.Id == conversation.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.VisitorTokenHash, VisitorToken.Hash(later)));
        Assert.Equal(conversation.Id, await LookUpAsync(scene.WorkspaceId, later));
        Assert.Null(await LookUpAsync(scene.WorkspaceId, "not a token"));
    }

    [Fact]
    public async Task A_new_conversations_token_is_remembered_from_its_start()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var (conversation, token) = await app.WithScopeAsync(sp => sp.GetRequiredService<ConversationService>().StartWidgetAsync(scene.WorkspaceId));
        // Only the memory can answer now: the row no longer carries the token's hash, and the token was never looked up.
        await using (var db = app.Database.NewContext())
            await db.Conversations.IgnoreQueryFilters().Where(c => c.Id == conversation.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.VisitorTokenHash, $"moved-{conversation.Id:N}"));

        Assert.Equal(conversation.Id, await app.WithScopeAsync(sp =>
            sp.GetRequiredService<ConversationService>().ConversationIdByTokenAsync(scene.WorkspaceId, token)));
    }
}

[Collection(SharedApps.Sqlite1)]
public sealed class VisitorPostOnSqlite(SqliteApp app) : VisitorPostTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class VisitorPostOnPostgres(PostgresApp app) : VisitorPostTests<PostgresApp>(app)
{
    [Theory]
    [InlineData(ConversationStatus.Active)]
    [InlineData(ConversationStatus.AwaitingHuman)]
    [InlineData(ConversationStatus.Human)]
    [InlineData(ConversationStatus.Converted)]
    [InlineData(ConversationStatus.Closed)]
    public async Task With_the_chat_batches_on_or_off_a_message_changes_the_conversation_the_same_way(ConversationStatus status)
    {
        var scene = await ConversationScene.CreateAsync(App);
        var outcomes = new List<(bool Stored, ConversationStatus Status, int Count, ReplyState? Reply, int? Sequence, int Files)>();
        foreach (var batches in new[] { true, false })
        {
            var conversation = await scene.StartAsync();
            await SetStatusAsync(conversation.Id, status);
            var message = new ChatMessage { Sender = MessageSender.Visitor, Text = "Hi there", CreatedAt = DateTime.UtcNow };
            var posted = await App.WithScopeAsync(sp =>
            {
                IChatPosting posting = batches ? sp.GetRequiredService<PostgresChatPosting>() : sp.GetRequiredService<PortableChatPosting>();
                return posting.PostVisitorAsync(new VisitorPost(conversation.Id, null, message, false, message.CreatedAt.AddMinutes(1), null),
                    CancellationToken.None);
            });
            var (stored, messages) = await StoredAsync(conversation.Id);
            var written = messages.SingleOrDefault();
            outcomes.Add((posted.Stored, stored.Status, stored.MessageCount, written?.ReplyState, written?.Sequence, written?.Attachments.Count ?? 0));
        }

        Assert.Equal(outcomes[1], outcomes[0]);
        // The rules, from Conversation, on both paths.
        Assert.Equal(Conversation.TakesVisitorMessages(status), outcomes[0].Stored);
        var expected = Conversation.TakesVisitorMessages(status) ? Conversation.AfterVisitorMessage(status) : status;
        Assert.Equal(expected, outcomes[0].Status);
        if (outcomes[0].Stored)
            Assert.Equal((1, (int?)1, 0), (outcomes[0].Count, outcomes[0].Sequence, outcomes[0].Files));
    }

    [Fact]
    public async Task The_message_brings_back_what_its_AI_turn_starts_from_read_as_EF_reads_it_and_only_from_its_workspace()
    {
        var scene = await ConversationScene.CreateAsync(App);
        var conversation = await scene.StartAsync();
        var knowledge = new KnowledgeScene(App);
        var delivery = "We deliver fresh flowers across Leeds every morning. Delivery is free on orders over 40 pounds."u8.ToArray();
        await knowledge.ReadyDocumentAsync(scene.WorkspaceId, "delivery.txt", delivery);
        // The same words in another workspace's knowledge are not this one's.
        var other = await ConversationScene.CreateAsync(App);
        await knowledge.ReadyDocumentAsync(other.WorkspaceId, "delivery.txt", delivery);

        // Every kind of column: lists, nullable and converted enums, a JSON column of files, a proposal.
        var file = new MessageAttachment { FileName = "brief.pdf", ContentType = "application/pdf", Bytes = 1234 };
        await App.WithScopeAsync(sp => sp.GetRequiredService<ConversationService>().PostVisitorMessageAsync(conversation.Id, "Our brief", [file]));
        await using (var db = App.Database.NewContext())
        {
            var stored = await db.Conversations.IgnoreQueryFilters().Include(c => c.Contact).SingleAsync(c => c.Id == conversation.Id);
            stored.Contact!.Name = "Ada";
            stored.Contact.TeamSize = 12;
            stored.Contact.PainPoints = ["slow quotes", "missed calls"];
            stored.LeadScoreReasons = ["asked about prices"];
            stored.HandoffReason = HandoffReason.ComplexQuestion;
            stored.Sentiment = Sentiment.Positive;
            db.Proposals.Add(new Proposal
            {
                WorkspaceId = scene.WorkspaceId, ConversationId = conversation.Id, ContactId = stored.ContactId, PublicToken = VisitorToken.New(),
                Title = "Proposal", Markdown = "# Proposal", CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var posted = await PostAsync(conversation.Id, "Do you deliver flowers in Leeds?");

        var turn = posted.Turn!;
        await using (var db = App.Database.NewContext())
        {
            var read = await db.Conversations.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == conversation.Id);
            Assert.Equal(Json(read), Json(turn.Conversation));
            Assert.Equal(Json(await db.Contacts.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == read.ContactId)), Json(turn.Contact));
            var history = await db.ChatMessages.IgnoreQueryFilters().AsNoTracking().Where(m => m.ConversationId == conversation.Id)
                .OrderBy(m => m.Sequence).ToListAsync();
            Assert.Equal(Json(history), Json(turn.History));
        }
        Assert.True(turn.HasProposal);
        Assert.Equal(posted.Message!.Id, turn.History[^1].Id);
        Assert.Equal("brief.pdf", Assert.Single(turn.History[0].Attachments).FileName);
        Assert.Equal(["slow quotes", "missed calls"], turn.Contact.PainPoints);

        // The postings read ahead rank exactly as the search's own query does, from this workspace's document only.
        var (ahead, itself) = await App.WithScopeAsync(async sp =>
        {
            var search = sp.GetRequiredService<KnowledgeSearch>();
            return (await search.SearchAsync(scene.WorkspaceId, posted.Message.Text, 12, CancellationToken.None, turn.Postings),
                await search.SearchAsync(scene.WorkspaceId, posted.Message.Text, 12, CancellationToken.None));
        });
        Assert.NotEmpty(itself);
        Assert.Equal(Json(itself), Json(ahead));
        Assert.Equal(turn.Postings!.Count, turn.Postings.Select(p => (p.PassageId, p.Term)).Distinct().Count());
    }

    [Fact]
    public async Task No_turn_comes_back_when_the_message_is_not_the_AIs_to_answer_or_was_not_stored()
    {
        var scene = await ConversationScene.CreateAsync(App);
        var conversation = await scene.StartAsync();
        await SetStatusAsync(conversation.Id, ConversationStatus.Human);
        var forPerson = await PostAsync(conversation.Id, "Still there?");
        Assert.NotNull(forPerson.Message);
        Assert.Null(forPerson.Turn);

        await SetStatusAsync(conversation.Id, ConversationStatus.Closed);
        var refused = await PostAsync(conversation.Id, "Hello?");
        Assert.Null(refused.Message);
        Assert.Null(refused.Turn);
    }

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value);
}
