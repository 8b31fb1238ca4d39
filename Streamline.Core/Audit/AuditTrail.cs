using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Audit;

/// <summary>What an audited action did, once it is known to have done something.</summary>
public sealed record AuditNote(Guid? WorkspaceId, string? Subject, string Summary);

/// <summary>
/// Writes audit entries in the same transaction as the action they describe, so there is never an action without its
/// entry nor an entry for an action that did not happen. Two ways, depending on how the action saves:
/// <list type="bullet">
/// <item><see cref="Stage"/> when the action ends in one SaveChanges (or saves inside its own transaction): the entry
/// rides along with it. If the action turns out to have done nothing, <see cref="Discard"/> drops it.</item>
/// <item><see cref="RecordAsync{T}"/> when the action writes with ExecuteUpdate or several statements: it runs inside a
/// transaction that the entry commits with.</item>
/// </list>
/// </summary>
public sealed class AuditTrail(StreamlineDbContext db, TimeProvider clock)
{
    public const int SummaryLength = 500;

    public AuditEntry Stage(AuditActor actor, AuditAction action, Guid? workspaceId, string? subject, string summary)
    {
        var entry = new AuditEntry
        {
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Action = action,
            ActorUserId = actor.UserId,
            Actor = Truncate(actor.Name, 256),
            WorkspaceId = workspaceId,
            Subject = subject is null ? null : Truncate(subject, 200),
            Summary = Truncate(summary, SummaryLength),
        };
        db.Add(entry);
        return entry;
    }

    /// <summary>An event that changes nothing else (a sign-in attempt for an unknown e-mail): the entry is the whole write.</summary>
    public async Task WriteAsync(AuditActor actor, AuditAction action, Guid? workspaceId, string? subject, string summary,
        CancellationToken ct = default)
    {
        Stage(actor, action, workspaceId, subject, summary);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Forgets entries staged but not saved: their action did nothing, so nothing is recorded.</summary>
    public void Discard()
    {
        foreach (var staged in db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).ToList())
            staged.State = EntityState.Detached;
    }

    /// <summary>
    /// Runs <paramref name="act"/> in a transaction and, when <paramref name="describe"/> says it did something, commits
    /// the entry with it. The action must not begin a transaction of its own.
    /// </summary>
    public async Task<T> RecordAsync<T>(AuditActor actor, AuditAction action, Func<CancellationToken, Task<T>> act,
        Func<T, AuditNote?> describe, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await act(ct);
        if (describe(result) is not { } note)
        {
            await tx.RollbackAsync(ct);
            return result;
        }
        Stage(actor, action, note.WorkspaceId, note.Subject, note.Summary);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
