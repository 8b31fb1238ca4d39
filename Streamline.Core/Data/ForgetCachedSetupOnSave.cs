using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Data;

/// <summary>
/// An in-memory copy of rows that a save can make stale. The feature that owns the cache says which entities concern it;
/// <see cref="ForgetCachedSetupOnSave"/> asks every registered one about every entity a save adds, changes or removes.
/// </summary>
public interface IForgetOnSave
{
    /// <summary>What to forget because <paramref name="entry"/> is being saved, or null when the cache holds nothing of it.</summary>
    Action? ForgetFor(EntityEntry entry);
}

public static class ForgetOnSaveServices
{
    /// <summary>Registers <typeparamref name="TCache"/> as a singleton that every save of the app's contexts keeps honest.</summary>
    public static IServiceCollection AddCacheForgottenOnSave<TCache>(this IServiceCollection services) where TCache : class, IForgetOnSave
    {
        services.AddSingleton<TCache>();
        services.AddSingleton<IForgetOnSave>(sp => sp.GetRequiredService<TCache>());
        return services;
    }
}

/// <summary>
/// Keeps the in-memory copies of a workspace's setup honest: any save that adds, changes or removes a row some
/// <see cref="IForgetOnSave"/> cache holds forgets it, whichever page or job made the change. It forgets before the save
/// (so nothing reads the old copy while it runs) and again after it (a reader that filled the cache in between had read
/// the old rows).
/// </summary>
public sealed class ForgetCachedSetupOnSave(IEnumerable<IForgetOnSave> caches) : SaveChangesInterceptor
{
    private readonly IForgetOnSave[] _caches = [.. caches];
    private readonly PerContext<List<Action>> _pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken ct = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ForgetAgain(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        ForgetAgain(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => ForgetAgain(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        ForgetAgain(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        _pending.Find(context)?.Clear();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            foreach (var cache in _caches)
            {
                if (cache.ForgetFor(entry) is not { } forget) continue;
                forget();
                _pending.For(context).Add(forget);
            }
        }
    }

    private void ForgetAgain(DbContext? context)
    {
        if (_pending.Find(context) is not { } pending) return;
        foreach (var forget in pending) forget();
        pending.Clear();
    }
}
