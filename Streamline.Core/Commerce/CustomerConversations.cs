using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Commerce;

/// <summary>A conversation of a shop customer, as the customer page lists it.</summary>
public sealed record CustomerConversation(Guid Id, ConversationChannel Channel, ConversationStatus Status, DateTime StartedAt, DateTime LastMessageAt);

/// <summary>
/// The conversations of a shop customer: those whose contact has the customer's e-mail (case-insensitive) or phone, the
/// same match that attributes orders. Reads through the workspace query filter, so only the current workspace's.
/// </summary>
public sealed class CustomerConversations(StreamlineDbContext db)
{
    public const int Limit = 100;

    public async Task<IReadOnlyList<CustomerConversation>> ForAsync(CommerceCustomer customer, CancellationToken ct)
    {
        var email = customer.Email?.ToLowerInvariant();
        var phone = customer.Phone;
        if (email is null && phone is null) return [];
        return await db.Conversations.AsNoTracking()
            .Where(c => (email != null && c.Contact!.Email != null && c.Contact.Email.ToLower() == email)
                        || (phone != null && c.Contact!.Phone != null && c.Contact.Phone == phone))
            .OrderByDescending(c => c.CreatedAt).Take(Limit)
            .Select(c => new CustomerConversation(c.Id, c.Channel, c.Status, c.CreatedAt, c.LastMessageAt))
            .ToListAsync(ct);
    }
}
