using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;

namespace Streamline.Core.Widget;

/// <summary>
/// What the settings form sends; <see cref="Version"/> is the version the form was loaded with. <see cref="DailyAiCapCredits"/>
/// is in whole credits, empty or 0 for no cap.
/// </summary>
public sealed record WidgetChanges(
    int Version, string? Origins, string? BrandColor, string? Title, LauncherPosition Position, string? GreetingOverride,
    string? TimeZone, bool UseBusinessHours, IReadOnlyList<DayHours> Days, string? OfflineMessage, long? DailyAiCapCredits);

/// <summary>One weekday as the form has it: closed, or open between two times (either may be missing when mistyped).</summary>
public sealed record DayHours(DayOfWeek Day, bool Open, TimeOnly? Opens, TimeOnly? Closes);

public enum WidgetSaveOutcome { Saved, Invalid, Stale }

/// <summary>Errors are keyed by <see cref="WidgetChanges"/> property, or "Days[i]" for a weekday by its index in the form.</summary>
public sealed record WidgetSaveResult(WidgetSaveOutcome Outcome, IReadOnlyDictionary<string, string> Errors);

/// <summary>
/// A workspace's widget settings: created with a fresh key the first time they are asked for, saved only
/// from the version the form was loaded with, so two people editing at once cannot overwrite each other.
/// </summary>
public sealed partial class WidgetSettingsService(StreamlineDbContext db, WidgetKeyCache keys, TimeProvider clock)
{
    public const int TitleMax = 60;
    public const int MessageMax = 1000;
    public const long DailyAiCapMaxCredits = 10_000_000;

    public const string StaleMessage =
        "Someone changed these settings after you opened them. Nothing was saved: reload the page to see their changes, then make yours again.";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<WidgetSettings> GetOrCreateAsync(Guid workspaceId, CancellationToken ct = default)
    {
        var settings = await db.WidgetSettings.SingleOrDefaultAsync(w => w.WorkspaceId == workspaceId, ct);
        if (settings is not null) return settings;
        settings = new WidgetSettings { WorkspaceId = workspaceId, PublicKey = WidgetKey.New(), KeyRotatedAt = Now, UpdatedAt = Now };
        db.WidgetSettings.Add(settings);
        try
        {
            await db.SaveChangesAsync(ct);
            return settings;
        }
        catch (DbUpdateException)
        {
            // Two first visits at once: the other request created the row; use it.
            db.Entry(settings).State = EntityState.Detached;
            return await db.WidgetSettings.SingleAsync(w => w.WorkspaceId == workspaceId, ct);
        }
    }

    /// <summary>
    /// The widget script's lookup: any workspace, by the key in the embedding page (no signed-in user there). Every chat
    /// request makes it, so it comes from <see cref="WidgetKeyCache"/>: shared, not to be changed.
    /// </summary>
    public Task<WidgetSettings?> FindByPublicKeyAsync(string publicKey, CancellationToken ct = default) => keys.FindAsync(db, publicKey, ct);

    public async Task<WidgetSaveResult> SaveAsync(Guid workspaceId, WidgetChanges changes, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var origins = WidgetOrigins.Parse(changes.Origins);
        if (origins.Errors.Count > 0) errors[nameof(WidgetChanges.Origins)] = string.Join(" ", origins.Errors);
        var color = (changes.BrandColor ?? "").Trim();
        if (!Colour().IsMatch(color)) errors[nameof(WidgetChanges.BrandColor)] = "Pick a colour as #rrggbb, for example #4f46e5.";
        var title = (changes.Title ?? "").Trim();
        if (title.Length == 0) errors[nameof(WidgetChanges.Title)] = "Give the chat window a title.";
        else if (title.Length > TitleMax) errors[nameof(WidgetChanges.Title)] = $"Keep the title under {TitleMax} characters.";
        var greeting = changes.GreetingOverride?.Trim();
        if (greeting?.Length > MessageMax) errors[nameof(WidgetChanges.GreetingOverride)] = $"Keep the greeting under {MessageMax} characters.";
        var offline = (changes.OfflineMessage ?? "").Trim();
        if (offline.Length == 0) errors[nameof(WidgetChanges.OfflineMessage)] = "Tell visitors what happens outside business hours.";
        else if (offline.Length > MessageMax) errors[nameof(WidgetChanges.OfflineMessage)] = $"Keep the message under {MessageMax} characters.";
        var zone = WidgetTimeZones.Find(changes.TimeZone);
        if (zone is null) errors[nameof(WidgetChanges.TimeZone)] = $"\"{changes.TimeZone}\" is not a time zone we know; pick one from the list.";
        if (!Enum.IsDefined(changes.Position)) errors[nameof(WidgetChanges.Position)] = "Pick bottom right or bottom left.";
        var hours = new List<BusinessHoursDay>();
        for (var i = 0; i < changes.Days.Count; i++)
        {
            var day = changes.Days[i];
            if (changes.Days.Take(i).Any(d => d.Day == day.Day))
                errors[$"Days[{i}]"] = $"{day.Day} is listed twice.";
            if (!day.Open) continue;
            if (day.Opens is not { } opens || day.Closes is not { } closes)
                errors[$"Days[{i}]"] = $"Enter when you open and close on {day.Day}, or mark it closed.";
            else if (closes <= opens)
                errors[$"Days[{i}]"] = $"On {day.Day} the closing time must be after the opening time (hours past midnight are not supported).";
            else
                hours.Add(new BusinessHoursDay { Day = day.Day, Opens = opens, Closes = closes });
        }
        if (changes.UseBusinessHours && errors.Keys.All(k => !k.StartsWith("Days", StringComparison.Ordinal)) && hours.Count == 0)
            errors[nameof(WidgetChanges.UseBusinessHours)] = "Open at least one day, or turn business hours off.";
        var cap = changes.DailyAiCapCredits ?? 0;
        if (cap is < 0 or > DailyAiCapMaxCredits)
            errors[nameof(WidgetChanges.DailyAiCapCredits)] = $"Enter a daily limit between 1 and {DailyAiCapMaxCredits:N0} credits, or leave it empty for no limit.";
        if (errors.Count > 0) return new WidgetSaveResult(WidgetSaveOutcome.Invalid, errors);

        var settings = await GetOrCreateAsync(workspaceId, ct);
        settings.AllowedOrigins = origins.Origins;
        settings.BrandColor = color.ToLowerInvariant();
        settings.Title = title;
        settings.LauncherPosition = changes.Position;
        settings.GreetingOverride = string.IsNullOrEmpty(greeting) ? null : greeting;
        settings.TimeZone = zone!.Id;
        settings.UseBusinessHours = changes.UseBusinessHours;
        settings.Hours = hours;
        settings.OfflineMessage = offline;
        settings.DailyAiCapMillicredits = cap * Streamline.Core.Credits.CreditAmount.MillicreditsPerCredit;
        return await SaveFromVersionAsync(settings, changes.Version, ct)
            ? new WidgetSaveResult(WidgetSaveOutcome.Saved, errors)
            : new WidgetSaveResult(WidgetSaveOutcome.Stale, errors);
    }

    /// <summary>
    /// A new key at once: embeds that carry the old one stop resolving (and so stop loading), on this instance at once and
    /// on others within <see cref="WidgetKeyCache.Lifetime"/>.
    /// </summary>
    public async Task<bool> RotateKeyAsync(Guid workspaceId, int version, CancellationToken ct = default)
    {
        var settings = await GetOrCreateAsync(workspaceId, ct);
        settings.PublicKey = WidgetKey.New();
        settings.KeyRotatedAt = Now;
        return await SaveFromVersionAsync(settings, version, ct);
    }

    /// <summary>The row is updated only if it still has the version the form was loaded with.</summary>
    private async Task<bool> SaveFromVersionAsync(WidgetSettings settings, int loadedVersion, CancellationToken ct)
    {
        db.Entry(settings).Property(w => w.Version).OriginalValue = loadedVersion;
        settings.Version = loadedVersion + 1;
        settings.UpdatedAt = Now;
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex Colour();
}
