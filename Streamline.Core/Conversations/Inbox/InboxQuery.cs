using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations.Inbox;

/// <summary>One line of the inbox: who, where from, how it stands and the last thing said.</summary>
public sealed record InboxRow(
    Guid Id, string ContactName, string? Email, ConversationChannel Channel, string? CampaignName, ConversationStatus Status,
    int LeadScore, bool Unread, MessageSender? LastSender, string? Preview, long AiCostMillicredits, DateTime LastMessageAt,
    string WorkspaceName);

public sealed record InboxPage(IReadOnlyList<InboxRow> Rows, int Total, int PageNumber)
{
    public int PageCount => Math.Max(1, (Total + InboxQuery.PageSize - 1) / InboxQuery.PageSize);
}

/// <summary>The inbox list: the current workspace's conversations, or for admins every workspace's.</summary>
public sealed class InboxQuery(StreamlineDbContext db)
{
    public const int PageSize = 25;
    public const int PreviewLength = 140;

    /// <summary>The current workspace's conversations (through the query filter), newest activity first.</summary>
    public Task<InboxPage> ListAsync(InboxFilter filter, int page, CancellationToken ct) =>
        PageAsync(filter.Apply(db.Conversations), page, ct);

    /// <summary>Every workspace's conversations, or one workspace's when <paramref name="workspaceId"/> is given: admins only.</summary>
    public Task<InboxPage> AllWorkspacesAsync(InboxFilter filter, Guid? workspaceId, int page, CancellationToken ct)
    {
        var all = filter.Apply(db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace));
        if (workspaceId is { } id) all = all.Where(c => c.WorkspaceId == id);
        return PageAsync(all, page, ct);
    }

    /// <summary>
    /// Changes whenever any of the current workspace's conversations does. Every message and status change bumps
    /// a conversation's version and versions only grow, so the count and the sum together never come back to an
    /// earlier value.
    /// </summary>
    public async Task<string> StampAsync(CancellationToken ct)
    {
        // One group or none: Single says so (First would ask for an order).
        var totals = await db.Conversations.GroupBy(c => 1)
            .Select(g => new { Count = g.Count(), Versions = g.Sum(c => (long)c.Version) })
            .SingleOrDefaultAsync(ct);
        return totals is null ? "0.0" : $"{totals.Count}.{totals.Versions}";
    }

    private async Task<InboxPage> PageAsync(IQueryable<Conversation> conversations, int page, CancellationToken ct)
    {
        var total = await conversations.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        // The query filter (or its absence, for admins) set on the root applies to the subqueries too.
        var rows = await conversations
            .OrderByDescending(c => c.LastMessageAt).ThenByDescending(c => c.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(c => new
            {
                c.Id, c.Contact!.Name, c.Contact.Email, c.Channel, c.Status, c.LeadScore, c.AiCostMillicredits, c.LastMessageAt,
                Unread = c.LastVisitorMessageAt != null && (c.ReadAt == null || c.ReadAt < c.LastVisitorMessageAt),
                Campaign = db.Campaigns.Where(k => k.Id == c.CampaignId).Select(k => k.Name).FirstOrDefault(),
                // Two scalar subqueries rather than one of a pair: SQLite cannot run the lateral join a pair needs.
                LastSender = db.ChatMessages.Where(m => m.ConversationId == c.Id).OrderByDescending(m => m.Sequence)
                    .Select(m => (MessageSender?)m.Sender).FirstOrDefault(),
                LastText = db.ChatMessages.Where(m => m.ConversationId == c.Id).OrderByDescending(m => m.Sequence)
                    .Select(m => m.Text).FirstOrDefault(),
                Workspace = db.Workspaces.Where(w => w.Id == c.WorkspaceId).Select(w => w.Name).FirstOrDefault(),
            })
            .AsNoTracking()
            .ToListAsync(ct);
        return new InboxPage(
            rows.Select(r => new InboxRow(r.Id, ContactNames.Display(r.Name), r.Email, r.Channel, r.Campaign, r.Status, r.LeadScore,
                r.Unread, r.LastSender, Preview(r.LastText), r.AiCostMillicredits, r.LastMessageAt, r.Workspace ?? "")).ToList(),
            total, page);
    }

    private static string? Preview(string? text)
    {
        if (text is null) return null;
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= PreviewLength ? line : line[..(PreviewLength - 1)].TrimEnd() + "…";
    }
}
