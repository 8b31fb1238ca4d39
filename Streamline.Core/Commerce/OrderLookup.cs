using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Commerce;

/// <summary>One order lookup asked for in a conversation: what the per-conversation limit counts.</summary>
public class OrderLookupAttempt : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid ConversationId { get; set; }
    public DateTime At { get; set; }
    public bool Matched { get; set; }
}

public enum OrderLookupStatus { Found, NoMatch, Limited, NoStore }

public sealed record OrderLookupResult(OrderLookupStatus Status, CommerceOrder? Order = null, OrderDetails? Details = null);

/// <summary>
/// "Where is my order?" from a chat: an order number and the e-mail or phone it was placed with. Only a match on both
/// reveals anything, and a miss does not say which part was wrong, so a visitor cannot probe numbers or addresses; each
/// conversation gets a few tries an hour.
/// </summary>
public sealed class OrderLookup(StreamlineDbContext db, TimeProvider clock)
{
    public const int PerConversationPerHour = 5;

    public async Task<OrderLookupResult> FindAsync(Guid workspaceId, Guid conversationId, string? orderNumber, string? emailOrPhone, CancellationToken ct)
    {
        if (!await db.ShopifyStores.IgnoreQueryFilters(QueryFilters.Workspace).AnyAsync(s => s.WorkspaceId == workspaceId, ct))
            return new(OrderLookupStatus.NoStore);
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddHours(-1);
        var attempts = db.OrderLookupAttempts.IgnoreQueryFilters(QueryFilters.Workspace);
        if (await attempts.CountAsync(a => a.WorkspaceId == workspaceId && a.ConversationId == conversationId && a.At > since, ct) >= PerConversationPerHour)
            return new(OrderLookupStatus.Limited);

        var attempt = new OrderLookupAttempt { WorkspaceId = workspaceId, ConversationId = conversationId, At = now };
        db.OrderLookupAttempts.Add(attempt);
        var match = await MatchAsync(workspaceId, orderNumber, emailOrPhone, ct);
        attempt.Matched = match is not null;
        await db.SaveChangesAsync(ct);
        db.Entry(attempt).State = EntityState.Detached;
        return match is null ? new(OrderLookupStatus.NoMatch) : new(OrderLookupStatus.Found, match, OrderDetails.Read(match.DetailsJson));
    }

    private async Task<CommerceOrder?> MatchAsync(Guid workspaceId, string? orderNumber, string? emailOrPhone, CancellationToken ct)
    {
        var digits = new string([.. (orderNumber ?? "").Where(char.IsAsciiDigit)]);
        if (digits.Length is 0 or > 9 || !int.TryParse(digits, out var number) || string.IsNullOrWhiteSpace(emailOrPhone)) return null;
        var candidates = await db.CommerceOrders.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(o => o.WorkspaceId == workspaceId && o.Number == number).Take(20).ToListAsync(ct);
        var given = emailOrPhone.Trim();
        if (given.Contains('@'))
        {
            var email = CommerceUpserts.NormalizeEmail(given);
            return candidates.FirstOrDefault(o => o.Email is not null && o.Email == email);
        }
        var phone = PhoneDigits(given);
        return phone.Length < 7 ? null : candidates.FirstOrDefault(o => PhoneDigits(o.Phone) is { Length: >= 7 } p && (p.EndsWith(phone, StringComparison.Ordinal) || phone.EndsWith(p, StringComparison.Ordinal)));
    }

    /// <summary>Digits only, so "+1 (555) 010-0001" and "5550100001" compare equal by their ending.</summary>
    private static string PhoneDigits(string? phone) => new([.. (phone ?? "").Where(char.IsAsciiDigit)]);
}
