using Microsoft.EntityFrameworkCore;
using Streamline.Core.Credits;
using Streamline.Core.Credits.Disputes;
using Streamline.Tests.Credits;
using static Streamline.Tests.Credits.Disputes.DisputeScene;

namespace Streamline.Tests.Credits.Disputes;

public abstract class CreditDisputeServiceTests<TDatabase>(TDatabase fixture) : IClassFixture<TDatabase> where TDatabase : CreditsDatabase
{
    [Fact]
    public async Task A_member_disputes_a_debit_and_the_owners_and_admins_are_mailed()
    {
        var scene = await CreateAsync(fixture);

        var result = await scene.SubmitAsync(fixture, requested: 4 * Credit);

        Assert.True(result.Succeeded, result.Message);
        await using var db = fixture.Database.NewContext();
        var dispute = await db.CreditDisputes.IgnoreQueryFilters().SingleAsync(d => d.LedgerEntryId == scene.Debit);
        Assert.Equal((DisputeStatus.Open, 4 * Credit, scene.Workspace, scene.MemberId, DisputeReason.ServiceNotDelivered),
            (dispute.Status, dispute.RequestedMillicredits, dispute.WorkspaceId, dispute.CreatedByUserId, dispute.Reason));
        Assert.Equal("The render never finished.", dispute.Description);

        var received = Assert.Single(await MailsAsync(db, scene.Owner, "dispute-received"));
        Assert.Equal("We received your credit dispute", received.Subject);
        Assert.Contains("Credits requested back: 4 credits", received.TextBody);
        Assert.Contains("Video render, 10 credits charged", received.TextBody);
        Assert.Contains("https://app.test/credits/disputes", received.TextBody);
        var review = Assert.Single(await MailsAsync(db, scene.Admin, "dispute-new"));
        Assert.Contains($"https://app.test/admin/disputes/{dispute.Id}", review.TextBody);
        Assert.Contains("The render never finished.", review.TextBody);
        // The member who submitted is not an owner: owners hear about their workspace's money.
        Assert.Empty(await db.EmailMessages.Where(m => m.To == scene.Member).ToListAsync());
    }

    [Fact]
    public async Task Each_broken_rule_is_refused_with_its_own_message_and_writes_nothing()
    {
        var scene = await CreateAsync(fixture);
        var other = await CreateAsync(fixture);
        Task<DisputeResult> Submit(Guid user, Guid entry, long requested, string description = "Wrong", DisputeReason reason = DisputeReason.Other) =>
            DisputesAsync(fixture, s => s.SubmitAsync(scene.Workspace, user, new DisputeRequest(entry, reason, description, requested), Links));

        var stranger = await Submit(other.MemberId, scene.Debit, Credit);
        var foreignEntry = await Submit(scene.MemberId, other.Debit, Credit);
        var aCredit = await Submit(scene.MemberId, scene.Grant, Credit);
        var nothing = await Submit(scene.MemberId, scene.Debit, 0);
        var tooMuch = await Submit(scene.MemberId, scene.Debit, Spent + 1);
        var blank = await Submit(scene.MemberId, scene.Debit, Credit, "   ");
        var tooLong = await Submit(scene.MemberId, scene.Debit, Credit, new string('x', 2001));
        var noReason = await Submit(scene.MemberId, scene.Debit, Credit, reason: (DisputeReason)42);

        Assert.Equal(DisputeError.NotAllowed, stranger.Error);
        Assert.Equal(DisputeError.NotFound, foreignEntry.Error);
        Assert.Equal((DisputeError.Invalid, "Only a debit can be disputed."), (aCredit.Error!.Value, aCredit.Message));
        Assert.Equal((DisputeError.Invalid, DisputeFields.Requested), (nothing.Error!.Value, nothing.Field));
        Assert.Equal((DisputeError.Invalid, DisputeFields.Requested), (tooMuch.Error!.Value, tooMuch.Field));
        Assert.Contains("at most the 10 credits this entry charged", tooMuch.Message);
        Assert.Equal((DisputeError.Invalid, DisputeFields.Description), (blank.Error!.Value, blank.Field));
        Assert.Equal((DisputeError.Invalid, DisputeFields.Description, "At most 2000 characters."), (tooLong.Error!.Value, tooLong.Field, tooLong.Message));
        Assert.Equal((DisputeError.Invalid, DisputeFields.Reason), (noReason.Error!.Value, noReason.Field));

        await using var db = fixture.Database.NewContext();
        Assert.False(await db.CreditDisputes.IgnoreQueryFilters().AnyAsync(d => d.WorkspaceId == scene.Workspace || d.WorkspaceId == other.Workspace));
        Assert.Empty(await MailsAsync(db, scene.Owner, "dispute-received"));

        // The whole charge may be asked back, and no more.
        Assert.True((await Submit(scene.MemberId, scene.Debit, Spent)).Succeeded);
    }

    [Fact]
    public async Task A_second_dispute_on_the_same_entry_is_refused_naming_the_first_ones_status()
    {
        var scene = await CreateAsync(fixture);
        Assert.True((await scene.SubmitAsync(fixture)).Succeeded);

        var again = await scene.SubmitAsync(fixture, requested: Credit);

        Assert.Equal(DisputeError.AlreadyDisputed, again.Error);
        Assert.Equal("This entry is already disputed (status: open). Each entry can be disputed once.", again.Message);
    }

    [Fact]
    public async Task Twenty_concurrent_submits_on_one_entry_leave_exactly_one_dispute_and_one_set_of_mails()
    {
        var scene = await CreateAsync(fixture);

        var results = await fixture.ConcurrentlyAsync(20, i => scene.SubmitAsync(fixture, requested: (i + 1) * 100));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(DisputeError.AlreadyDisputed, r.Error));
        await using var db = fixture.Database.NewContext();
        var dispute = await db.CreditDisputes.IgnoreQueryFilters().SingleAsync(d => d.LedgerEntryId == scene.Debit);
        Assert.Equal(results.Single(r => r.Succeeded).Dispute!.Id, dispute.Id);
        Assert.Single(await MailsAsync(db, scene.Owner, "dispute-received"));
        Assert.Single(await MailsAsync(db, scene.Admin, "dispute-new"));
    }

    [Fact]
    public async Task A_dispute_moves_only_forward_and_only_by_an_admin()
    {
        var scene = await CreateAsync(fixture);
        var id = (await scene.SubmitAsync(fixture)).Dispute!.Id;

        var byMember = await DisputesAsync(fixture, s => s.StartReviewAsync(id, scene.MemberId, Links));
        var started = await DisputesAsync(fixture, s => s.StartReviewAsync(id, scene.AdminId, Links));
        var startedTwice = await DisputesAsync(fixture, s => s.StartReviewAsync(id, scene.AdminId, Links));
        var unknown = await DisputesAsync(fixture, s => s.StartReviewAsync(Guid.NewGuid(), scene.AdminId, Links));

        Assert.Equal(DisputeError.NotAllowed, byMember.Error);
        Assert.True(started.Succeeded);
        Assert.Equal((DisputeStatus.InReview, scene.AdminId), (started.Dispute!.Status, started.Dispute.ReviewerUserId));
        Assert.NotNull(started.Dispute.ReviewStartedAt);
        Assert.Equal((DisputeError.WrongStatus, "Only an open dispute can be taken into review. This one is in review."),
            (startedTwice.Error!.Value, startedTwice.Message));
        Assert.Equal(DisputeError.NotFound, unknown.Error);

        Assert.Equal(DisputeError.NotAllowed, (await DisputesAsync(fixture, s => s.ResolveAsync(id, scene.MemberId, Credit, null, Links))).Error);
        Assert.Equal(DisputeError.NotAllowed, (await DisputesAsync(fixture, s => s.RejectAsync(id, scene.MemberId, "no", Links))).Error);
        Assert.True((await DisputesAsync(fixture, s => s.ResolveAsync(id, scene.AdminId, Credit, null, Links))).Succeeded);

        var resolveAgain = await DisputesAsync(fixture, s => s.ResolveAsync(id, scene.AdminId, Credit, null, Links));
        var rejectAfter = await DisputesAsync(fixture, s => s.RejectAsync(id, scene.AdminId, "Changed my mind", Links));
        var reviewAfter = await DisputesAsync(fixture, s => s.StartReviewAsync(id, scene.AdminId, Links));
        foreach (var closed in new[] { resolveAgain, rejectAfter, reviewAfter })
            Assert.Equal((DisputeError.AlreadyClosed, "This dispute is already closed: resolved."), (closed.Error!.Value, closed.Message));
        await using var db = fixture.Database.NewContext();
        Assert.Single(await MailsAsync(db, scene.Owner, "dispute-in-review"));
    }

    [Fact]
    public async Task Resolving_refunds_part_of_the_request_as_one_dispute_credit_and_mails_the_owner()
    {
        var scene = await CreateAsync(fixture);
        var id = (await scene.SubmitAsync(fixture, requested: 4 * Credit)).Dispute!.Id;

        var tooMuch = await DisputesAsync(fixture, s => s.ResolveAsync(id, scene.AdminId, 4 * Credit + 1, null, Links));
        var zero = await DisputesAsync(fixture, s => s.ResolveAsync(id, scene.AdminId, 0, null, Links));
        var resolved = await DisputesAsync(fixture, s => s.ResolveAsync(id, scene.AdminId, 2_500, "  Half of it ran.  ", Links));

        Assert.Equal((DisputeError.Invalid, DisputeFields.Refund), (tooMuch.Error!.Value, tooMuch.Field));
        Assert.Equal((DisputeError.Invalid, DisputeFields.Refund), (zero.Error!.Value, zero.Field));
        Assert.True(resolved.Succeeded, resolved.Message);
        var d = resolved.Dispute!;
        Assert.Equal((DisputeStatus.Resolved, 2_500L, "Half of it ran.", scene.AdminId), (d.Status, d.RefundedMillicredits, d.AdminNote, d.ReviewerUserId));
        // Resolved straight from Open: the review began when it was decided.
        Assert.NotNull(d.ClosedAt);
        Assert.Equal(d.ClosedAt, d.ReviewStartedAt);

        await using var db = fixture.Database.NewContext();
        var credit = await db.LedgerEntries.IgnoreQueryFilters().SingleAsync(e => e.IdempotencyKey == CreditDisputeService.CreditKey(id));
        Assert.Equal((LedgerEntryType.DisputeCredit, 2_500L, 92_500L, scene.AdminId, $"dispute:{id}"),
            (credit.Type, credit.AmountMillicredits, credit.BalanceAfterMillicredits, credit.ActorUserId, credit.RelatedObject));
        Assert.Equal("Dispute refund: Video render", credit.Reason);
        Assert.Equal(92_500, await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == scene.Workspace).Select(w => w.BalanceMillicredits).SingleAsync());
        var mail = Assert.Single(await MailsAsync(db, scene.Owner, "dispute-resolved"));
        Assert.Equal("Your credit dispute was resolved: 2.5 credits refunded", mail.Subject);
        Assert.Contains("Note from our team: Half of it ran.", mail.TextBody);
    }

    [Fact]
    public async Task Rejecting_needs_a_note_refunds_nothing_and_tells_the_owner_why()
    {
        var scene = await CreateAsync(fixture);
        var id = (await scene.SubmitAsync(fixture)).Dispute!.Id;

        var missing = await DisputesAsync(fixture, s => s.RejectAsync(id, scene.AdminId, null, Links));
        var blank = await DisputesAsync(fixture, s => s.RejectAsync(id, scene.AdminId, "  \n ", Links));
        var tooLong = await DisputesAsync(fixture, s => s.RejectAsync(id, scene.AdminId, new string('n', 2001), Links));
        var rejected = await DisputesAsync(fixture, s => s.RejectAsync(id, scene.AdminId, "The render completed at 10:04.", Links));

        foreach (var refused in new[] { missing, blank, tooLong })
            Assert.Equal((DisputeError.Invalid, DisputeFields.Note), (refused.Error!.Value, refused.Field));
        Assert.Equal("Explain to the customer why the dispute is rejected.", missing.Message);
        Assert.True(rejected.Succeeded);
        Assert.Equal((DisputeStatus.Rejected, 0L, "The render completed at 10:04."),
            (rejected.Dispute!.Status, rejected.Dispute.RefundedMillicredits, rejected.Dispute.AdminNote));
        await using var db = fixture.Database.NewContext();
        Assert.False(await db.LedgerEntries.IgnoreQueryFilters().AnyAsync(e => e.IdempotencyKey == CreditDisputeService.CreditKey(id)));
        Assert.Equal(90 * Credit, await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == scene.Workspace).Select(w => w.BalanceMillicredits).SingleAsync());
        var mail = Assert.Single(await MailsAsync(db, scene.Owner, "dispute-rejected"));
        Assert.Contains("Why: The render completed at 10:04.", mail.TextBody);
    }

    [Fact]
    public async Task Ten_concurrent_resolves_refund_exactly_once()
    {
        var scene = await CreateAsync(fixture);
        var id = (await scene.SubmitAsync(fixture, requested: Spent)).Dispute!.Id;

        var results = await fixture.ConcurrentlyAsync(10, i =>
            DisputesAsync(fixture, s => s.ResolveAsync(id, scene.AdminId, (i + 1) * Credit, $"attempt {i}", Links)));

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(DisputeError.AlreadyClosed, r.Error));
        await using var db = fixture.Database.NewContext();
        var credits = await db.LedgerEntries.IgnoreQueryFilters()
            .Where(e => e.WorkspaceId == scene.Workspace && e.Type == LedgerEntryType.DisputeCredit).ToListAsync();
        var credit = Assert.Single(credits);
        var dispute = await db.CreditDisputes.IgnoreQueryFilters().SingleAsync(d => d.Id == id);
        Assert.Equal(winner.Dispute!.RefundedMillicredits, credit.AmountMillicredits);
        Assert.Equal(dispute.RefundedMillicredits, credit.AmountMillicredits);
        var balance = await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == scene.Workspace).Select(w => w.BalanceMillicredits).SingleAsync();
        Assert.Equal(90 * Credit + credit.AmountMillicredits, balance);
        Assert.Equal(balance, await db.LedgerEntries.IgnoreQueryFilters().Where(e => e.WorkspaceId == scene.Workspace).SumAsync(e => e.AmountMillicredits));
        Assert.Single(await MailsAsync(db, scene.Owner, "dispute-resolved"));
    }

    [Fact]
    public async Task Concurrent_resolves_and_rejects_close_the_dispute_once_and_a_rejected_one_is_never_refunded()
    {
        var scene = await CreateAsync(fixture);
        var id = (await scene.SubmitAsync(fixture, requested: Spent)).Dispute!.Id;

        var results = await fixture.ConcurrentlyAsync(10, i => DisputesAsync(fixture, s => i % 2 == 0
            ? s.ResolveAsync(id, scene.AdminId, 3 * Credit, null, Links)
            : s.RejectAsync(id, scene.AdminId, "Not our fault", Links)));

        var winner = Assert.Single(results, r => r.Succeeded);
        await using var db = fixture.Database.NewContext();
        var dispute = await db.CreditDisputes.IgnoreQueryFilters().SingleAsync(d => d.Id == id);
        Assert.Equal(winner.Dispute!.Status, dispute.Status);
        var refunds = await db.LedgerEntries.IgnoreQueryFilters().CountAsync(e => e.IdempotencyKey == CreditDisputeService.CreditKey(id));
        Assert.Equal(dispute.Status == DisputeStatus.Resolved ? 1 : 0, refunds);
        var balance = await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == scene.Workspace).Select(w => w.BalanceMillicredits).SingleAsync();
        Assert.Equal(90 * Credit + dispute.RefundedMillicredits, balance);
    }

    [Fact]
    public async Task A_refund_that_cannot_be_written_leaves_the_dispute_open_and_unmailed()
    {
        var scene = await CreateAsync(fixture);
        var id = (await scene.SubmitAsync(fixture)).Dispute!.Id;
        // Something else already holds the refund's key: the ledger's unique index must refuse the
        // refund, and the dispute's status change must be undone with it.
        await CreditsAsync(fixture, TimeProvider.System, c =>
            c.GrantAsync(scene.Workspace, 1, LedgerEntryType.AdminGrant, "squatter", CreditDisputeService.CreditKey(id), null, null));

        var result = await DisputesAsync(fixture, s => s.ResolveAsync(id, scene.AdminId, Credit, "note", Links));

        Assert.False(result.Succeeded);
        Assert.Equal(DisputeError.WrongStatus, result.Error);
        await using var db = fixture.Database.NewContext();
        var dispute = await db.CreditDisputes.IgnoreQueryFilters().SingleAsync(d => d.Id == id);
        Assert.Equal((DisputeStatus.Open, 0L, (string?)null, (DateTime?)null), (dispute.Status, dispute.RefundedMillicredits, dispute.AdminNote, dispute.ClosedAt));
        Assert.Empty(await MailsAsync(db, scene.Owner, "dispute-resolved"));
        Assert.Equal(90 * Credit + 1, await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == scene.Workspace).Select(w => w.BalanceMillicredits).SingleAsync());
    }
}

public sealed class CreditDisputeServiceTestsOnSqlite(SqliteCreditsDatabase fixture) : CreditDisputeServiceTests<SqliteCreditsDatabase>(fixture);

public sealed class CreditDisputeServiceTestsOnPostgres(PostgresCreditsDatabase fixture) : CreditDisputeServiceTests<PostgresCreditsDatabase>(fixture);
