using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Campaigns;

public enum CampaignSaveOutcome
{
    Saved,
    /// <summary>The input broke a rule; see the errors.</summary>
    Invalid,
    /// <summary>No such campaign in the current workspace.</summary>
    NotFound,
    /// <summary>Someone saved the campaign after the form was loaded; nothing was written.</summary>
    Stale,
    /// <summary>The campaign's status does not allow this; see the errors.</summary>
    Refused,
}

/// <summary>The saved campaign, or why nothing was saved.</summary>
public sealed record CampaignSaveResult(CampaignSaveOutcome Outcome, Campaign? Campaign, IReadOnlyList<CampaignFieldError> Errors)
{
    public bool Succeeded => Outcome == CampaignSaveOutcome.Saved;

    /// <summary>The errors about the whole campaign rather than one field (status refusals, missing parts).</summary>
    public string? Message => Errors.FirstOrDefault(e => e.Field == "")?.Message;
}

/// <summary>
/// Every change to a campaign: drafts created and saved step by step, status moves, copies and
/// deletion. Campaigns are read through the workspace query filter, so another workspace's campaign
/// is simply not found. Each save bumps <see cref="Campaign.Version"/> and is refused when the caller
/// loaded an older one.
/// </summary>
public sealed class CampaignEditor(StreamlineDbContext db, TimeProvider clock)
{
    public const string StaleMessage = "Someone else saved this campaign after you opened it, so your change was not saved.";

    public async Task<CampaignSaveResult> CreateDraftAsync(Guid workspaceId, Guid userId, ProductStep product, CancellationToken ct = default)
    {
        if (product.Validate() is { Count: > 0 } errors) return new(CampaignSaveOutcome.Invalid, null, errors);
        var now = Now;
        var campaign = new Campaign { WorkspaceId = workspaceId, Name = "", CreatedByUserId = userId, CreatedAt = now, UpdatedAt = now, Version = 1 };
        product.ApplyTo(campaign);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(ct);
        return Saved(campaign);
    }

    /// <summary>
    /// Saves one step. A live or paused campaign must stay complete enough to sell with, so a step that
    /// would take away, say, its greeting is refused with what would be missing.
    /// </summary>
    public async Task<CampaignSaveResult> SaveStepAsync(Guid id, int version, ICampaignStep step, CancellationToken ct = default)
    {
        if (step.Validate() is { Count: > 0 } errors) return new(CampaignSaveOutcome.Invalid, null, errors);
        var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null) return NotFound;
        if (campaign.Version != version) return Stale;
        if (!CampaignLifecycle.CanEdit(campaign.Status))
            return Refused("This campaign is completed and can no longer be changed. Duplicate it to run it again.");

        step.ApplyTo(campaign);
        if (campaign.Status != CampaignStatus.Draft && CampaignLifecycle.MissingForActivation(campaign) is { Count: > 0 } missing)
        {
            db.ChangeTracker.Clear();
            return Refused($"This campaign is {CampaignLifecycle.Describe(campaign.Status)}, so it must stay complete: {CampaignLifecycle.DescribeMissing(missing)}");
        }
        return await SaveAsync(campaign, ct);
    }

    /// <summary>Moves the campaign's status, when the lifecycle allows it and nobody changed the campaign since <paramref name="version"/>.</summary>
    public async Task<CampaignSaveResult> ChangeStatusAsync(Guid id, int version, CampaignStatus to, CancellationToken ct = default)
    {
        var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null) return NotFound;
        if (campaign.Version != version) return Stale;
        return CampaignLifecycle.TryMove(campaign, to, Now) is { } refusal ? Refused(refusal) : await SaveAsync(campaign, ct);
    }

    /// <summary>A new draft with everything the original has, named "… (copy)"; null when there is no such campaign.</summary>
    public async Task<Campaign?> DuplicateAsync(Guid id, Guid userId, CancellationToken ct = default)
    {
        var original = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (original is null) return null;
        var now = Now;
        const string suffix = " (copy)";
        var copy = new Campaign
        {
            WorkspaceId = original.WorkspaceId,
            Name = original.Name[..Math.Min(original.Name.Length, CampaignLimits.Name - suffix.Length)] + suffix,
            ProductName = original.ProductName,
            ProductDescription = original.ProductDescription,
            PriceCents = original.PriceCents,
            Currency = original.Currency,
            Features = [.. original.Features],
            Channels = original.Channels,
            Greeting = original.Greeting,
            QualificationQuestions = [.. original.QualificationQuestions],
            Objections = [.. original.Objections.Select(o => new ObjectionAnswer { Objection = o.Objection, Answer = o.Answer })],
            ClosingMessage = original.ClosingMessage,
            CallToActionUrl = original.CallToActionUrl,
            AudienceAgeMin = original.AudienceAgeMin,
            AudienceAgeMax = original.AudienceAgeMax,
            AudienceLocations = [.. original.AudienceLocations],
            AudienceInterests = [.. original.AudienceInterests],
            CreatedByUserId = userId,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        db.Campaigns.Add(copy);
        await db.SaveChangesAsync(ct);
        return copy;
    }

    /// <summary>Deletes a draft; anything that has been live is refused and stays.</summary>
    public async Task<CampaignSaveResult> DeleteDraftAsync(Guid id, CancellationToken ct = default)
    {
        var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null) return NotFound;
        if (!CampaignLifecycle.CanDelete(campaign.Status))
            return Refused($"Only drafts can be deleted; this campaign is {CampaignLifecycle.Describe(campaign.Status)}" + (campaign.Status == CampaignStatus.Completed
                ? " and stays as a record of what ran."
                : ". Complete it instead to stop it for good."));
        db.Campaigns.Remove(campaign);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed (perhaps activated) or deleted meanwhile: look again rather than guess.
            db.ChangeTracker.Clear();
            return await db.Campaigns.AnyAsync(c => c.Id == id, ct) ? await DeleteDraftAsync(id, ct) : NotFound;
        }
        return Saved(campaign);
    }

    private async Task<CampaignSaveResult> SaveAsync(Campaign campaign, CancellationToken ct)
    {
        // The token's original value is the version read above: the UPDATE matches no row if another save came first.
        campaign.Version++;
        campaign.UpdatedAt = Now;
        try
        {
            await db.SaveChangesAsync(ct);
            return Saved(campaign);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Stale;
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static CampaignSaveResult Saved(Campaign c) => new(CampaignSaveOutcome.Saved, c, []);
    private static CampaignSaveResult Refused(string message) => new(CampaignSaveOutcome.Refused, null, [new("", message)]);
    private static readonly CampaignSaveResult Stale = new(CampaignSaveOutcome.Stale, null, [new("", StaleMessage)]);
    private static readonly CampaignSaveResult NotFound = new(CampaignSaveOutcome.NotFound, null, []);
}
