using Streamline.Core.Campaigns;

namespace Streamline.Core.Knowledge;

/// <summary>One piece of what the AI is given, as it appears in the prompt, with its token count.</summary>
public sealed record KnowledgePart(string Title, string Text, int Tokens);

public sealed record PassagePart(PassageHit Hit, KnowledgePart Part);

public enum KnowledgeKind { Profile, Campaign, Passage }

/// <summary>Something that would have been given but did not fit the budget.</summary>
public sealed record LeftOutPart(KnowledgeKind Kind, string Title, int Tokens);

/// <summary>
/// What the AI knows for one visitor message on one channel: the business profile, the active campaigns on
/// that channel and the most relevant passages, within a token budget. <see cref="Render"/> is exactly the
/// text the model is given.
/// </summary>
public sealed record AssembledKnowledge(
    CampaignChannels Channel,
    string Message,
    int Budget,
    KnowledgePart? Profile,
    IReadOnlyList<KnowledgePart> Campaigns,
    IReadOnlyList<PassagePart> Passages,
    IReadOnlyList<LeftOutPart> LeftOut,
    int TotalTokens)
{
    public const string CampaignsHeading = "## Active campaigns";
    public const string PassagesHeading = "## From the business's documents";

    /// <summary>Headings and separators: the total minus the parts themselves.</summary>
    public int FramingTokens => TotalTokens - (Profile?.Tokens ?? 0) - Campaigns.Sum(c => c.Tokens) - Passages.Sum(p => p.Part.Tokens);

    public string Render() => Render(Profile, Campaigns, Passages.Select(p => p.Part));

    internal static string Render(KnowledgePart? profile, IEnumerable<KnowledgePart> campaigns, IEnumerable<KnowledgePart> passages)
    {
        var blocks = new List<string>();
        if (profile is not null) blocks.Add(profile.Text);
        var campaignTexts = campaigns.Select(c => c.Text).ToList();
        if (campaignTexts.Count > 0) blocks.Add(CampaignsHeading);
        blocks.AddRange(campaignTexts);
        var passageTexts = passages.Select(p => p.Text).ToList();
        if (passageTexts.Count > 0) blocks.Add(PassagesHeading);
        blocks.AddRange(passageTexts);
        return string.Join("\n\n", blocks);
    }
}
