using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Billing;

public sealed record PromotionSaveResult(Promotion? Promotion, IReadOnlyList<PromotionRuleError> Errors)
{
    public bool Succeeded => Promotion is not null && Errors.Count == 0;
}

/// <summary>Creates and changes promotions for the back office: the rules, then a code no other promotion has.</summary>
public sealed class PromotionEditor(StreamlineDbContext db, TimeProvider clock)
{
    public Task<PromotionSaveResult> CreateAsync(PromotionTerms terms, bool isActive, CancellationToken ct = default)
    {
        var promotion = new Promotion { Code = "", CreatedAt = clock.GetUtcNow().UtcDateTime };
        return SaveAsync(promotion, terms, isActive, isNew: true, ct);
    }

    /// <summary>Null when there is no such promotion.</summary>
    public async Task<PromotionSaveResult?> UpdateAsync(Guid id, PromotionTerms terms, bool isActive, CancellationToken ct = default)
    {
        var promotion = await db.Promotions.SingleOrDefaultAsync(p => p.Id == id, ct);
        return promotion is null ? null : await SaveAsync(promotion, terms, isActive, isNew: false, ct);
    }

    /// <summary>Stops new checkouts from using the code; redemptions already made stay.</summary>
    public async Task<bool> DeactivateAsync(Guid id, CancellationToken ct = default) =>
        await db.Promotions.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false), ct) > 0;

    private async Task<PromotionSaveResult> SaveAsync(Promotion promotion, PromotionTerms terms, bool isActive, bool isNew, CancellationToken ct)
    {
        var errors = PromotionRules.Check(terms);
        if (errors.Count > 0) return new(null, errors);

        var code = PromotionRules.NormalizeCode(terms.Code);
        if (await db.Promotions.AnyAsync(p => p.Code == code && p.Id != promotion.Id, ct)) return Taken(code);

        promotion.Code = code;
        promotion.Description = terms.Description.Trim();
        promotion.PercentOff = terms.PercentOff;
        promotion.BonusMillicredits = terms.BonusMillicredits;
        promotion.StartsAt = terms.StartsAt;
        promotion.EndsAt = terms.EndsAt;
        promotion.MaxRedemptions = terms.MaxRedemptions;
        promotion.MaxRedemptionsPerWorkspace = terms.MaxRedemptionsPerWorkspace;
        promotion.IsActive = isActive;
        if (isNew) db.Promotions.Add(promotion);
        try
        {
            await db.SaveChangesAsync(ct);
            return new(promotion, []);
        }
        catch (DbUpdateException)
        {
            // Another admin saved the same code between our check and our write; the unique index caught it.
            db.ChangeTracker.Clear();
            if (await db.Promotions.AnyAsync(p => p.Code == code && p.Id != promotion.Id, ct)) return Taken(code);
            throw;
        }
    }

    private static PromotionSaveResult Taken(string code) =>
        new(null, [new(nameof(PromotionTerms.Code), $"Another promotion already uses the code {code}.")]);
}
