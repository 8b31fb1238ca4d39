using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamline.Core.Data;

namespace Streamline.Core.Email;

/// <summary>
/// Sends one outbox row. Safe to run any number of times, concurrently: a conditional update
/// claims the row, so only one worker delivers it.
/// </summary>
public sealed class SendEmail(
    StreamlineDbContext db,
    IMailTransport transport,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    IBackgroundJobClient jobs,
    ILogger<SendEmail> log)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(Guid emailId, CancellationToken ct)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var lockUntil = now.AddSeconds(settings.SendLockSeconds);

        var claimed = await db.EmailMessages
            .Where(m => m.Id == emailId && m.Status == EmailStatus.Pending && m.NextAttemptAt <= now
                        && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LockedUntil, lockUntil)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        if (claimed == 0) return; // sent already, not due, or another worker has it

        var email = await db.EmailMessages.AsNoTracking().SingleAsync(m => m.Id == emailId, ct);
        try
        {
            await transport.DeliverAsync(MimeMessages.From(email, settings.From), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await RecordFailureAsync(email, ex, settings, ct);
            return;
        }

        await db.EmailMessages.Where(m => m.Id == emailId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, EmailStatus.Sent)
            .SetProperty(m => m.SentAt, clock.GetUtcNow().UtcDateTime)
            .SetProperty(m => m.LockedUntil, (DateTime?)null)
            .SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
    }

    private async Task RecordFailureAsync(EmailMessage email, Exception ex, EmailOptions settings, CancellationToken ct)
    {
        var giveUp = email.Attempts >= settings.MaxAttempts;
        var delay = Backoff(email.Attempts);
        var next = clock.GetUtcNow().UtcDateTime + delay;
        log.LogWarning(ex, "Sending e-mail {EmailId} failed on attempt {Attempt}", email.Id, email.Attempts);

        await db.EmailMessages.Where(m => m.Id == email.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, giveUp ? EmailStatus.Failed : EmailStatus.Pending)
            .SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.LockedUntil, (DateTime?)null)
            .SetProperty(m => m.LastError, Truncate(ex.Message, 2000)), ct);

        if (!giveUp) jobs.Schedule<SendEmail>(j => j.RunAsync(email.Id, CancellationToken.None), delay);
    }

    /// <summary>30 s, 2 min, 8 min, 32 min, … capped at 2 h.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(4, Math.Max(0, attempts - 1)), 7200));

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
