namespace Streamline.Core.Email;

public enum EmailStatus { Pending, Sent, Failed }

/// <summary>
/// One outgoing mail. The row is the truth: it is written in the same transaction as the change
/// that causes it, and a job (or the sweeper, if the queue lost it) sends it exactly once.
/// </summary>
public class EmailMessage
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string HtmlBody { get; set; }
    public required string TextBody { get; set; }
    public required string Template { get; set; }
    public EmailStatus Status { get; set; } = EmailStatus.Pending;
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }

    /// <summary>Set while one worker owns the send; another worker cannot claim it until it passes.</summary>
    public DateTime? LockedUntil { get; set; }

    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Message-Id header, so a delivered mail can be matched to its row.</summary>
    public string MessageId { get; set; } = "";

    /// <summary>The one-click unsubscribe link of a notification mail (List-Unsubscribe); null for mail that is always sent.</summary>
    public string? UnsubscribeUrl { get; set; }

    /// <summary>A PNG the HTML shows inline as <c>cid:chart@streamline</c> (a report's chart); null for most mail.</summary>
    public byte[]? ChartPng { get; set; }
}
