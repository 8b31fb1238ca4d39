namespace Streamline.Core.Campaigns;

/// <summary>
/// The one place for what a campaign's status may become and when it may be deleted or edited:
/// a draft goes live once complete, a live one pauses and resumes, either ends, and the end is final.
/// </summary>
public static class CampaignLifecycle
{
    public static IReadOnlyList<CampaignStatus> NextStatuses(CampaignStatus from) => from switch
    {
        CampaignStatus.Draft => [CampaignStatus.Active],
        CampaignStatus.Active => [CampaignStatus.Paused, CampaignStatus.Completed],
        CampaignStatus.Paused => [CampaignStatus.Active, CampaignStatus.Completed],
        _ => [],
    };

    public static bool CanMove(CampaignStatus from, CampaignStatus to) => NextStatuses(from).Contains(to);

    /// <summary>Only drafts: a campaign that has been live may carry conversations and orders that point at it.</summary>
    public static bool CanDelete(CampaignStatus status) => status == CampaignStatus.Draft;

    /// <summary>A completed campaign is a record of what ran; to run it again, duplicate it.</summary>
    public static bool CanEdit(CampaignStatus status) => status != CampaignStatus.Completed;

    /// <summary>What the AI would lack to sell with this campaign, in the form's order; empty when it can go live.</summary>
    public static IReadOnlyList<string> MissingForActivation(Campaign c)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(c.Name)) missing.Add("a campaign name");
        if (string.IsNullOrWhiteSpace(c.ProductName)) missing.Add("a product name");
        if (string.IsNullOrWhiteSpace(c.ProductDescription)) missing.Add("a product description");
        if (c.PriceCents < 0) missing.Add("a price of 0 or more");
        if (!CampaignPrice.IsSupported(c.Currency)) missing.Add("a supported currency");
        if ((c.Channels & CampaignChannels.All) == CampaignChannels.None) missing.Add("at least one channel");
        if (string.IsNullOrWhiteSpace(c.Greeting)) missing.Add("a greeting");
        if (string.IsNullOrWhiteSpace(c.ClosingMessage)) missing.Add("a closing message");
        if (c.CallToActionUrl is { Length: > 0 } url && !ChatFlowStep.IsWebAddress(url))
            missing.Add("a call-to-action link that is a full http(s) address");
        return missing;
    }

    /// <summary>"To activate, add a greeting and a closing message."</summary>
    public static string DescribeMissing(IReadOnlyList<string> missing) =>
        "To activate, add " + (missing.Count == 1 ? missing[0] : $"{string.Join(", ", missing.Take(missing.Count - 1))} and {missing[^1]}") + ".";

    /// <summary>
    /// Moves the campaign to <paramref name="to"/> and stamps when it first went live or ended, or
    /// says why not (the campaign is then unchanged).
    /// </summary>
    public static string? TryMove(Campaign c, CampaignStatus to, DateTime now)
    {
        if (c.Status == to) return $"This campaign is already {Describe(to)}.";
        if (!CanMove(c.Status, to))
            return c.Status == CampaignStatus.Completed
                ? "This campaign is completed, and completed is final. Duplicate it to run it again."
                : $"A campaign that is {Describe(c.Status)} cannot be {Verb(to)}.";
        if (to == CampaignStatus.Active && MissingForActivation(c) is { Count: > 0 } missing) return DescribeMissing(missing);

        c.Status = to;
        if (to == CampaignStatus.Active) c.ActivatedAt ??= now;
        if (to == CampaignStatus.Completed) c.CompletedAt = now;
        return null;
    }

    public static string Label(CampaignStatus status) => status.ToString();

    /// <summary>The status in a sentence: "a draft", "active", "paused", "completed".</summary>
    public static string Describe(CampaignStatus status) => status == CampaignStatus.Draft ? "a draft" : Label(status).ToLowerInvariant();

    /// <summary>What the button that moves a campaign to <paramref name="to"/> says.</summary>
    public static string Action(CampaignStatus from, CampaignStatus to) => (from, to) switch
    {
        (CampaignStatus.Paused, CampaignStatus.Active) => "Resume",
        (_, CampaignStatus.Active) => "Activate",
        (_, CampaignStatus.Paused) => "Pause",
        (_, CampaignStatus.Completed) => "Complete",
        _ => to.ToString(),
    };

    private static string Verb(CampaignStatus to) => to switch
    {
        CampaignStatus.Active => "activated",
        CampaignStatus.Paused => "paused",
        CampaignStatus.Completed => "completed",
        _ => "turned back into a draft",
    };
}
