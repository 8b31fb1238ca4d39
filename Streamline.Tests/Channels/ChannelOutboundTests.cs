using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.ChatPosting;
using Streamline.Core.Conversations.Inbox;
using Streamline.Core.Data;
using Streamline.Tests.Support;
using static Streamline.Tests.Channels.WhatsAppScene;

namespace Streamline.Tests.Channels;

/// <summary>
/// What the app says on a channel is written with the chat message it carries: one commit or none, on the EF path and the
/// PostgreSQL reply batch alike, split to the provider's limit; and a status callback that overtakes the send is kept.
/// </summary>
public abstract class ChannelOutboundTests<TApp>(TApp app) where TApp : WhatsAppApp
{
    /// <summary>Longer than WhatsApp takes in one message: two parts.</summary>
    private static readonly string LongText = string.Join(" ", Enumerable.Range(1, 900).Select(i => $"w{i:0000}"));

    private async Task<(WhatsAppScene Scene, Guid ConversationId)> AnsweredConversationAsync()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await scene.DeliverAsync(client.Http, scene.TextPayload("Hi, what does a website cost?"))).StatusCode);
        await EventuallyAsync(() => Task.FromResult(scene.SendsToCustomer), s => s.Any(x => x.Status == 200));
        return (scene, (await scene.MessagesAsync())[0].ConversationId);
    }

    private async Task<List<ChannelMessage>> OutboundOfAsync(Guid chatMessageId)
    {
        await using var db = app.Database.NewContext();
        return await db.ChannelMessages.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(r => r.ChatMessageId == chatMessageId && r.Direction == ChannelDirection.Outbound).OrderBy(r => r.Part).ToListAsync();
    }

    [Fact]
    public async Task A_persons_reply_and_its_outbound_parts_commit_or_roll_back_together()
    {
        var (scene, conversationId) = await AnsweredConversationAsync();
        var owner = await scene.OwnerAsync();
        Assert.True((await scene.InWorkspaceAsync(sp => sp.GetRequiredService<ConversationInbox>().TakeOverAsync(conversationId, owner))).Succeeded);

        var seenInside = await scene.InWorkspaceAsync(async sp =>
        {
            var db = sp.GetRequiredService<StreamlineDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.True((await sp.GetRequiredService<ConversationInbox>().ReplyAsync(conversationId, owner, "Undone " + LongText)).Succeeded);
            var id = await db.ChatMessages.Where(m => m.ConversationId == conversationId && m.Text.StartsWith("Undone")).Select(m => m.Id).SingleAsync();
            var parts = await db.ChannelMessages.CountAsync(r => r.ChatMessageId == id && r.Direction == ChannelDirection.Outbound);
            await transaction.RollbackAsync();
            return parts;
        });
        Assert.True((await scene.InWorkspaceAsync(sp => sp.GetRequiredService<ConversationInbox>().ReplyAsync(conversationId, owner, "Kept " + LongText))).Succeeded);

        Assert.Equal(2, seenInside);
        var kept = (await scene.MessagesAsync()).Single(m => m.Text.StartsWith("Kept"));
        Assert.DoesNotContain(await scene.MessagesAsync(), m => m.Text.StartsWith("Undone"));
        var rows = await OutboundOfAsync(kept.Id);
        Assert.Equal([0, 1], rows.Select(r => r.Part));
        Assert.All(rows, r => Assert.True(r.Text!.Length <= 4096));
        Assert.Equal(kept.Text.Split(' '), rows.SelectMany(r => r.Text!.Split(' ')));
        var sent = await EventuallyAsync(() => Task.FromResult(scene.SendsToCustomer.Where(s => s.Status == 200).ToList()),
            s => s.Any(x => x.Text == rows[1].Text));
        // Each part once, in order.
        Assert.Equal(rows.Select(r => r.Text), sent.Select(s => s.Text).Where(t => rows.Any(r => r.Text == t)));
        Assert.DoesNotContain(sent, s => s.Text!.StartsWith("Undone"));
        await using var db = app.Database.NewContext();
        Assert.False(await db.ChannelMessages.IgnoreQueryFilters(QueryFilters.Workspace).AnyAsync(r => r.ConversationId == conversationId
            && r.Text!.StartsWith("Undone")));
    }

    public static TheoryData<bool> Postings => [false, true];

    [Theory]
    [MemberData(nameof(Postings))]
    public async Task An_ai_reply_is_posted_with_its_outbound_parts_or_not_at_all(bool portable)
    {
        var (scene, conversationId) = await AnsweredConversationAsync();
        var visitorMessageId = (await scene.MessagesAsync()).First(m => m.Sender == MessageSender.Visitor).Id;
        var lead = new LeadAssessment(10, [], Sentiment.Neutral);

        async Task<(ReplyPosted? Posted, Exception? Error)> PostAsync(ChatMessage reply) => await app.WithScopeAsync(async sp =>
        {
            IChatPosting posting = portable ? sp.GetRequiredService<PortableChatPosting>() : sp.GetRequiredService<IChatPosting>();
            var asRead = await sp.GetRequiredService<StreamlineDbContext>().Conversations.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
                .SingleAsync(c => c.Id == conversationId);
            try
            {
                return ((ReplyPosted?)await posting.PostReplyAsync(new ReplyPost(conversationId, visitorMessageId, [reply], 0, lead, null, null, DateTime.UtcNow),
                    asRead, null, _ => { }, null, CancellationToken.None), (Exception?)null);
            }
            catch (Exception e) when (e is DbUpdateException or Npgsql.PostgresException)
            {
                return (null, e);
            }
        });

        var posted = new ChatMessage { Sender = MessageSender.Ai, Text = LongText };
        Assert.Equal(ReplyPostOutcome.Posted, (await PostAsync(posted)).Posted?.Outcome);
        var rows = await OutboundOfAsync(posted.Id);
        Assert.Equal([0, 1], rows.Select(r => r.Part));
        Assert.Equal(LongText.Split(' '), rows.SelectMany(r => r.Text!.Split(' ')));
        Assert.All(rows, r => Assert.Equal(scene.Channel.Id, r.ChannelId));

        // A row already holding the reply's first part makes the outbound insert fail: the reply must fail with it.
        var refused = new ChatMessage { Sender = MessageSender.Ai, Text = "Never posted" };
        int countBefore;
        await using (var db = app.Database.NewContext())
        {
            var template = rows[0];
            db.ChannelMessages.Add(new ChannelMessage
            {
                WorkspaceId = template.WorkspaceId, ChannelId = template.ChannelId, IdentityId = template.IdentityId, ConversationId = conversationId,
                ChatMessageId = refused.Id, Direction = ChannelDirection.Outbound, Part = 0, Kind = ChannelOutbox.TextKind, Text = "blocker",
                State = ChannelDeliveryState.Withheld, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
            countBefore = await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.Id == conversationId).Select(c => c.MessageCount).SingleAsync();
        }

        var (result, error) = await PostAsync(refused);

        Assert.True(error is not null || result!.Outcome != ReplyPostOutcome.Posted, "the reply was posted without its outbound rows");
        await using (var db = app.Database.NewContext())
        {
            Assert.False(await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace).AnyAsync(m => m.Id == refused.Id));
            Assert.Equal(countBefore, await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.Id == conversationId)
                .Select(c => c.MessageCount).SingleAsync());
        }
        Assert.Equal(["blocker"], (await OutboundOfAsync(refused.Id)).Select(r => r.Text));
    }

    [Fact]
    public async Task A_status_that_arrives_before_the_send_has_its_id_is_applied_once_the_id_is_stored()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        string? overtaken = null;
        app.WhatsApp.BeforeAccepting(scene.Channel.RouteKey, async wamid =>
        {
            overtaken = wamid;
            using var webhook = app.NewClient();
            Assert.Equal(HttpStatusCode.OK, (await scene.DeliverAsync(webhook.Http, scene.StatusPayload(wamid, "delivered"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await scene.DeliverAsync(webhook.Http, scene.StatusPayload(wamid, "read"))).StatusCode);
            await using var db = app.Database.NewContext();
            Assert.Equal(2, await db.ChannelPendingStatuses.IgnoreQueryFilters(QueryFilters.Workspace).CountAsync(s => s.ProviderMessageId == wamid));
        });
        using var client = app.NewClient();

        await scene.DeliverAsync(client.Http, scene.TextPayload("Hello, anyone there?"));

        var row = await EventuallyAsync(async () => (await scene.RowsAsync(ChannelDirection.Outbound)).SingleOrDefault(),
            r => r?.State == ChannelDeliveryState.Read);
        Assert.Equal(overtaken, row!.ProviderMessageId);
        await using (var db = app.Database.NewContext())
            Assert.False(await db.ChannelPendingStatuses.IgnoreQueryFilters(QueryFilters.Workspace).AnyAsync(s => s.ChannelId == scene.Channel.Id));
        // Late and out of order: never backwards, and nothing left waiting.
        await scene.DeliverAsync(client.Http, scene.StatusPayload(overtaken!, "delivered"));
        Assert.Equal(ChannelDeliveryState.Read, (await scene.RowsAsync(ChannelDirection.Outbound)).Single().State);
        await using (var db = app.Database.NewContext())
            Assert.False(await db.ChannelPendingStatuses.IgnoreQueryFilters(QueryFilters.Workspace).AnyAsync(s => s.ChannelId == scene.Channel.Id));
    }

    [Fact]
    public async Task A_status_for_a_message_the_app_never_sent_is_forgotten_after_a_day()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();
        var stranger = NewWamid();

        Assert.Equal(HttpStatusCode.OK, (await scene.DeliverAsync(client.Http, scene.StatusPayload(stranger, "delivered"))).StatusCode);
        await using (var db = app.Database.NewContext())
        {
            Assert.Equal(1, await db.ChannelPendingStatuses.IgnoreQueryFilters(QueryFilters.Workspace).CountAsync(s => s.ProviderMessageId == stranger));
            await db.ChannelPendingStatuses.IgnoreQueryFilters(QueryFilters.Workspace).Where(s => s.ProviderMessageId == stranger)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.ReceivedAt, DateTime.UtcNow - ChannelStatuses.PendingHorizon - TimeSpan.FromMinutes(1)));
        }

        await app.WithScopeAsync(sp => sp.GetRequiredService<SweepChannelOutbox>().RunAsync(CancellationToken.None));

        await using (var db = app.Database.NewContext())
            Assert.False(await db.ChannelPendingStatuses.IgnoreQueryFilters(QueryFilters.Workspace).AnyAsync(s => s.ProviderMessageId == stranger));
    }
}

public sealed class ChannelOutboundOnSqlite(SqliteWhatsAppApp app) : ChannelOutboundTests<SqliteWhatsAppApp>(app), IClassFixture<SqliteWhatsAppApp>;

public sealed class ChannelOutboundOnPostgres(PostgresWhatsAppApp app) : ChannelOutboundTests<PostgresWhatsAppApp>(app), IClassFixture<PostgresWhatsAppApp>;
