namespace Streamline.Core.Campaigns;

/// <summary>A broken rule, named by the step property it is about ("Features[2]" for one list item, "" for the whole step).</summary>
public sealed record CampaignFieldError(string Field, string Message);

/// <summary>
/// One page of the campaign form as typed. Drafts may be incomplete, so a step checks only what is
/// there (lengths, formats, list sizes); whether a campaign is complete enough to go live is
/// <see cref="CampaignLifecycle.MissingForActivation"/>'s question.
/// </summary>
public interface ICampaignStep
{
    IReadOnlyList<CampaignFieldError> Validate();

    /// <summary>Copies the step onto the campaign; call only when <see cref="Validate"/> found nothing.</summary>
    void ApplyTo(Campaign campaign);
}

/// <summary>The checks the steps share, adding to one error list.</summary>
internal sealed class StepErrors : List<CampaignFieldError>
{
    public void Add(string field, string message) => Add(new CampaignFieldError(field, message));

    public void Length(string field, string? text, int max)
    {
        if (Clean(text) is { Length: var length } && length > max)
            Add(field, $"At most {max} characters (this has {length}).");
    }

    /// <summary>Each filled item within <see cref="CampaignLimits.ListItem"/>, and at most <see cref="CampaignLimits.ListItems"/> of them.</summary>
    public void List(string field, IReadOnlyList<string?> items, string noun)
    {
        for (var i = 0; i < items.Count; i++) Length($"{field}[{i}]", items[i], CampaignLimits.ListItem);
        if (CleanList(items).Count > CampaignLimits.ListItems)
            Add(field, $"At most {CampaignLimits.ListItems} {noun}.");
    }

    /// <summary>Trimmed, or null when nothing but spaces was typed.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The filled items, trimmed and in order: an empty row left in the form is not an item.</summary>
    public static List<string> CleanList(IEnumerable<string?> items) => items.Select(Clean).OfType<string>().ToList();
}
