using Streamline.Core.Workspaces;

namespace Streamline.Core.Campaigns;

/// <summary>
/// A product or service the AI sells, the channels it sells it on, how the conversation should go and
/// who it is for. Only active campaigns reach the AI.
/// </summary>
public class Campaign : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }

    public required string Name { get; set; }
    public CampaignStatus Status { get; set; } = CampaignStatus.Draft;

    // Product
    public string? ProductName { get; set; }
    public string? ProductDescription { get; set; }
    public long PriceCents { get; set; }
    public string Currency { get; set; } = "USD";
    public List<string> Features { get; set; } = [];

    // Channels
    public CampaignChannels Channels { get; set; } = CampaignChannels.Web;

    // Chat flow
    public string? Greeting { get; set; }
    public List<string> QualificationQuestions { get; set; } = [];
    public List<ObjectionAnswer> Objections { get; set; } = [];
    public string? ClosingMessage { get; set; }
    public string? CallToActionUrl { get; set; }

    // Audience
    public int? AudienceAgeMin { get; set; }
    public int? AudienceAgeMax { get; set; }
    public List<string> AudienceLocations { get; set; } = [];
    public List<string> AudienceInterests { get; set; } = [];

    public Guid CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ActivatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }

    /// <summary>Bumped on every save: an edit made from a stale form is refused instead of overwriting.</summary>
    public int Version { get; set; }
}

/// <summary>What the AI answers when a prospect raises this objection.</summary>
public class ObjectionAnswer
{
    public required string Objection { get; set; }
    public required string Answer { get; set; }
}

public enum CampaignStatus { Draft, Active, Paused, Completed }

[Flags]
public enum CampaignChannels
{
    None = 0,
    Web = 1,
    WhatsApp = 2,
    Telegram = 4,
    Messenger = 8,
    Instagram = 16,
    All = Web | WhatsApp | Telegram | Messenger | Instagram,
}
