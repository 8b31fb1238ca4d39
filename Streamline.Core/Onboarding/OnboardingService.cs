using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Onboarding;

/// <summary>Step 1's fields, already checked for presence and length by the form.</summary>
public sealed record BusinessDetails(
    string BusinessName, string OwnerName, string Industry, string Description, string? Website, string? Phone);

public sealed record GoalsDetails(string Goals, string TargetAudience);

/// <summary>
/// Saves the onboarding wizard step by step. The profile row is created on the first save, so merely
/// looking at the wizard leaves no trace. Every method works on the given workspace's row only.
/// </summary>
public sealed class OnboardingService(StreamlineDbContext db, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<BusinessProfile?> FindAsync(Guid workspaceId, CancellationToken ct = default) =>
        db.BusinessProfiles.SingleOrDefaultAsync(p => p.WorkspaceId == workspaceId, ct);

    /// <summary>Saves step 1; returns field errors (keyed by <see cref="BusinessDetails"/> property) and saves nothing if any.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SaveBusinessAsync(
        Guid workspaceId, BusinessDetails details, OnboardingStep reached, CancellationToken ct = default)
    {
        var website = ProfileFields.NormaliseWebsite(details.Website);
        var phone = BusinessPhone.Normalise(details.Phone);
        var errors = new Dictionary<string, string>();
        if (website.Error is not null) errors[nameof(BusinessDetails.Website)] = website.Error;
        if (phone.Error is not null) errors[nameof(BusinessDetails.Phone)] = phone.Error;
        if (errors.Count > 0) return errors;

        var profile = await FindOrAddAsync(workspaceId, ct);
        profile.BusinessName = details.BusinessName.Trim();
        profile.OwnerName = details.OwnerName.Trim();
        profile.Industry = details.Industry.Trim();
        profile.Description = details.Description.Trim();
        profile.Website = website.Value;
        profile.Phone = phone.Value;
        await SaveAsync(profile, reached, ct);
        return errors;
    }

    public async Task SaveGoalsAsync(Guid workspaceId, GoalsDetails details, OnboardingStep reached, CancellationToken ct = default)
    {
        var profile = await FindOrAddAsync(workspaceId, ct);
        profile.Goals = details.Goals.Trim();
        profile.TargetAudience = details.TargetAudience.Trim();
        await SaveAsync(profile, reached, ct);
    }

    /// <summary>For the steps without fields of their own (documents, campaign): only how far the owner got.</summary>
    public async Task ReachAsync(Guid workspaceId, OnboardingStep reached, CancellationToken ct = default) =>
        await SaveAsync(await FindOrAddAsync(workspaceId, ct), reached, ct);

    public async Task SkipAsync(Guid workspaceId, CancellationToken ct = default)
    {
        var profile = await FindOrAddAsync(workspaceId, ct);
        profile.SkippedAt ??= Now;
        await SaveAsync(profile, profile.Step, ct);
    }

    /// <summary>Finishing again (the wizard doubles as the profile editor) keeps the first completion time.</summary>
    public async Task FinishAsync(Guid workspaceId, CancellationToken ct = default)
    {
        var profile = await FindOrAddAsync(workspaceId, ct);
        profile.CompletedAt ??= Now;
        await SaveAsync(profile, OnboardingStep.Done, ct);
    }

    private async Task<BusinessProfile> FindOrAddAsync(Guid workspaceId, CancellationToken ct)
    {
        var profile = await FindAsync(workspaceId, ct);
        if (profile is not null) return profile;
        profile = new BusinessProfile { WorkspaceId = workspaceId };
        db.BusinessProfiles.Add(profile);
        return profile;
    }

    /// <summary>Step only moves forward: revisiting an earlier step must not lose the owner's place.</summary>
    private async Task SaveAsync(BusinessProfile profile, OnboardingStep reached, CancellationToken ct)
    {
        if (reached > profile.Step) profile.Step = reached;
        profile.UpdatedAt = Now;
        await db.SaveChangesAsync(ct);
    }
}
