using System.Data.Common;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Streamline.Core.Email;

/// <summary>
/// Queues the send of every new outbox row once its transaction has committed, never before: a job
/// that ran before the commit would find nothing. If this process dies in between, the sweeper sends it.
/// </summary>
public sealed class EnqueueOutboxAfterCommit(IBackgroundJobClient jobs) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly List<Guid> _saving = [];
    private readonly List<Guid> _uncommitted = [];

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

    public void SaveChangesFailed(DbContextErrorEventData eventData) => _saving.Clear();

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        _saving.Clear();
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Flush();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Flush();
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => _uncommitted.Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        _uncommitted.Clear();
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        _saving.AddRange(context.ChangeTracker.Entries<EmailMessage>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity.Id));
    }

    private void Saved(DbContext? context)
    {
        _uncommitted.AddRange(_saving);
        _saving.Clear();
        if (context?.Database.CurrentTransaction is null) Flush();
    }

    private void Flush()
    {
        foreach (var id in _uncommitted)
            jobs.Enqueue<SendEmail>(j => j.RunAsync(id, CancellationToken.None));
        _uncommitted.Clear();
    }
}
