using System.Data.Common;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Streamline.Core.Data;

namespace Streamline.Core.Channels;

/// <summary>
/// Queues the send job of every conversation that got new outbound channel rows, once their transaction has committed,
/// never before: a job that ran before the commit would find nothing. If this process dies in between, the sweeper sends
/// them. The mail outbox's <see cref="Email.EnqueueOutboxAfterCommit"/> for channel messages; kept per context likewise.
/// </summary>
public sealed class QueueChannelSendsAfterCommit(IBackgroundJobClient jobs) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class Pending
    {
        public readonly List<Guid> Saving = [];
        public readonly List<Guid> Uncommitted = [];
    }

    private readonly PerContext<Pending> _pending = new();

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => _pending.Find(eventData.Context)?.Saving.Clear();

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Flush(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        _pending.Find(eventData.Context)?.Uncommitted.Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        var added = context.ChangeTracker.Entries<ChannelMessage>()
            .Where(e => e.State == EntityState.Added && e.Entity.Direction == ChannelDirection.Outbound).Select(e => e.Entity.ConversationId).ToList();
        // Most saves send nothing on a channel: they leave nothing behind for this context.
        if (added.Count > 0) _pending.For(context).Saving.AddRange(added);
    }

    private void Saved(DbContext? context)
    {
        if (_pending.Find(context) is not { } pending) return;
        pending.Uncommitted.AddRange(pending.Saving);
        pending.Saving.Clear();
        if (context!.Database.CurrentTransaction is null) Flush(context);
    }

    private void Flush(DbContext? context)
    {
        if (_pending.Find(context) is not { } pending) return;
        foreach (var id in pending.Uncommitted.Distinct().ToList())
            jobs.Enqueue<SendChannelMessages>(j => j.QueueConversationAsync(id, CancellationToken.None));
        pending.Uncommitted.Clear();
    }
}
