using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Streamline.Core.Email;

/// <summary>
/// An e-mail address the mailer can send to: a bare <c>local@domain</c> that MimeKit parses with the options
/// <see cref="MimeMessages"/> uses. The framework's <c>[EmailAddress]</c> only looks for an <c>@</c>, so
/// <c>x@y.z;env;</c> passed it and its mails failed on every retry.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class MailboxAttribute : DataTypeAttribute
{
    public MailboxAttribute() : base(DataType.EmailAddress) =>
        ErrorMessage = "That doesn't look like an e-mail address.";

    public override bool IsValid(object? value) => value is null || value is string text && Mailboxes.IsDeliverable(text);
}

public static class Mailboxes
{
    /// <summary>How every address is read, when sending and when accepting one.</summary>
    public static ParserOptions Parser => ParserOptions.Default;

    /// <summary>True when <paramref name="address"/> is one bare address with a domain, as MimeKit reads it.</summary>
    public static bool IsDeliverable(string address)
    {
        var text = address.Trim();
        return text.Length is > 0 and <= 256
            && MailboxAddress.TryParse(Parser, text, out var mailbox)
            && string.IsNullOrEmpty(mailbox.Name)
            && mailbox.Route.Count == 0
            && !string.IsNullOrEmpty(mailbox.LocalPart) && mailbox.Domain.Contains('.')
            && string.Equals(mailbox.Address, text, StringComparison.OrdinalIgnoreCase);
    }
}
