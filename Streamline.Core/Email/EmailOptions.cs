namespace Streamline.Core.Email;

public enum MailTransportKind { Pickup, Smtp }

public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "Streamline <no-reply@streamline.local>";

    /// <summary>Pickup writes .eml files to the data folder (embedded default); Smtp sends through MailKit.</summary>
    public MailTransportKind Transport { get; set; } = MailTransportKind.Pickup;

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>After this many failed attempts a mail is marked Failed and left for an admin to see.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The sweeper leaves fresh rows alone this long: their own job is normally about to run.</summary>
    public int SweepGraceSeconds { get; set; } = 30;

    /// <summary>How long a worker may hold a mail before another may retry it (a crashed worker's lock).</summary>
    public int SendLockSeconds { get; set; } = 120;
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;

    /// <summary>MailKit's SecureSocketOptions name: None, Auto, StartTls, StartTlsWhenAvailable, SslOnConnect.</summary>
    public string Security { get; set; } = "Auto";

    public string? Username { get; set; }
    public string? Password { get; set; }
}
