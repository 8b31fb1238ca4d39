using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Data;

namespace Streamline.Core.Email;

/// <summary>
/// Re-enqueues mails that are due but unsent: their queue entry was lost (in-memory storage after a
/// restart, a crash between commit and enqueue). SendEmail's claim makes an extra enqueue harmless.
/// </summary>
public sealed class SweepEmailOutbox(StreamlineDbContext db, IBackgroundJobClient jobs, IOptions<EmailOptions> options, TimeProvider clock)
{
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var dueBefore = now.AddSeconds(-options.Value.SweepGraceSeconds);
        var ids = await db.EmailMessages
            .Where(m => m.Status == EmailStatus.Pending && m.NextAttemptAt <= dueBefore
                        && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(1000)
            .ToListAsync(ct);
        foreach (var id in ids)
            jobs.Enqueue<SendEmail>(j => j.RunAsync(id, CancellationToken.None));
        return ids.Count;
    }
}
