using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Hosting;

namespace Streamline.Core.Notifications;

/// <summary>
/// How a workspace event reaches its people: an in-app notice for each member told, and the e-mail for each who has
/// not turned that kind off, carrying a one-click unsubscribe link. Rows are added to the caller's unit of work.
/// </summary>
public sealed class Notifier(StreamlineDbContext db, EmailOutbox outbox, EmailTemplates templates, UnsubscribeTokens tokens,
    PublicUrl links, TimeProvider clock)
{
    public const string UnsubscribePath = "/notifications/unsubscribe";

    /// <param name="to">Addresses to tell; one with no account behind it gets the mail with nothing to unsubscribe from.</param>
    /// <param name="link">Where the in-app notice leads: a path, or a link of this app.</param>
    public async Task<List<EmailMessage>> SendAsync(Guid workspaceId, NotificationKind kind, IEnumerable<string> to,
        string template, IReadOnlyDictionary<string, string> values, string? link, CancellationToken ct)
    {
        var addresses = to.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (addresses.Count == 0) return [];
        var users = await db.Users.AsNoTracking().Where(u => u.Email != null && addresses.Contains(u.Email))
            .Select(u => new { u.Id, Email = u.Email! }).ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var muted = await db.NotificationPreferences.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(p => p.WorkspaceId == workspaceId && p.Kind == kind && !p.Email && ids.Contains(p.UserId))
            .Select(p => p.UserId).ToListAsync(ct);

        var title = templates.Render(template, values).Subject;
        var now = clock.GetUtcNow().UtcDateTime;
        var mails = new List<EmailMessage>();
        foreach (var address in addresses)
        {
            var user = users.FirstOrDefault(u => string.Equals(u.Email, address, StringComparison.OrdinalIgnoreCase));
            if (user is null)
            {
                mails.Add(outbox.Queue(address, template, values));
                continue;
            }
            db.Notifications.Add(new Notification
            {
                WorkspaceId = workspaceId, UserId = user.Id, Kind = kind, Title = Truncate(title, 300), Link = PathOf(link), CreatedAt = now,
            });
            if (muted.Contains(user.Id)) continue;
            var token = tokens.Create(new UnsubscribeTarget(user.Id, workspaceId, kind));
            mails.Add(outbox.Queue(address, template, values,
                new Unsubscribe(links.Link($"{UnsubscribePath}?token={Uri.EscapeDataString(token)}"), kind.Label(), links.Link("/account/notifications"))));
        }
        return mails;
    }

    /// <summary>Only paths of this app, so a notice can never send anyone to another host.</summary>
    private string? PathOf(string? link)
    {
        if (string.IsNullOrEmpty(link)) return null;
        if (Uri.TryCreate(link, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https") link = absolute.PathAndQuery;
        return link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && link.Length <= 500 ? link : null;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
