using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Channels.Contacts;

/// <summary>The person on one channel: where they write, whether they opted out there, when they last wrote.</summary>
public sealed record ContactChannel(ConversationChannel Channel, string ChannelName, string ExternalId, string? Phone, string? DisplayName,
    DateTime? LastInboundAt, bool OptedOut);

public sealed record ContactConversation(Guid Id, ConversationChannel Channel, ConversationStatus Status, DateTime CreatedAt,
    DateTime LastMessageAt, int MessageCount, int LeadScore);

/// <summary>A contact with every channel they write on and all their conversations, newest first.</summary>
public sealed record ContactOverview(Contact Contact, IReadOnlyList<ContactChannel> Identities, IReadOnlyList<ContactConversation> Conversations)
{
    /// <summary>The channels the person is known on: their identities' and those of their widget and portal conversations.</summary>
    public IReadOnlyList<ConversationChannel> Channels =>
        [.. Identities.Select(i => i.Channel).Concat(Conversations.Select(c => c.Channel)).Distinct().Order()];
}

/// <summary>Another contact of the workspace the owner may merge with, as the picker lists it.</summary>
public sealed record MergeCandidate(Guid Id, string? Name, string? Email, string? Phone, DateTime UpdatedAt);

/// <summary>Contacts of the current workspace (the query filter scopes every read), for the contact page.</summary>
public sealed class ContactOverviews(StreamlineDbContext db)
{
    public const int Candidates = 200;

    public async Task<ContactOverview?> FindAsync(Guid id, CancellationToken ct)
    {
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (contact is null) return null;
        var identities = await db.ChannelIdentities.AsNoTracking().Where(i => i.ContactId == id)
            .Join(db.MessagingChannels, i => i.ChannelId, c => c.Id,
                (i, c) => new ContactChannel(c.Channel, c.Name, i.ExternalId, i.Phone, i.DisplayName, i.LastInboundAt, i.OptedOutAt != null))
            .ToListAsync(ct);
        var conversations = await db.Conversations.AsNoTracking().Where(c => c.ContactId == id).OrderByDescending(c => c.LastMessageAt)
            .Select(c => new ContactConversation(c.Id, c.Channel, c.Status, c.CreatedAt, c.LastMessageAt, c.MessageCount, c.LeadScore))
            .ToListAsync(ct);
        return new ContactOverview(contact, [.. identities.OrderBy(i => i.Channel).ThenBy(i => i.ChannelName)], conversations);
    }

    /// <summary>The workspace's other contacts someone has learned something of, most recently updated first.</summary>
    public Task<List<MergeCandidate>> CandidatesAsync(Guid except, CancellationToken ct) =>
        db.Contacts.AsNoTracking().Where(c => c.Id != except && (c.Name != null || c.Email != null || c.Phone != null))
            .OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id).Take(Candidates)
            .Select(c => new MergeCandidate(c.Id, c.Name, c.Email, c.Phone, c.UpdatedAt)).ToListAsync(ct);
}
