using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations;

/// <summary>
/// A reply's credits held in the round trip that stores the visitor's message (PostgreSQL): kept by the turn when they
/// cover its prompt, released and held again when not, never placed beyond the balance or for a message the AI does not
/// answer; and whichever hold the turn ends up with, it is charged what it used and no more than its own bound.
/// </summary>
[Collection(SharedApps.Postgres1)]
public sealed class HoldAheadTests(PostgresApp app)
{
    /// <summary>Sends as the widget does: plans the hold (unless given one), stores the message with it, answers from what came back.</summary>
    private async Task<(PostResult Posted, ReplyResult Reply)> SendAsync(ConversationScene scene, Guid conversationId, string text, HoldAhead? plan = null)
    {
        var posted = await app.WithScopeAsync(async sp =>
        {
            var ahead = plan ?? await sp.GetRequiredService<AiResponder>().PlanHoldAheadAsync(scene.WorkspaceId, CancellationToken.None);
            return await sp.GetRequiredService<ConversationService>()
                .PostVisitorMessageAsync(conversationId, text, claimReply: true, holdAhead: ahead);
        });
        Assert.Equal(PostOutcome.Posted, posted.Outcome);
        var reply = posted.AwaitsAi
            ? await app.WithScopeAsync(sp => sp.GetRequiredService<AiResponder>().AnswerClaimedAsync(posted.Message!, null, CancellationToken.None, posted.Turn))
            : new ReplyResult(ReplyOutcome.NotNeeded, []);
        return (posted, reply);
    }

    private Task<HoldAhead?> PlanAsync(Guid workspaceId) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<AiResponder>().PlanHoldAheadAsync(workspaceId, CancellationToken.None));

    private async Task<List<LedgerEntry>> LedgerAsync(Guid workspaceId)
    {
        await using var db = app.Database.NewContext();
        return await db.LedgerEntries.IgnoreQueryFilters().AsNoTracking().Where(e => e.WorkspaceId == workspaceId)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.BalanceAfterMillicredits).ToListAsync();
    }

    [Fact]
    public async Task The_hold_placed_with_the_message_pays_for_the_reply_which_is_charged_what_it_used()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        var plan = (await PlanAsync(scene.WorkspaceId))!;

        var (posted, reply) = await SendAsync(scene, conversation.Id, "Hi, what does a website cost?", plan);

        Assert.Equal(plan, posted.Turn!.HeldAhead);
        Assert.Equal(ReplyOutcome.Answered, reply.Outcome);
        var cost = reply.Posted[0].CostMillicredits;
        Assert.True(cost > 0 && cost < plan.Amount, $"cost {cost}, held ahead {plan.Amount}");
        // One hold only, the one placed ahead: captured at the reply's cost, the rest given back.
        var reservation = Assert.Single(await scene.ReservationsAsync());
        Assert.Equal(plan.ReservationId, reservation.Id);
        Assert.Equal(plan.Amount, reservation.AmountMillicredits);
        Assert.Equal((ReservationStatus.Captured, cost), (reservation.Status, reservation.CapturedMillicredits));
        Assert.Equal(100_000 - cost, await scene.BalanceAsync());
        var ledger = await LedgerAsync(scene.WorkspaceId);
        Assert.Equal([LedgerEntryType.AdminGrant, LedgerEntryType.ReservationHold, LedgerEntryType.ReservationRelease], ledger.Select(e => e.Type));
        Assert.Equal(-plan.Amount, ledger[1].AmountMillicredits);
        Assert.Equal(HoldAhead.KeyFor(posted.Message!.Id), ledger[1].IdempotencyKey);
        Assert.Equal(ledger.Sum(e => e.AmountMillicredits), await scene.BalanceAsync());
    }

    [Fact]
    public async Task A_hold_too_small_for_the_prompt_is_released_and_the_reply_held_again()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        var tooSmall = new HoldAhead(scene.WorkspaceId, 1, "AI reply", Guid.NewGuid(), DateTime.UtcNow);

        var (posted, reply) = await SendAsync(scene, conversation.Id, "Hi, what does a website cost?", tooSmall);

        Assert.Equal(tooSmall, posted.Turn!.HeldAhead);
        Assert.Equal(ReplyOutcome.Answered, reply.Outcome);
        var cost = reply.Posted[0].CostMillicredits;
        var reservations = await scene.ReservationsAsync();
        Assert.Equal(2, reservations.Count);
        Assert.Equal((ReservationStatus.Released, 0L), reservations.Where(r => r.Id == tooSmall.ReservationId).Select(r => (r.Status, r.CapturedMillicredits)).Single());
        Assert.Equal((ReservationStatus.Captured, cost), reservations.Where(r => r.Id != tooSmall.ReservationId).Select(r => (r.Status, r.CapturedMillicredits)).Single());
        Assert.Equal(100_000 - cost, await scene.BalanceAsync());
        Assert.Equal((await LedgerAsync(scene.WorkspaceId)).Sum(e => e.AmountMillicredits), await scene.BalanceAsync());
    }

    [Fact]
    public async Task A_hold_ahead_below_the_threshold_tells_the_owner_once_and_a_charge_giving_back_enough_arms_the_next()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        var plan = (await PlanAsync(scene.WorkspaceId))!;
        var balance = (await scene.BalanceAsync())!.Value;
        // The hold ahead takes the balance below the threshold; the reply, charged far less, gives back enough to be above it.
        var threshold = balance - plan.Amount / 2;
        await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>().SetLowBalanceThresholdAsync(scene.WorkspaceId, threshold));

        var (posted, reply) = await SendAsync(scene, conversation.Id, "Hi, what does a website cost?", plan);

        Assert.Equal(plan, posted.Turn!.HeldAhead);
        Assert.True(reply.Posted[0].CostMillicredits < plan.Amount / 2);
        Assert.Single(await scene.MailsToOwnerAsync(), m => m.Template == "low-balance");
        Assert.True(await scene.BalanceAsync() >= threshold);

        await SendAsync(scene, conversation.Id, "And a shop?");
        Assert.Equal(2, (await scene.MailsToOwnerAsync()).Count(m => m.Template == "low-balance"));
    }

    [Fact]
    public async Task A_hold_ahead_that_succeeds_forgets_the_out_of_credits_mail_so_running_dry_again_is_told_again()
    {
        var scene = await ConversationScene.CreateAsync(app, credits: 0);
        var conversation = await scene.StartAsync();
        await SendAsync(scene, conversation.Id, "Hi, do you build online shops?");
        Assert.Single(await scene.MailTemplatesToOwnerAsync(), t => t == "ai-out-of-credits");

        await scene.SetBalanceAsync(100_000);
        var plan = (await PlanAsync(scene.WorkspaceId))!;
        var (posted, reply) = await SendAsync(scene, conversation.Id, "Do you build online shops?", plan);
        Assert.Equal(plan, posted.Turn!.HeldAhead);
        Assert.Equal(MessageSender.Ai, reply.Posted[0].Sender);

        await scene.SetBalanceAsync(0);
        await SendAsync(scene, conversation.Id, "Still there?");
        await SendAsync(scene, conversation.Id, "Hello?");
        Assert.Equal(2, (await scene.MailTemplatesToOwnerAsync()).Count(t => t == "ai-out-of-credits"));
    }

    [Fact]
    public async Task A_balance_too_low_for_the_hold_ahead_writes_nothing_for_it_and_the_reply_holds_only_what_it_needs()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        var plan = (await PlanAsync(scene.WorkspaceId))!;
        await scene.SetBalanceAsync(plan.Amount - 1);
        var before = (await LedgerAsync(scene.WorkspaceId)).Count;

        var (posted, reply) = await SendAsync(scene, conversation.Id, "Hi, what does a website cost?", plan);

        Assert.Null(posted.Turn!.HeldAhead);
        Assert.Equal(ReplyOutcome.Answered, reply.Outcome);
        Assert.Equal(MessageSender.Ai, reply.Posted[0].Sender);
        var reservation = Assert.Single(await scene.ReservationsAsync());
        Assert.NotEqual(plan.ReservationId, reservation.Id);
        Assert.True(reservation.AmountMillicredits < plan.Amount);
        var ledger = await LedgerAsync(scene.WorkspaceId);
        Assert.DoesNotContain(ledger, e => e.IdempotencyKey == HoldAhead.KeyFor(posted.Message!.Id));
        Assert.Equal(before + 2, ledger.Count);
        Assert.Equal(plan.Amount - 1 - reply.Posted[0].CostMillicredits, await scene.BalanceAsync());
    }

    [Fact]
    public async Task No_hold_is_placed_for_a_message_a_person_answers_nor_for_the_house()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        await using (var db = app.Database.NewContext())
            await db.Conversations.IgnoreQueryFilters().Where(c => c.Id == conversation.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConversationStatus.Human));

        var (posted, _) = await SendAsync(scene, conversation.Id, "Is anyone there?");

        Assert.False(posted.AwaitsAi);
        Assert.Empty(await scene.ReservationsAsync());
        Assert.Equal(100_000, await scene.BalanceAsync());

        var house = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Streamline.Core.Data.StreamlineDbContext>();
            return await db.Workspaces.Where(w => w.IsHouse).Select(w => (Guid?)w.Id).SingleOrDefaultAsync();
        });
        if (house is null)
        {
            await using var db = app.Database.NewContext();
            var workspace = new Workspace { Name = "House", IsHouse = true, CreatedAt = DateTime.UtcNow };
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync();
            house = workspace.Id;
        }
        Assert.Null(await PlanAsync(house.Value));
    }

    [Fact]
    public async Task Holds_placed_with_messages_at_once_never_take_the_balance_below_zero()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var plan = (await PlanAsync(scene.WorkspaceId))!;
        // Enough for three holds ahead, not for ten.
        await scene.SetBalanceAsync(3 * plan.Amount + plan.Amount / 2);
        var conversations = new List<Conversation>();
        for (var i = 0; i < 10; i++) conversations.Add(await scene.StartAsync());

        var posted = await Task.WhenAll(conversations.Select(c => Task.Run(() => app.WithScopeAsync(async sp =>
            await sp.GetRequiredService<ConversationService>().PostVisitorMessageAsync(c.Id, "Hi, what does a website cost?", claimReply: true,
                holdAhead: await sp.GetRequiredService<AiResponder>().PlanHoldAheadAsync(scene.WorkspaceId, CancellationToken.None))))));

        Assert.Equal(3, posted.Count(p => p.Turn?.HeldAhead is not null));
        Assert.Equal(plan.Amount / 2, await scene.BalanceAsync());
        // Every reply is answered, from its hold or from one of its own, or else with the polite no-credits reply.
        var replies = await Task.WhenAll(posted.Select(p => Task.Run(() => app.WithScopeAsync(sp =>
            sp.GetRequiredService<AiResponder>().AnswerClaimedAsync(p.Message!, null, CancellationToken.None, p.Turn)))));
        Assert.All(replies, r => Assert.Equal(ReplyOutcome.Answered, r.Outcome));
        var balance = (await scene.BalanceAsync())!.Value;
        Assert.True(balance >= 0);
        Assert.Equal((await LedgerAsync(scene.WorkspaceId)).Sum(e => e.AmountMillicredits), balance);
        Assert.All(await scene.ReservationsAsync(), r => Assert.NotEqual(ReservationStatus.Held, r.Status));
    }
}
