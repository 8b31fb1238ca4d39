using System.Globalization;

namespace Streamline.Core.Campaigns;

/// <summary>Step 4: who it is for. Ages are typed text so "eighteen" gets a message of ours, not a binder's.</summary>
public sealed class AudienceStep : ICampaignStep
{
    public const int MinAge = 13;
    public const int MaxAge = 100;

    public string? AgeMin { get; set; }
    public string? AgeMax { get; set; }
    public List<string?> Locations { get; set; } = [];
    public List<string?> Interests { get; set; } = [];

    public static AudienceStep From(Campaign c) => new()
    {
        AgeMin = c.AudienceAgeMin?.ToString(CultureInfo.InvariantCulture),
        AgeMax = c.AudienceAgeMax?.ToString(CultureInfo.InvariantCulture),
        Locations = [.. c.AudienceLocations],
        Interests = [.. c.AudienceInterests],
    };

    public IReadOnlyList<CampaignFieldError> Validate()
    {
        var errors = new StepErrors();
        var min = Age(nameof(AgeMin), AgeMin, errors);
        var max = Age(nameof(AgeMax), AgeMax, errors);
        if (min is { } from && max is { } to && from > to)
            errors.Add(nameof(AgeMax), "The oldest age must be at least the youngest.");
        errors.List(nameof(Locations), Locations, "locations");
        errors.List(nameof(Interests), Interests, "interests");
        return errors;
    }

    public void ApplyTo(Campaign campaign)
    {
        campaign.AudienceAgeMin = Parse(AgeMin);
        campaign.AudienceAgeMax = Parse(AgeMax);
        campaign.AudienceLocations = StepErrors.CleanList(Locations);
        campaign.AudienceInterests = StepErrors.CleanList(Interests);
    }

    private static int? Age(string field, string? text, StepErrors errors)
    {
        if (StepErrors.Clean(text) is null) return null;
        if (Parse(text) is { } age and >= MinAge and <= MaxAge) return age;
        errors.Add(field, $"Enter a whole number of years from {MinAge} to {MaxAge}, or leave it empty.");
        return null;
    }

    private static int? Parse(string? text) =>
        int.TryParse(StepErrors.Clean(text), NumberStyles.None, CultureInfo.InvariantCulture, out var age) ? age : null;
}
