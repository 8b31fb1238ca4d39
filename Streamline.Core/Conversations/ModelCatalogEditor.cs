using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations;

/// <summary>A catalog row as a SuperAdmin types it; prices already in micro-dollars per 1K tokens (see <see cref="ModelPrice"/>).</summary>
public sealed record ModelInput(string Name, long InputMicrodollarsPer1K, long OutputMicrodollarsPer1K, ModelTier Tier, bool Active);

/// <summary>What an edit of the catalog did: the row, or a refusal to show beside <see cref="Field"/>.</summary>
public sealed record ModelEdit(AiModel? Model, string? Error = null, string? Field = null)
{
    public bool Succeeded => Error is null;
    public static readonly ModelEdit NotFound = new(null, "There is no such model.");
}

/// <summary>
/// Keeps the model catalog: names unique (ignoring case, since "GPT-4o" and "gpt-4o" would be one model to a
/// person and two to the index), and the offline engine's row always findable by its name.
/// </summary>
public sealed class ModelCatalogEditor(StreamlineDbContext db, TimeProvider clock)
{
    public const string OfflineNameFixed = "The offline engine's name is fixed: the app finds it by that name.";

    /// <summary>Active first, then by tier from fast to best (in memory: enums may be stored as text), then by name.</summary>
    public async Task<List<AiModel>> ListAsync(CancellationToken ct) =>
        [.. (await db.AiModels.AsNoTracking().ToListAsync(ct))
            .OrderByDescending(m => m.Active).ThenBy(m => m.Tier).ThenBy(m => m.Name, StringComparer.Ordinal)];

    public Task<AiModel?> FindAsync(Guid id, CancellationToken ct) => db.AiModels.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);

    public async Task<ModelEdit> AddAsync(ModelInput input, CancellationToken ct)
    {
        var model = new AiModel { Name = input.Name.Trim() };
        if (await CheckAsync(model, input, ct) is { } refused) return refused;
        db.AiModels.Add(model);
        return await SaveAsync(model, ct);
    }

    public async Task<ModelEdit> UpdateAsync(Guid id, ModelInput input, CancellationToken ct)
    {
        if (await db.AiModels.SingleOrDefaultAsync(m => m.Id == id, ct) is not { } model) return ModelEdit.NotFound;
        if (model.Name == ModelCatalog.OfflineModelName && input.Name.Trim() != model.Name) return new(null, OfflineNameFixed, nameof(ModelInput.Name));
        if (await CheckAsync(model, input, ct) is { } refused) return refused;
        return await SaveAsync(model, ct);
    }

    public async Task<ModelEdit> SetActiveAsync(Guid id, bool active, CancellationToken ct)
    {
        if (await db.AiModels.SingleOrDefaultAsync(m => m.Id == id, ct) is not { } model) return ModelEdit.NotFound;
        model.Active = active;
        return await SaveAsync(model, ct);
    }

    /// <summary>Past messages keep the model's name as text, so removing a row loses no history.</summary>
    public async Task<ModelEdit> DeleteAsync(Guid id, CancellationToken ct)
    {
        if (await db.AiModels.SingleOrDefaultAsync(m => m.Id == id, ct) is not { } model) return ModelEdit.NotFound;
        if (model.Name == ModelCatalog.OfflineModelName)
            return new(null, "The offline engine cannot be deleted: it is what answers without a provider. Deactivate it instead.");
        db.AiModels.Remove(model);
        await db.SaveChangesAsync(ct);
        return new(model);
    }

    private async Task<ModelEdit?> CheckAsync(AiModel model, ModelInput input, CancellationToken ct)
    {
        var name = input.Name.Trim();
        if (name.Length == 0) return new(null, "Enter the model's name as the provider spells it.", nameof(ModelInput.Name));
        if (name.Length > ConversationLimits.ModelName) return new(null, $"At most {ConversationLimits.ModelName} characters.", nameof(ModelInput.Name));
        if (name.Any(char.IsWhiteSpace)) return new(null, "A model name has no spaces, e.g. gpt-4o-mini or llama3.1:8b.", nameof(ModelInput.Name));
        if (await TakenAsync(name, model.Id, ct)) return Taken(name);
        if (input.InputMicrodollarsPer1K < 0 || input.OutputMicrodollarsPer1K < 0) return new(null, "Prices cannot be negative.", "InputPrice");
        model.Name = name;
        model.InputMicrodollarsPer1K = input.InputMicrodollarsPer1K;
        model.OutputMicrodollarsPer1K = input.OutputMicrodollarsPer1K;
        model.Tier = input.Tier;
        model.Active = input.Active;
        return null;
    }

    private async Task<ModelEdit> SaveAsync(AiModel model, CancellationToken ct)
    {
        model.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(ct);
            return new(model);
        }
        catch (DbUpdateException)
        {
            // Someone saved the same name between the check and this save; the unique index kept one.
            db.ChangeTracker.Clear();
            if (await TakenAsync(model.Name, model.Id, ct)) return Taken(model.Name);
            throw;
        }
    }

    private Task<bool> TakenAsync(string name, Guid exceptId, CancellationToken ct)
    {
        var lower = name.ToLowerInvariant();
        return db.AiModels.AsNoTracking().AnyAsync(m => m.Id != exceptId && m.Name.ToLower() == lower, ct);
    }

    private static ModelEdit Taken(string name) => new(null, $"The catalog already has a model named “{name}”: edit that one instead.", nameof(ModelInput.Name));
}
