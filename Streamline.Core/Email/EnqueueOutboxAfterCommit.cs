using System.Data.Common;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Streamline.Core.Data;

namespace Streamline.Core.Email;

/// <summary>
/// Queues the send of every new outbox row once its transaction has committed, never before: a job
/// that ran before the commit would find nothing. If this process dies in between, the sweeper sends it.
/// One instance serves every context (the context options are built once), so what is pending is kept per context.
/// </summary>
public sealed class EnqueueOutboxAfterCommit(IBackgroundJobClient jobs) : ISaveChangesInterceptor, IDbTransactionInterceptor
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
        var added = context.ChangeTracker.Entries<EmailMessage>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Id).ToList();
        // Most saves queue no mail: they leave nothing behind for this context.
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
        foreach (var id in pending.Uncommitted)
            jobs.Enqueue<SendEmail>(j => j.RunAsync(id, CancellationToken.None));
        pending.Uncommitted.Clear();
    }
}
