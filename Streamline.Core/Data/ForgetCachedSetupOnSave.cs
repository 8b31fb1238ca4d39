using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Core.Onboarding;
using Streamline.Core.Widget;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Data;

/// <summary>
/// Keeps the in-memory copies of a workspace's setup honest: any save that adds, changes or removes a campaign,
/// business profile, widget settings, workspace or catalog model forgets what the caches hold for it, whichever
/// page or job made the change. It forgets before the save (so nothing reads the old copy while it runs) and
/// again after it (a reader that filled the cache in between had read the old rows).
/// </summary>
public sealed class ForgetCachedSetupOnSave(SalesSetupCache sales, WidgetKeyCache widgets, ModelCatalogCache models) : SaveChangesInterceptor
{
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
            Action? forget = entry.Entity switch
            {
                Campaign c => () => sales.Forget(c.WorkspaceId),
                BusinessProfile p => () => sales.Forget(p.WorkspaceId),
                Workspace w => () => sales.Forget(w.Id),
                WidgetSettings w => ForgetWidget(w, entry.Property(nameof(WidgetSettings.PublicKey)).OriginalValue as string),
                AiModel => models.Forget,
                _ => null,
            };
            if (forget is null) continue;
            forget();
            _pending.For(context).Add(forget);
        }
    }

    private Action ForgetWidget(WidgetSettings settings, string? originalKey)
    {
        var current = settings.PublicKey;
        var workspace = settings.WorkspaceId;
        return () =>
        {
            sales.Forget(workspace);
            widgets.Forget(current);
            if (originalKey is not null) widgets.Forget(originalKey);
        };
    }

    private void ForgetAgain(DbContext? context)
    {
        if (_pending.Find(context) is not { } pending) return;
        foreach (var forget in pending) forget();
        pending.Clear();
    }
}
