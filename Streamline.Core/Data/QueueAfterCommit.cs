using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Streamline.Core.Data;

/// <summary>
/// Queues background work for rows a save added, once their transaction has committed, never before: a job that ran
/// before the commit would find nothing, and one queued for a rolled-back row would find nothing either. If the process
/// dies in between, the feature's sweeper does the work. One instance serves every context (the context options are
/// built once), so what is pending is kept per context. A subclass says which rows it waits for and what it queues.
/// </summary>
public abstract class QueueAfterCommit : ISaveChangesInterceptor, IDbTransactionInterceptor
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

    /// <summary>The ids this save adds that need work after the commit; most saves add none.</summary>
    protected abstract IEnumerable<Guid> Added(Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker changes);

    /// <summary>Queues the work for rows now committed.</summary>
    protected abstract void Queue(IReadOnlyCollection<Guid> committed);

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        var added = Added(context.ChangeTracker).ToList();
        // Saves with nothing to queue leave nothing behind for this context.
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
        if (_pending.Find(context) is not { } pending || pending.Uncommitted.Count == 0) return;
        var committed = pending.Uncommitted.ToList();
        pending.Uncommitted.Clear();
        Queue(committed);
    }
}
