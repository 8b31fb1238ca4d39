namespace Streamline.Core.Conversations.Proposals;

/// <summary>
/// What the AI writes for a proposal: the lead's needs and, when they were discussed, the scope and timeline.
/// Prices are deliberately absent: they come only from the workspace's own campaigns.
/// </summary>
public sealed record ProposalBrief(string Needs, string? Scope, string? Timeline);

/// <summary>The proposal made, or why none was: an error the AI can act on (ask for an e-mail, pick a real product).</summary>
public sealed record ProposalResult(Proposal? Proposal, string? Error)
{
    public bool Succeeded => Proposal is not null;
}

/// <summary>A proposal as its public page shows it, with the business that made it.</summary>
public sealed record PublicProposal(Proposal Proposal, string BusinessName);

/// <summary>Where the acceptance e-mails link to: the owner's inbox conversation and the proposal's own page.</summary>
public sealed record ProposalLinks(Func<Guid, string> Conversation, Func<string, string> Proposal);

public static class ProposalLimits
{
    public const int Needs = 2000;
    public const int Scope = 2000;
    public const int Timeline = 500;
    public const int Items = 10;
}
