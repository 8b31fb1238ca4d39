using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Inbox;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations.Inbox;

public abstract class ConversationInboxTests<TApp>(TApp app) where TApp : StreamlineApp
{
    [Fact]
    public async Task Taking_over_silences_the_AI_for_new_visitor_messages_and_giving_back_makes_them_await_it_again()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var id = await scene.StartConversationAsync("Hello?");
        Assert.Equal(ReplyState.Awaiting, (await scene.MessagesAsync(id)).Single().ReplyState);

        Assert.True((await scene.InboxAsync(i => i.TakeOverAsync(id, scene.OwnerActor))).Succeeded);
        var taken = await scene.ConversationAsync(id);
        Assert.Equal(ConversationStatus.Human, taken.Status);
        Assert.Equal(scene.OwnerId, taken.AssignedUserId);
        Assert.True(taken.AiLocked);
        var joined = (await scene.MessagesAsync(id)).Last();
        Assert.Equal((MessageSender.System, $"{InboxScene.OwnerName} joined the conversation."), (joined.Sender, joined.Text));

        var whileHuman = await scene.VisitorWritesAsync(id, "Are you a real person?");
        Assert.Equal(ReplyState.None, whileHuman.Message!.ReplyState);
        Assert.False(whileHuman.AwaitsAi);

        Assert.True((await scene.InboxAsync(i => i.GiveBackAsync(id, scene.OwnerActor))).Succeeded);
        var back = await scene.ConversationAsync(id);
        Assert.Equal(ConversationStatus.Active, back.Status);
        Assert.Null(back.AssignedUserId);
        Assert.Equal(ConversationInbox.BackToAiText, (await scene.MessagesAsync(id)).Last().Text);

        var afterGiveBack = await scene.VisitorWritesAsync(id, "Thanks, and what does it cost?");
        Assert.Equal(ReplyState.Awaiting, afterGiveBack.Message!.ReplyState);
        Assert.Equal([MessageSender.Visitor, MessageSender.System, MessageSender.Visitor, MessageSender.System, MessageSender.Visitor],
            (await scene.MessagesAsync(id)).Select(m => m.Sender));
    }

    [Fact]
    public async Task A_human_reply_is_stored_with_its_author_and_is_part_of_the_history()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var id = await scene.StartConversationAsync();
        await scene.InboxAsync(i => i.TakeOverAsync(id, scene.OwnerActor));

        Assert.True((await scene.InboxAsync(i => i.ReplyAsync(id, scene.OwnerActor, "  Yes, we do! What do you sell?\n  "))).Succeeded);

        var reply = (await scene.MessagesAsync(id)).Last();
        Assert.Equal(MessageSender.Human, reply.Sender);
        Assert.Equal(scene.OwnerId, reply.AuthorUserId);
        Assert.Equal("Yes, we do! What do you sell?", reply.Text);
        Assert.Equal(3, reply.Sequence);
        Assert.Equal(3, (await scene.ConversationAsync(id)).MessageCount);
    }

    [Fact]
    public async Task A_reply_is_refused_with_a_reason_when_empty_too_long_or_not_taken_over_and_nothing_is_stored()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var id = await scene.StartConversationAsync();

        var notHeld = await scene.InboxAsync(i => i.ReplyAsync(id, scene.OwnerActor, "Hello from the team"));
        Assert.Equal(InboxError.NotHeld, notHeld.Error);
        Assert.Contains("Take over the conversation first", notHeld.Message);

        await scene.InboxAsync(i => i.TakeOverAsync(id, scene.OwnerActor));
        var empty = await scene.InboxAsync(i => i.ReplyAsync(id, scene.OwnerActor, "   \n "));
        Assert.Equal((InboxError.Invalid, "Write a reply first."), (empty.Error, empty.Message));
        var tooLong = await scene.InboxAsync(i => i.ReplyAsync(id, scene.OwnerActor, new string('a', ConversationLimits.StoredText + 1)));
        Assert.Equal(InboxError.Invalid, tooLong.Error);
        Assert.Equal("Replies can be up to 8,000 characters; this one has 8,001.", tooLong.Message);
        Assert.True((await scene.InboxAsync(i => i.ReplyAsync(id, scene.OwnerActor, new string('a', ConversationLimits.StoredText)))).Succeeded);

        Assert.Single(await scene.MessagesAsync(id), m => m.Sender == MessageSender.Human);
    }

    [Fact]
    public async Task Two_people_taking_over_at_once_leave_one_holder_and_the_other_is_told_who_has_it()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var (_, sam) = await scene.MemberAsync("Sam Second");
        var id = await scene.StartConversationAsync();

        // Each person clicks three times, all at once.
        var people = new[] { scene.OwnerActor, sam, scene.OwnerActor, sam, scene.OwnerActor, sam };
        var results = await Task.WhenAll(people.Select(p => Task.Run(() => scene.InboxAsync(i => i.TakeOverAsync(id, p)))));

        var holder = (await scene.ConversationAsync(id)).AssignedUserId;
        var winner = holder == sam.UserId ? sam : scene.OwnerActor;
        var loser = winner == sam ? scene.OwnerActor : sam;
        Assert.All(results.Where((_, n) => people[n] == winner), r => Assert.True(r.Succeeded));
        Assert.All(results.Where((_, n) => people[n] == loser), r =>
        {
            Assert.Equal(InboxError.HeldByOther, r.Error);
            Assert.StartsWith($"{(winner == sam ? "Sam Second" : InboxScene.OwnerName)} has taken over this conversation.", r.Message);
        });
        Assert.Single(await scene.MessagesAsync(id), m => m.Sender == MessageSender.System);

        // The loser cannot reply either; the holder can.
        Assert.Equal(InboxError.HeldByOther, (await scene.InboxAsync(i => i.ReplyAsync(id, loser, "Me too"))).Error);
        Assert.True((await scene.InboxAsync(i => i.ReplyAsync(id, winner, "I'm here"))).Succeeded);
    }

    [Fact]
    public async Task Anyone_in_the_workspace_may_give_back_a_conversation_someone_else_holds_and_then_take_it()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var (_, sam) = await scene.MemberAsync("Sam Second");
        var id = await scene.StartConversationAsync();
        await scene.InboxAsync(i => i.TakeOverAsync(id, sam));

        Assert.True((await scene.InboxAsync(i => i.GiveBackAsync(id, scene.OwnerActor))).Succeeded);
        Assert.True((await scene.InboxAsync(i => i.TakeOverAsync(id, scene.OwnerActor))).Succeeded);

        Assert.Equal(scene.OwnerId, (await scene.ConversationAsync(id)).AssignedUserId);
        Assert.Equal(["Sam Second joined the conversation.", ConversationInbox.BackToAiText, "Test Person joined the conversation."],
            (await scene.MessagesAsync(id)).Where(m => m.Sender == MessageSender.System).Select(m => m.Text));
    }

    [Fact]
    public async Task Giving_back_a_handoff_nobody_took_lets_the_AI_answer_and_giving_back_twice_tells_the_visitor_once()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var id = await scene.StartConversationAsync(conversation: c =>
        {
            c.Status = ConversationStatus.AwaitingHuman;
            c.HandoffReason = HandoffReason.VisitorAsked;
        });

        Assert.True((await scene.InboxAsync(i => i.GiveBackAsync(id, scene.OwnerActor))).Succeeded);
        Assert.True((await scene.InboxAsync(i => i.GiveBackAsync(id, scene.OwnerActor))).Succeeded);

        Assert.Equal(ConversationStatus.Active, (await scene.ConversationAsync(id)).Status);
        Assert.Single(await scene.MessagesAsync(id), m => m.Text == ConversationInbox.BackToAiText);
    }

    [Fact]
    public async Task A_closed_conversation_tells_the_visitor_and_refuses_visitors_takeovers_and_replies()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var id = await scene.StartConversationAsync();
        await scene.InboxAsync(i => i.TakeOverAsync(id, scene.OwnerActor));

        Assert.True((await scene.InboxAsync(i => i.CloseAsync(id, scene.OwnerActor))).Succeeded);
        Assert.True((await scene.InboxAsync(i => i.CloseAsync(id, scene.OwnerActor))).Succeeded);

        var closed = await scene.ConversationAsync(id);
        Assert.Equal((ConversationStatus.Closed, (Guid?)null), (closed.Status, closed.AssignedUserId));
        Assert.Single(await scene.MessagesAsync(id), m => m.Text == ConversationInbox.ClosedText);
        Assert.Equal(PostOutcome.Closed, (await scene.VisitorWritesAsync(id, "Hello again")).Outcome);
        Assert.Equal(InboxError.Closed, (await scene.InboxAsync(i => i.TakeOverAsync(id, scene.OwnerActor))).Error);
        Assert.Equal(InboxError.Closed, (await scene.InboxAsync(i => i.ReplyAsync(id, scene.OwnerActor, "Still there?"))).Error);
        Assert.Equal(InboxError.Closed, (await scene.InboxAsync(i => i.GiveBackAsync(id, scene.OwnerActor))).Error);
    }

    [Fact]
    public async Task Marking_read_clears_unread_until_the_visitor_writes_again_and_saves_nothing_when_already_read()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var id = await scene.StartConversationAsync();
        Assert.True((await scene.ConversationAsync(id)).IsUnread);

        await scene.InboxAsync(i => i.MarkReadAsync(id));
        var read = await scene.ConversationAsync(id);
        Assert.False(read.IsUnread);
        await scene.InboxAsync(i => i.MarkReadAsync(id));
        Assert.Equal(read.Version, (await scene.ConversationAsync(id)).Version);

        await scene.VisitorWritesAsync(id, "One more thing");
        Assert.True((await scene.ConversationAsync(id)).IsUnread);
    }

    [Fact]
    public async Task Another_workspaces_conversation_cannot_be_touched_through_the_inbox_service()
    {
        using var scene = await InboxScene.CreateAsync(app);
        using var other = await InboxScene.CreateAsync(app);
        var theirs = await other.StartConversationAsync();

        Assert.Equal(InboxError.NotFound, (await scene.InboxAsync(i => i.TakeOverAsync(theirs, scene.OwnerActor))).Error);
        Assert.Equal(InboxError.NotFound, (await scene.InboxAsync(i => i.ReplyAsync(theirs, scene.OwnerActor, "Hi"))).Error);
        Assert.Equal(InboxError.NotFound, (await scene.InboxAsync(i => i.GiveBackAsync(theirs, scene.OwnerActor))).Error);
        Assert.Equal(InboxError.NotFound, (await scene.InboxAsync(i => i.CloseAsync(theirs, scene.OwnerActor))).Error);
        Assert.Equal(InboxError.NotFound, (await scene.InboxAsync(i => i.MarkReadAsync(theirs))).Error);
        Assert.Null(await scene.InWorkspaceAsync(sp => sp.GetRequiredService<ConversationDetails>().FindAsync(theirs, allWorkspaces: false, default)));

        var untouched = await other.ConversationAsync(theirs);
        Assert.Equal((ConversationStatus.Active, 1, (DateTime?)null), (untouched.Status, untouched.MessageCount, untouched.ReadAt));
    }

    [Fact]
    public async Task The_inbox_lists_the_workspaces_conversations_newest_first_and_each_filter_narrows_it()
    {
        using var scene = await InboxScene.CreateAsync(app);
        using var other = await InboxScene.CreateAsync(app, workspace: "Other Shop");
        var shop = await scene.CampaignAsync("Online shop");
        var site = await scene.CampaignAsync("Brochure site");
        var quiet = await scene.StartConversationAsync("Just looking", conversation: c => { c.CampaignId = site.Id; c.LeadScore = 10; });
        var hot = await scene.StartConversationAsync("We need a shop by May", contact: p => { p.Name = "Ada Shop"; p.Email = "ada@shop.test"; },
            conversation: c => { c.CampaignId = shop.Id; c.LeadScore = 80; c.AiCostMillicredits = 1_234; });
        var handedOff = await scene.StartConversationAsync("Can I talk to someone?", conversation: c =>
        {
            c.CampaignId = shop.Id;
            c.LeadScore = 55;
            c.Status = ConversationStatus.AwaitingHuman;
        });
        await scene.InboxAsync(i => i.MarkReadAsync(quiet));
        await scene.InboxAsync(i => i.MarkReadAsync(hot));
        await scene.VisitorWritesAsync(hot, "Hello? " + new string('x', 200));
        var theirs = await other.StartConversationAsync("Not yours");

        Task<InboxPage> List(InboxFilter filter) => scene.InWorkspaceAsync(sp => sp.GetRequiredService<InboxQuery>().ListAsync(filter, 1, default));

        var all = await List(InboxFilter.None);
        Assert.Equal([hot, handedOff, quiet], all.Rows.Select(r => r.Id));
        var row = all.Rows[0];
        Assert.Equal(("Ada Shop", "ada@shop.test", "Online shop", 80, true, 1_234L, MessageSender.Visitor),
            (row.ContactName, row.Email, row.CampaignName, row.LeadScore, row.Unread, row.AiCostMillicredits, row.LastSender));
        Assert.StartsWith("Hello? xxx", row.Preview);
        Assert.Equal(InboxQuery.PreviewLength, row.Preview!.Length);
        Assert.EndsWith("…", row.Preview);
        Assert.Equal(ContactNames.Unnamed, all.Rows[2].ContactName);

        Assert.Equal([handedOff], (await List(new InboxFilter(Status: ConversationStatus.AwaitingHuman))).Rows.Select(r => r.Id));
        Assert.Equal([hot, handedOff], (await List(new InboxFilter(CampaignId: shop.Id))).Rows.Select(r => r.Id));
        Assert.Equal([hot, handedOff], (await List(new InboxFilter(MinScore: 55))).Rows.Select(r => r.Id));
        Assert.Equal([hot, handedOff], (await List(new InboxFilter(UnreadOnly: true))).Rows.Select(r => r.Id));
        Assert.Equal([hot], (await List(new InboxFilter(CampaignId: shop.Id, MinScore: 60, UnreadOnly: true))).Rows.Select(r => r.Id));
        Assert.Empty((await List(new InboxFilter(CampaignId: site.Id, UnreadOnly: true))).Rows);

        var everyone = await scene.InWorkspaceAsync(sp => sp.GetRequiredService<InboxQuery>().AllWorkspacesAsync(InboxFilter.None, null, 1, default));
        Assert.Contains(everyone.Rows, r => r.Id == theirs && r.WorkspaceName == "Other Shop");
        Assert.Contains(everyone.Rows, r => r.Id == hot);
        var justTheirs = await scene.InWorkspaceAsync(sp => sp.GetRequiredService<InboxQuery>().AllWorkspacesAsync(InboxFilter.None, other.WorkspaceId, 1, default));
        Assert.Equal([theirs], justTheirs.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task The_list_is_paged_and_its_live_stamp_changes_with_any_message_or_status_change()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var ids = new List<Guid>();
        for (var n = 0; n < InboxQuery.PageSize + 2; n++) ids.Add(await scene.StartConversationAsync($"Message {n}"));
        Task<string> Stamp() => scene.InWorkspaceAsync(sp => sp.GetRequiredService<InboxQuery>().StampAsync(default));

        var second = await scene.InWorkspaceAsync(sp => sp.GetRequiredService<InboxQuery>().ListAsync(InboxFilter.None, 2, default));
        Assert.Equal((InboxQuery.PageSize + 2, 2, 2), (second.Total, second.PageNumber, second.PageCount));
        Assert.Equal([ids[1], ids[0]], second.Rows.Select(r => r.Id));

        var before = await Stamp();
        Assert.Equal(before, await Stamp());
        await scene.VisitorWritesAsync(ids[3], "Anyone?");
        var afterMessage = await Stamp();
        Assert.NotEqual(before, afterMessage);
        await scene.InboxAsync(i => i.TakeOverAsync(ids[4], scene.OwnerActor));
        Assert.NotEqual(afterMessage, await Stamp());
        // The stamp is one aggregate row; EF warns about a First without an order, never about a Single.
        Assert.Empty(app.Logs.From("Microsoft.EntityFrameworkCore.Query"));
    }

    [Fact]
    public async Task Leads_are_the_contacts_with_an_email_or_phone_with_their_best_score_and_latest_conversation()
    {
        using var scene = await InboxScene.CreateAsync(app);
        await scene.StartConversationAsync("No details given");
        var byPhone = await scene.StartConversationAsync("Call me", contact: p => p.Phone = "+44 20 7946 0000", conversation: c => c.LeadScore = 30);
        var byEmail = await scene.StartConversationAsync("Mail me", contact: p =>
        {
            p.Name = "Grace";
            p.Email = "grace@example.test";
            p.Company = "Hopper Ltd";
            p.TeamSize = 12;
            p.Budget = "about $2k a month";
            p.PainPoints = ["slow checkout", "no mobile app"];
        }, conversation: c => c.LeadScore = 70);

        var leads = await scene.InWorkspaceAsync(sp => sp.GetRequiredService<LeadsQuery>().ListAsync(1, default));

        Assert.Equal(2, leads.Total);
        Assert.Equal([byEmail, byPhone], leads.Rows.Select(l => l.ConversationId!.Value));
        var grace = leads.Rows[0];
        Assert.Equal(("Grace", "Hopper Ltd", 12, "about $2k a month", 70), (grace.Name, grace.Company, grace.TeamSize, grace.Budget, grace.BestLeadScore));
        Assert.Equal(["slow checkout", "no mobile app"], grace.PainPoints);
        Assert.Equal("+44 20 7946 0000", leads.Rows[1].Phone);
    }
}

[Collection(SharedApps.Sqlite2)]
public sealed class ConversationInboxTestsOnSqlite(SqliteApp app) : ConversationInboxTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class ConversationInboxTestsOnPostgres(PostgresApp app) : ConversationInboxTests<PostgresApp>(app);
