using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Email;

/// <summary>
/// Adds a rendered mail to the context without saving: the caller's SaveChanges (or transaction)
/// commits it together with the change that caused it. Sending is queued after the commit.
/// </summary>
public sealed class EmailOutbox(StreamlineDbContext db, EmailTemplates templates, TimeProvider clock)
{
    public EmailMessage Queue(string to, string template, IReadOnlyDictionary<string, string> values, Unsubscribe? unsubscribe = null)
    {
        var rendered = templates.Render(template, values, unsubscribe);
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new EmailMessage
        {
            To = to,
            Subject = rendered.Subject,
            HtmlBody = rendered.Html,
            TextBody = rendered.Text,
            Template = template,
            CreatedAt = now,
            NextAttemptAt = now,
            UnsubscribeUrl = unsubscribe?.Url,
        };
        message.MessageId = $"{message.Id:N}@streamline";
        db.EmailMessages.Add(message);
        return message;
    }

    /// <summary>How many <paramref name="template"/> mails to <paramref name="to"/> were queued in the last <paramref name="window"/>.</summary>
    public Task<int> QueuedWithinAsync(string to, string template, TimeSpan window, CancellationToken ct = default)
    {
        var since = clock.GetUtcNow().UtcDateTime - window;
        return db.EmailMessages.CountAsync(m => m.To == to && m.Template == template && m.CreatedAt >= since, ct);
    }
}
