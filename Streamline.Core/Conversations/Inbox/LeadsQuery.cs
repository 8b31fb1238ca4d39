using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations.Inbox;

/// <summary>A prospect who left a way to reach them, with the best their conversations scored and the latest one.</summary>
public sealed record LeadRow(
    Guid ContactId, string? Name, string? Email, string? Phone, string? Company, int? TeamSize, string? Budget,
    IReadOnlyList<string> PainPoints, int BestLeadScore, DateTime LastActivityAt, Guid? ConversationId);

public sealed record LeadsPage(IReadOnlyList<LeadRow> Rows, int Total, int PageNumber)
{
    public int PageCount => Math.Max(1, (Total + LeadsQuery.PageSize - 1) / LeadsQuery.PageSize);
}

/// <summary>The current workspace's leads: contacts with an e-mail or a phone number, most recently active first.</summary>
public sealed class LeadsQuery(StreamlineDbContext db)
{
    public const int PageSize = 50;

    public async Task<LeadsPage> ListAsync(int page, CancellationToken ct)
    {
        var total = await Contacts.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var rows = await Leads.Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new LeadsPage(rows, total, page);
    }

    /// <summary>Every lead, streamed as the database returns them (for the CSV export).</summary>
    public IAsyncEnumerable<LeadRow> AllAsync() => Leads.AsAsyncEnumerable();

    private IQueryable<Contact> Contacts => db.Contacts.Where(c => c.Email != null || c.Phone != null);

    private IQueryable<LeadRow> Leads => Contacts
        .Select(c => new
        {
            Contact = c,
            Best = db.Conversations.Where(v => v.ContactId == c.Id).Max(v => (int?)v.LeadScore),
            Last = db.Conversations.Where(v => v.ContactId == c.Id).Max(v => (DateTime?)v.LastMessageAt) ?? c.UpdatedAt,
            Latest = db.Conversations.Where(v => v.ContactId == c.Id).OrderByDescending(v => v.LastMessageAt)
                .Select(v => (Guid?)v.Id).FirstOrDefault(),
        })
        .OrderByDescending(x => x.Last).ThenBy(x => x.Contact.Id)
        .AsNoTracking()
        .Select(x => new LeadRow(x.Contact.Id, x.Contact.Name, x.Contact.Email, x.Contact.Phone, x.Contact.Company, x.Contact.TeamSize,
            x.Contact.Budget, x.Contact.PainPoints, x.Best ?? 0, x.Last, x.Latest));
}
