using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Billing;
using Streamline.Core.Campaigns;
using Streamline.Core.Data;
using Streamline.Core.Onboarding;

namespace Streamline.Core.Knowledge;

/// <summary>
/// Decides what the AI knows when it answers one message: the business profile first, then the active
/// campaigns targeting the channel, then passages by relevance, until the token budget is spent. Read fresh
/// on every call, so a changed profile or campaign counts from the next reply.
/// </summary>
public sealed class KnowledgeAssembler(StreamlineDbContext db, KnowledgeSearch search, TokenCounter tokens, IOptions<KnowledgeOptions> options)
{
    /// <summary>Passages considered; more rarely fit a prompt-sized budget.</summary>
    public const int PassageCandidates = 12;

    public async Task<AssembledKnowledge> AssembleAsync(
        Guid workspaceId, CampaignChannels channel, string message, int? tokenBudget, CancellationToken ct)
    {
        CheckChannel(channel);
        var profile = await db.BusinessProfiles.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .SingleOrDefaultAsync(p => p.WorkspaceId == workspaceId, ct);
        var active = await db.Campaigns.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(c => c.WorkspaceId == workspaceId && c.Status == CampaignStatus.Active && (c.Channels & channel) != 0)
            .OrderBy(c => c.ActivatedAt).ThenBy(c => c.Name)
            .ToListAsync(ct);
        return await AssembleAsync(workspaceId, channel, message, tokenBudget, profile, active, ct);
    }

    /// <summary>
    /// The same, with the profile and the channel's active campaigns (oldest activation first) that the caller has
    /// just read for itself: the AI reply does, and every query saved is time a visitor waits for the first word. So are
    /// <paramref name="postings"/>, the message's knowledge postings when already read (<see cref="KnowledgeSearch.SearchAsync"/>).
    /// </summary>
    public async Task<AssembledKnowledge> AssembleAsync(Guid workspaceId, CampaignChannels channel, string message, int? tokenBudget,
        BusinessProfile? businessProfile, IReadOnlyList<Campaign> activeCampaigns, CancellationToken ct, IReadOnlyList<Posting>? postings = null)
    {
        CheckChannel(channel);
        var budget = tokenBudget ?? options.Value.DefaultTokenBudget;
        var leftOut = new List<LeftOutPart>();
        var profile = Profile(businessProfile);
        var active = activeCampaigns.Select(Campaign).ToList();
        var hits = await search.SearchAsync(workspaceId, message, PassageCandidates, ct, postings);
        var candidates = hits.Select((h, i) => new PassagePart(h, Passage(h, i + 1))).ToList();

        KnowledgePart? keptProfile = null;
        var keptCampaigns = new List<KnowledgePart>();
        var keptPassages = new List<PassagePart>();
        int Total() => tokens.Count(AssembledKnowledge.Render(keptProfile, keptCampaigns, keptPassages.Select(p => p.Part)));

        if (profile is not null)
        {
            keptProfile = profile;
            if (Total() > budget) { keptProfile = null; leftOut.Add(new(KnowledgeKind.Profile, profile.Title, profile.Tokens)); }
        }
        foreach (var campaign in active)
        {
            keptCampaigns.Add(campaign);
            if (Total() <= budget) continue;
            keptCampaigns.RemoveAt(keptCampaigns.Count - 1);
            leftOut.Add(new(KnowledgeKind.Campaign, campaign.Title, campaign.Tokens));
        }
        // By rank, and the first that does not fit ends it: a lower-ranked passage never displaces a better one.
        foreach (var (candidate, index) in candidates.Select((c, i) => (c, i)))
        {
            keptPassages.Add(candidate);
            if (Total() <= budget) continue;
            keptPassages.RemoveAt(keptPassages.Count - 1);
            leftOut.AddRange(candidates.Skip(index).Select(c => new LeftOutPart(KnowledgeKind.Passage, c.Part.Title, c.Part.Tokens)));
            break;
        }
        return new AssembledKnowledge(channel, message, budget, keptProfile, keptCampaigns, keptPassages, leftOut, Total());
    }

    private static void CheckChannel(CampaignChannels channel)
    {
        if (channel == CampaignChannels.None || (channel & (channel - 1)) != 0)
            throw new ArgumentException("Assemble for exactly one channel.", nameof(channel));
    }

    private KnowledgePart? Profile(BusinessProfile? p)
    {
        if (p is null) return null;
        var text = new StringBuilder("## About the business");
        Line(text, "Business name", p.BusinessName);
        Line(text, "Owner", p.OwnerName);
        Line(text, "Industry", p.Industry);
        Line(text, "What the business does", p.Description);
        Line(text, "Website", p.Website);
        Line(text, "Phone", p.Phone);
        Line(text, "Goals", p.Goals);
        Line(text, "Target audience", p.TargetAudience);
        return text.ToString().Contains('\n') ? Part("Business profile", text.ToString()) : null;
    }

    private KnowledgePart Campaign(Campaign c)
    {
        var text = new StringBuilder($"### {c.Name}");
        var product = c.ProductName ?? c.Name;
        Line(text, "Product", c.PriceCents > 0 ? $"{product}, {Price(c.PriceCents, c.Currency)}" : product);
        Line(text, "Description", c.ProductDescription);
        List(text, "Features", c.Features.Select(f => "- " + f));
        Line(text, "Greeting", c.Greeting);
        List(text, "Qualification questions, in order", c.QualificationQuestions.Select((q, i) => $"{i + 1}. {q}"));
        List(text, "Objections and answers", c.Objections.Select(o => $"- “{o.Objection}” → {o.Answer}"));
        Line(text, "Closing message", c.ClosingMessage);
        Line(text, "Call to action", c.CallToActionUrl);
        Line(text, "Audience", Audience(c));
        return Part(c.Name, text.ToString());
    }

    private KnowledgePart Passage(PassageHit hit, int rank) =>
        Part($"“{hit.DocumentName}”, passage {hit.Ordinal + 1}", $"[{rank}] From “{hit.DocumentName}”:\n{hit.Text}");

    private KnowledgePart Part(string title, string text) => new(title, text, tokens.Count(text));

    /// <summary>USD as "$1,234.56"; other currencies as "1,234.56 EUR".</summary>
    public static string Price(long cents, string currency) =>
        currency.Equals("USD", StringComparison.OrdinalIgnoreCase)
            ? MoneyAmount.Format(cents)
            : (cents / 100m).ToString("N2", CultureInfo.InvariantCulture) + " " + currency.ToUpperInvariant();

    private static string? Audience(Campaign c)
    {
        var parts = new List<string>();
        if (c.AudienceAgeMin is { } min && c.AudienceAgeMax is { } max) parts.Add($"ages {min}–{max}");
        else if (c.AudienceAgeMin is { } from) parts.Add($"ages {from}+");
        else if (c.AudienceAgeMax is { } to) parts.Add($"up to age {to}");
        if (c.AudienceLocations.Count > 0) parts.Add("in " + string.Join(", ", c.AudienceLocations));
        if (c.AudienceInterests.Count > 0) parts.Add("interested in " + string.Join(", ", c.AudienceInterests));
        return parts.Count > 0 ? string.Join("; ", parts) : null;
    }

    private static void Line(StringBuilder text, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) text.Append('\n').Append(label).Append(": ").Append(value.Trim());
    }

    private static void List(StringBuilder text, string label, IEnumerable<string> items)
    {
        var lines = items.ToList();
        if (lines.Count == 0) return;
        text.Append('\n').Append(label).Append(':');
        foreach (var line in lines) text.Append('\n').Append(line);
    }
}
