using Microsoft.EntityFrameworkCore;
using Streamline.Core.Audit;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Formatting;

namespace Streamline.Core.Channels.Contacts;

/// <summary>What merging <see cref="Other"/> into <see cref="Keep"/> does: the facts it ends with and what moves over.</summary>
public sealed record MergePlan(Contact Keep, Contact Other, CombinedFacts Combined, int Conversations, IReadOnlyList<ConversationChannel> Channels);

/// <summary>
/// Makes two contacts of one person one: the other contact's channel identities, conversations and proposals move to the
/// kept one, the facts combine (<see cref="ContactFacts"/>) and the other contact is deleted, all in one transaction.
/// The owner does it from the contact page (audited); <see cref="ChannelContacts"/> does it when an e-mail or phone
/// number links two contacts. Only ever within one workspace.
/// </summary>
public sealed class ContactMerge(StreamlineDbContext db, AuditTrail audit, TimeProvider clock)
{
    /// <summary>What a merge of two contacts of the current workspace would do; null when either is not one of them.</summary>
    public async Task<MergePlan?> PlanAsync(Guid keepId, Guid otherId, CancellationToken ct)
    {
        if (keepId == otherId) return null;
        var pair = await db.Contacts.AsNoTracking().Where(c => c.Id == keepId || c.Id == otherId).ToListAsync(ct);
        if (pair.Count != 2) return null;
        return await PlanOfAsync(pair.Single(c => c.Id == keepId), pair.Single(c => c.Id == otherId), ct);
    }

    /// <summary>The owner's merge of two contacts of the current workspace, audited; null when either is not one of them (or is gone).</summary>
    public Task<MergePlan?> MergeAsync(Guid keepId, Guid otherId, AuditActor actor, CancellationToken ct) =>
        MergeAsync(db.Contacts, keepId, otherId, plan => audit.Stage(actor, AuditAction.ContactsMerged, plan.Keep.WorkspaceId, $"contact:{plan.Keep.Id}",
            $"Merged contact “{plan.Other.Name ?? ContactLabel(plan.Other)}” into “{plan.Combined.Name ?? ContactLabel(plan.Keep)}”: "
            + $"{Plural.Of(plan.Conversations, "conversation")} moved" + (plan.Combined.Replaced.Count > 0 ? $"; kept as earlier details: {string.Join("; ", plan.Combined.Replaced)}" : "")), ct);

    /// <summary>A merge decided by the app (a shared e-mail or phone), outside any request's workspace.</summary>
    internal Task<MergePlan?> MergeInWorkspaceAsync(Guid workspaceId, Guid keepId, Guid otherId, CancellationToken ct) =>
        MergeAsync(db.Contacts.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.WorkspaceId == workspaceId), keepId, otherId, null, ct);

    private static string ContactLabel(Contact c) => c.Email ?? c.Phone ?? c.Id.ToString();

    private async Task<MergePlan?> MergeAsync(IQueryable<Contact> contacts, Guid keepId, Guid otherId, Action<MergePlan>? record, CancellationToken ct)
    {
        if (keepId == otherId) return null;
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var pair = new List<Contact>();
        try
        {
            await LockAsync(keepId, otherId, ct);
            pair = await contacts.Where(c => c.Id == keepId || c.Id == otherId).ToListAsync(ct);
            if (pair.Count != 2 || pair[0].WorkspaceId != pair[1].WorkspaceId) return Abandon();
            var (keep, other) = (pair.Single(c => c.Id == keepId), pair.Single(c => c.Id == otherId));
            var plan = await PlanOfAsync(keep, other, ct);
            var workspace = keep.WorkspaceId;

            await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.WorkspaceId == workspace && c.ContactId == otherId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ContactId, keepId), ct);
            await db.ChannelIdentities.IgnoreQueryFilters(QueryFilters.Workspace).Where(i => i.WorkspaceId == workspace && i.ContactId == otherId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ContactId, keepId), ct);
            await db.Proposals.IgnoreQueryFilters(QueryFilters.Workspace).Where(p => p.WorkspaceId == workspace && p.ContactId == otherId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.ContactId, keepId), ct);
            plan.Combined.ApplyTo(keep, clock.GetUtcNow().UtcDateTime);
            db.Contacts.Remove(other);
            record?.Invoke(plan);
            // Deleting a contact another merge deleted first affects no row: that merge won, this one changes nothing.
            await db.SaveChangesAsync(ct);
            if (tx is not null) await tx.CommitAsync(ct);
            Forget();
            return plan;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Abandon();
        }

        // The context may be a caller's (an AI turn saving contact details): only what the merge loaded is let go.
        void Forget()
        {
            foreach (var contact in pair)
                if (db.Entry(contact).State != EntityState.Detached) db.Entry(contact).State = EntityState.Detached;
        }

        MergePlan? Abandon()
        {
            if (record is not null) audit.Discard();
            Forget();
            return null;
        }
    }

    /// <summary>
    /// PostgreSQL: both contacts' rows are locked for the transaction, in id order so that two merges sharing a contact
    /// (A←B and B←C) queue rather than deadlock; the one that waits then reads what the first left, and a contact the
    /// first deleted is simply not found. SQLite needs nothing: its transaction takes the database's one write lock at once.
    /// </summary>
    private async Task LockAsync(Guid keepId, Guid otherId, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return;
        await db.Database.SqlQuery<Guid>($"""
            SELECT "Id" AS "Value" FROM "Contacts" WHERE "Id" IN ({keepId}, {otherId}) ORDER BY "Id" FOR UPDATE
            """).ToListAsync(ct);
    }

    private async Task<MergePlan> PlanOfAsync(Contact keep, Contact other, CancellationToken ct)
    {
        var workspace = keep.WorkspaceId;
        var conversations = await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(c => c.WorkspaceId == workspace && c.ContactId == other.Id).Select(c => c.Channel).ToListAsync(ct);
        var identities = await db.ChannelIdentities.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(i => i.WorkspaceId == workspace && i.ContactId == other.Id)
            .Join(db.MessagingChannels.IgnoreQueryFilters(QueryFilters.Workspace), i => i.ChannelId, c => c.Id, (i, c) => c.Channel)
            .ToListAsync(ct);
        var channels = conversations.Concat(identities).Distinct().Order().ToList();
        return new MergePlan(keep, other, ContactFacts.Combine(keep, other), conversations.Count, channels);
    }
}
