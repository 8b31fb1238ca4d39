using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Streamline.Core.Hosting;

namespace Streamline.Core.Email;

/// <summary>Delivers one rendered message; throws when delivery failed so the caller can retry.</summary>
public interface IMailTransport
{
    Task DeliverAsync(MimeMessage message, CancellationToken ct);
}

public static class MimeMessages
{
    public static MimeMessage From(EmailMessage email, string from)
    {
        var message = new MimeMessage { Subject = email.Subject, MessageId = email.MessageId, Date = email.CreatedAt };
        message.From.Add(MailboxAddress.Parse(Mailboxes.Parser, from));
        message.To.Add(MailboxAddress.Parse(Mailboxes.Parser, email.To));
        message.Headers.Add("X-Streamline-Template", email.Template);
        if (email.UnsubscribeUrl is { } unsubscribe)
        {
            // RFC 8058: a mail client may unsubscribe with one POST to the link, without opening a page.
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribe}>");
            message.Headers.Add(HeaderId.ListUnsubscribePost, "List-Unsubscribe=One-Click");
        }
        var body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody };
        if (email.ChartPng is { } png)
            body.LinkedResources.Add("chart.png", png, new ContentType("image", "png")).ContentId = Notifications.Reports.WorkspaceReports.ChartContentId;
        message.Body = body.ToMessageBody();
        return message;
    }
}

public sealed class SmtpMailTransport(IOptions<EmailOptions> options) : IMailTransport
{
    public async Task DeliverAsync(MimeMessage message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, Enum.Parse<SecureSocketOptions>(smtp.Security, ignoreCase: true), ct);
        if (!string.IsNullOrEmpty(smtp.Username))
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}

/// <summary>The embedded default: one .eml file per mail in the data folder, listed on an admin page.</summary>
public sealed class PickupFolderMailTransport(StreamlinePaths paths) : IMailTransport
{
    public async Task DeliverAsync(MimeMessage message, CancellationToken ct)
    {
        var name = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Sanitize(message.MessageId ?? Guid.NewGuid().ToString("N"))}.eml";
        var final = Path.Combine(paths.MailPickupDirectory, name);
        var temp = final + ".tmp";
        await message.WriteToAsync(temp, ct);
        File.Move(temp, final, overwrite: true); // readers never see half a file
    }

    private static string Sanitize(string id) => string.Concat(id.Where(char.IsLetterOrDigit));
}
