using Streamline.Core.Workspaces;

namespace Streamline.Core.Conversations;

/// <summary>
/// What the AI proposed to a lead: Markdown written from the conversation's needs and the workspace's own
/// campaign prices, shared through an unguessable link the lead can open and accept.
/// </summary>
public class Proposal : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid ConversationId { get; set; }
    public Guid ContactId { get; set; }

    /// <summary>URL-safe random token: the share link. Unique.</summary>
    public required string PublicToken { get; set; }
    public required string Title { get; set; }
    public required string Markdown { get; set; }
    public List<ProposalItem> Items { get; set; } = [];
    public long TotalCents { get; set; }
    public string Currency { get; set; } = "USD";
    public ProposalStatus Status { get; set; } = ProposalStatus.Sent;
    public DateTime CreatedAt { get; set; }
    public DateTime? AcceptedAt { get; set; }

    /// <summary>In the house workspace an accepted proposal becomes a client job.</summary>
    public Guid? JobId { get; set; }
}

/// <summary>One product, priced from its campaign at the moment of proposing.</summary>
public class ProposalItem
{
    public Guid CampaignId { get; set; }
    public required string Name { get; set; }
    public long PriceCents { get; set; }
}

public enum ProposalStatus { Sent, Accepted }
