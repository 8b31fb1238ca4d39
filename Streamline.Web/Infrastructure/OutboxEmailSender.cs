using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity.UI.Services;
using Streamline.Core.Data;
using Streamline.Core.Email;

namespace Streamline.Web.Infrastructure;

/// <summary>
/// The few Identity UI pages we did not rewrite (change e-mail, verify e-mail) hand us a subject and a
/// ready-made HTML line with one link. We keep only the link and send our own branded template.
/// </summary>
public sealed partial class OutboxEmailSender(EmailOutbox outbox, StreamlineDbContext db) : IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        var link = WebUtility.HtmlDecode(Href().Match(htmlMessage).Groups[1].Value);
        outbox.Queue(email, "account-link", new Dictionary<string, string>
        {
            ["Subject"] = subject,
            ["Message"] = subject.Contains("confirm", StringComparison.OrdinalIgnoreCase)
                ? "Please confirm this e-mail address for your Streamline account."
                : "Please continue with the action you started on your Streamline account.",
            ["ActionUrl"] = link,
        });
        await db.SaveChangesAsync();
    }

    [GeneratedRegex("href=['\"]([^'\"]+)['\"]")]
    private static partial Regex Href();
}
