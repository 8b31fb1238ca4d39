using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Channels;

/// <summary>
/// Takes what a verified webhook delivery carried for <paramref name="channel"/>: stores each inbound message once (by
/// its provider id, however often and however concurrently it is redelivered), applies status callbacks, and returns
/// fast so the endpoint can answer 200; the pump does the rest (<see cref="Ingest.ChannelWebhookIngest"/>).
/// </summary>
public interface IChannelIngest
{
    Task<ChannelIngestResult> AcceptAsync(MessagingChannel channel, ChannelWebhookBatch batch, CancellationToken ct);
}

/// <param name="Stored">Messages stored for the first time.</param>
/// <param name="Duplicates">Messages already stored (redeliveries), ignored.</param>
/// <param name="Statuses">Status callbacks applied.</param>
public sealed record ChannelIngestResult(int Stored, int Duplicates, int Statuses);

/// <summary>
/// Makes a customer's received message (<see cref="Ingest.ChannelInbound"/>) part of the inbox: their identity, their
/// conversation, the chat message and the channel row, in one transaction that also marks the received row stored, so a
/// message is stored once however often the pump is interrupted. Also applies status callbacks. The answer runs in the
/// pump (<see cref="Ingest.ChannelInboundPump"/>); what it writes goes out through <see cref="ChannelOutbox"/>.
/// </summary>
public sealed partial class ChannelIngest(StreamlineDbContext db, ConversationService conversations, ChatTurn turn,
    ChannelStatuses deliveries, TimeProvider clock, Contacts.ChannelContacts contacts)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<int> ApplyStatusesAsync(MessagingChannel channel, IReadOnlyList<ChannelDeliveryUpdate> updates, CancellationToken ct)
    {
        var statuses = 0;
        foreach (var update in updates)
            if (await deliveries.ApplyAsync(channel, update, ct)) statuses++;
        return statuses;
    }

    private IQueryable<ChannelMessage> Messages => db.ChannelMessages.IgnoreQueryFilters(QueryFilters.Workspace);
    private IQueryable<ChannelIdentity> Identities => db.ChannelIdentities.IgnoreQueryFilters(QueryFilters.Workspace);

    /// <summary>
    /// Stores <paramref name="inbound"/>, received as row <paramref name="inboundId"/>, and says what became of it; when it
    /// was stored before, what was stored then.
    /// </summary>
    public async Task<StoredInbound> StoreAsync(MessagingChannel channel, InboundChannelMessage inbound, Guid inboundId, CancellationToken ct)
    {
        if (await StoredAsync(channel.Id, inbound.ProviderMessageId, inboundId, ct) is { } before) return before;

        if (inbound.UnsupportedType == ChangedUserIdNotice && inbound.Text is { } body && ChangedUserId().Match(body) is { Success: true } change
            && change.Groups[2].Value == inbound.SenderId)
            await RenameIdentityAsync(channel, change.Groups[1].Value, inbound.SenderId, ct);
        var identity = await IdentityAsync(channel, inbound, ct);
        var optOut = ChannelRules.IsOptOut(inbound.Text) && inbound.Kind == InboundKind.Text;
        // Meta's notices about the customer (a changed number or user id) are kept in the conversation but need no answer.
        var notice = inbound.UnsupportedType?.StartsWith("system", StringComparison.Ordinal) == true;
        var text = ChannelRules.Render(inbound);

        // A conversation closed between finding it and posting to it refuses the message: the next attempt starts a new one.
        for (var attempt = 0; ; attempt++)
        {
            var conversationId = await ConversationAsync(channel, identity, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var row = new ChannelMessage
            {
                WorkspaceId = channel.WorkspaceId, ChannelId = channel.Id, IdentityId = identity.Id, ConversationId = conversationId,
                Direction = ChannelDirection.Inbound, Kind = inbound.Kind.ToString(), ProviderMessageId = inbound.ProviderMessageId,
                // The customer names their file, and may name it at length: kept to the column, never a failed store.
                MediaId = inbound.Media?.ProviderMediaId, MediaType = Clip(inbound.Media?.ContentType, 100),
                MediaFileName = Clip(inbound.Media?.FileName, 200),
                State = ChannelDeliveryState.Delivered, CreatedAt = Now, UpdatedAt = Now,
            };
            db.ChannelMessages.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another pump stored the same message first (it waited for that one to commit).
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return await StoredAsync(channel.Id, inbound.ProviderMessageId, inboundId, ct)
                       ?? throw new InvalidOperationException($"Channel message {inbound.ProviderMessageId} is neither new nor stored.");
            }

            var post = await turn.PostAsync(new IncomingMessage(channel.WorkspaceId, channel.Channel, conversationId, text), answerNow: false, ct);
            if (post.Message is null)
            {
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                if (post.Outcome == PostOutcome.Closed && attempt < 2)
                {
                    await Identities.Where(i => i.Id == identity.Id && i.ConversationId == conversationId)
                        .ExecuteUpdateAsync(s => s.SetProperty(i => i.ConversationId, (Guid?)null), ct);
                    identity.ConversationId = null;
                    continue;
                }
                throw new InvalidOperationException($"Channel message {inbound.ProviderMessageId} was refused: {post.Error}");
            }

            row.ChatMessageId = post.Message.Id;
            var awaitsAi = post.AwaitsAi && !optOut && !notice;
            if (post.AwaitsAi && !awaitsAi)
                await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace).Where(m => m.Id == post.Message.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReplyState, ReplyState.None), ct);
            var sentAt = inbound.SentAt.UtcDateTime < Now ? inbound.SentAt.UtcDateTime : Now;
            var tracked = await Identities.SingleAsync(i => i.Id == identity.Id, ct);
            if (!notice)
            {
                if (tracked.LastInboundAt is null || tracked.LastInboundAt < sentAt) tracked.LastInboundAt = sentAt;
                // Writing again after an opt-out is asking to hear back.
                tracked.OptedOutAt = optOut ? Now : null;
            }
            await db.ChannelInbound.IgnoreQueryFilters(QueryFilters.Workspace).Where(i => i.Id == inboundId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ChannelMessageId, row.Id), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            return new StoredInbound(row.Id, conversationId, post.Message.Id, awaitsAi, row.MediaId is not null);
        }
    }

    /// <summary>What was stored of the message before, linked to <paramref name="inboundId"/>; null when nothing was.</summary>
    private async Task<StoredInbound?> StoredAsync(Guid channelId, string providerMessageId, Guid inboundId, CancellationToken ct)
    {
        var row = await Messages.AsNoTracking().Where(m => m.ChannelId == channelId && m.ProviderMessageId == providerMessageId)
            .Select(m => new { m.Id, m.ConversationId, m.ChatMessageId, m.MediaId }).SingleOrDefaultAsync(ct);
        if (row is null) return null;
        await db.ChannelInbound.IgnoreQueryFilters(QueryFilters.Workspace).Where(i => i.Id == inboundId && i.ChannelMessageId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ChannelMessageId, row.Id), ct);
        var awaiting = row.ChatMessageId is { } id && await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace)
            .AnyAsync(m => m.Id == id && m.ReplyState != ReplyState.None, ct);
        return new StoredInbound(row.Id, row.ConversationId, row.ChatMessageId, awaiting, row.MediaId is not null);
    }

    /// <summary>WhatsApp's notice that a customer's business-scoped user id changed ("User … changed from OLD to NEW").</summary>
    public const string ChangedUserIdNotice = "system:user_changed_user_id";

    [GeneratedRegex(@"from (\S+) to (\S+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ChangedUserId();

    /// <summary>The customer keeps their identity, and so their conversation, under the new id (unless the new id already has one).</summary>
    private async Task RenameIdentityAsync(MessagingChannel channel, string oldId, string newId, CancellationToken ct)
    {
        if (await Identities.AnyAsync(i => i.ChannelId == channel.Id && i.ExternalId == newId, ct)) return;
        await Identities.Where(i => i.ChannelId == channel.Id && i.ExternalId == oldId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExternalId, newId), ct);
    }

    /// <summary>The customer's identity on this channel, made on their first message; their name and number kept current.</summary>
    private async Task<ChannelIdentity> IdentityAsync(MessagingChannel channel, InboundChannelMessage inbound, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var identity = await Identities.AsNoTracking().SingleOrDefaultAsync(i => i.ChannelId == channel.Id && i.ExternalId == inbound.SenderId, ct);
            if (identity is not null)
            {
                var name = Clip(inbound.SenderName, 200) ?? identity.DisplayName;
                var phone = Clip(inbound.SenderPhone, 40) ?? identity.Phone;
                // A number sent only with a later message links the customer as it would have with the first. Linked before
                // the identity keeps the number, so a pump that dies in between links again on its retry.
                if (identity.Phone is null && phone is not null && identity.ContactId is { } contactId)
                    identity.ContactId = (await contacts.LinkLaterPhoneAsync(channel, phone, contactId, ct)).ContactId;
                if (name != identity.DisplayName || phone != identity.Phone)
                {
                    await Identities.Where(i => i.Id == identity.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(i => i.DisplayName, name).SetProperty(i => i.Phone, phone), ct);
                    (identity.DisplayName, identity.Phone) = (name, phone);
                }
                return identity;
            }
            identity = new ChannelIdentity
            {
                WorkspaceId = channel.WorkspaceId, ChannelId = channel.Id, ExternalId = inbound.SenderId,
                DisplayName = Clip(inbound.SenderName, 200), Phone = Clip(inbound.SenderPhone, 40), CreatedAt = Now,
            };
            db.ChannelIdentities.Add(identity);
            try
            {
                await db.SaveChangesAsync(ct);
                db.Entry(identity).State = EntityState.Detached;
                return identity;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // The customer's other message, delivered at the same moment, made it first.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The conversation the identity's message continues: its current one, or a new one when there is none or it was closed.</summary>
    private async Task<Guid> ConversationAsync(MessagingChannel channel, ChannelIdentity identity, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = identity.ConversationId;
            if (current is { } id && await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace)
                    .AnyAsync(c => c.Id == id && c.Status != ConversationStatus.Closed, ct))
                return id;

            var known = identity.ContactId is { } contact && await db.Contacts.IgnoreQueryFilters(QueryFilters.Workspace).AnyAsync(c => c.Id == contact, ct);
            var started = await conversations.StartOnChannelAsync(channel.WorkspaceId, channel.Channel, ct, known ? identity.ContactId : null);
            var contactId = started.ContactId;
            // A new contact starts with what the channel knows of the customer; a known one keeps what the conversations learned.
            if (!known)
                await db.Contacts.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.Id == started.ContactId)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, identity.DisplayName == null ? null : Clip(identity.DisplayName, 100))
                        .SetProperty(c => c.Phone, identity.Phone), ct);
            // Two first messages at once start two conversations; the one that points the identity at its own wins.
            var won = await Identities.Where(i => i.Id == identity.Id && i.ConversationId == current)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ConversationId, started.Id).SetProperty(i => i.ContactId, contactId), ct);
            if (won == 1)
            {
                if (!known) contactId = (await contacts.LinkNewAsync(channel, identity.Phone, contactId, ct)).ContactId;
                (identity.ConversationId, identity.ContactId) = (started.Id, contactId);
                return started.Id;
            }
            await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.Id == started.Id).ExecuteDeleteAsync(ct);
            if (!known) await db.Contacts.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.Id == started.ContactId).ExecuteDeleteAsync(ct);
            var fresh = await Identities.AsNoTracking().SingleAsync(i => i.Id == identity.Id, ct);
            (identity.ConversationId, identity.ContactId) = (fresh.ConversationId, fresh.ContactId);
            if (attempt > 3) throw new InvalidOperationException($"No conversation could be settled for channel identity {identity.Id}.");
        }
    }

    private static string? Clip(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().Length <= max ? value.Trim() : value.Trim()[..max];
}

/// <param name="AwaitsAi">The AI is to answer it (or has answered: the send follows either way).</param>
/// <param name="HasMedia">A file the provider holds is still to be fetched.</param>
public sealed record StoredInbound(Guid ChannelMessageId, Guid ConversationId, Guid? ChatMessageId, bool AwaitsAi, bool HasMedia);
