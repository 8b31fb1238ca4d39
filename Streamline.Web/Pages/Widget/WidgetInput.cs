using System.ComponentModel.DataAnnotations;
using Streamline.Core.Credits;
using Streamline.Core.Widget;

namespace Streamline.Web.Pages.Widget;

/// <summary>The settings form; the rules live in <see cref="WidgetSettingsService"/>, which names the field at fault.</summary>
public sealed class WidgetInput
{
    /// <summary>The version the form was loaded with: a save from an older one is refused.</summary>
    public int Version { get; set; }

    [Display(Name = "Websites allowed to show the widget")]
    public string? Origins { get; set; }

    [Display(Name = "Brand colour")]
    public string? BrandColor { get; set; }

    [Display(Name = "Title")]
    public string? Title { get; set; }

    [Display(Name = "Launcher position")]
    public LauncherPosition Position { get; set; }

    [Display(Name = "Greeting (optional)")]
    public string? GreetingOverride { get; set; }

    [Display(Name = "Time zone")]
    public string? TimeZone { get; set; }

    [Display(Name = "Only open during business hours")]
    public bool UseBusinessHours { get; set; }

    public List<DayInput> Days { get; set; } = [];

    [Display(Name = "Offline message")]
    public string? OfflineMessage { get; set; }

    [Display(Name = "Daily AI-credit limit")]
    public long? DailyAiCapCredits { get; set; }

    public static WidgetInput From(WidgetSettings settings) => new()
    {
        Version = settings.Version,
        Origins = string.Join('\n', settings.AllowedOrigins),
        BrandColor = settings.BrandColor.ToLowerInvariant(),
        Title = settings.Title,
        Position = settings.LauncherPosition,
        GreetingOverride = settings.GreetingOverride,
        TimeZone = settings.TimeZone,
        UseBusinessHours = settings.UseBusinessHours,
        Days = BusinessHours.Week.Select(day => settings.Hours.FirstOrDefault(h => h.Day == day) is { } h
            ? new DayInput { Day = day, Open = true, Opens = h.Opens, Closes = h.Closes }
            : new DayInput { Day = day }).ToList(),
        OfflineMessage = settings.OfflineMessage,
        DailyAiCapCredits = settings.DailyAiCapMillicredits > 0 ? settings.DailyAiCapMillicredits / CreditAmount.MillicreditsPerCredit : null,
    };

    public WidgetChanges ToChanges() => new(
        Version, Origins, BrandColor, Title, Position, GreetingOverride, TimeZone, UseBusinessHours,
        Days.Select(d => new DayHours(d.Day, d.Open, d.Opens, d.Closes)).ToList(), OfflineMessage, DailyAiCapCredits);
}

public sealed class DayInput
{
    public DayOfWeek Day { get; set; }
    public bool Open { get; set; }
    public TimeOnly? Opens { get; set; }
    public TimeOnly? Closes { get; set; }
}
