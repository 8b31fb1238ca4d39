using Microsoft.EntityFrameworkCore;
using Streamline.Core.Campaigns;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Jobs;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Conversations.Proposals;

/// <summary>
/// Making proposals for the AI's create-proposal tool and accepting them from their public page. The model only
/// chooses products (by campaign id) and writes the brief; every price is read here from the workspace's own active
/// campaigns, so nothing a visitor or a model says can change one.
/// </summary>
public sealed class ProposalService(
    StreamlineDbContext db, ConversationLog log, JobService jobs, EmailOutbox outbox, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<ProposalResult> CreateAsync(Guid conversationId, IReadOnlyList<Guid> campaignIds, ProposalBrief brief, CancellationToken ct)
    {
        var conversation = await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().Include(c => c.Contact)
            .SingleOrDefaultAsync(c => c.Id == conversationId, ct);
        if (conversation?.Contact is not { } contact) return Refused("There is no such conversation.");
        if (conversation.Status == ConversationStatus.Closed) return Refused("This conversation is closed; no proposal can be made in it.");
        if (BriefError(brief) is { } briefError) return Refused(briefError);
        if (string.IsNullOrWhiteSpace(contact.Name) || string.IsNullOrWhiteSpace(contact.Email))
            return Refused("Ask for their name and e-mail first and save them with the contact details tool; then create the proposal.");

        var offers = await db.Campaigns.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(c => c.WorkspaceId == conversation.WorkspaceId && c.Status == CampaignStatus.Active)
            .OrderBy(c => c.Name).ToListAsync(ct);
        var (products, productError) = Choose(offers, campaignIds);
        if (productError is not null) return Refused(productError);

        var now = Now;
        var businessName = await BusinessNameAsync(conversation.WorkspaceId, ct);
        var proposal = new Proposal
        {
            WorkspaceId = conversation.WorkspaceId,
            ConversationId = conversation.Id,
            ContactId = contact.Id,
            PublicToken = VisitorToken.New(), // the same shape: 32 random bytes, URL-safe
            Title = Clip($"Proposal for {contact.Company ?? contact.Name}", ConversationLimits.Name),
            Markdown = ProposalWriter.Write(businessName, contact, Trimmed(brief), products, now),
            Items = [.. products.Select(p => new ProposalItem { CampaignId = p.Id, Name = ProposalWriter.NameOf(p), PriceCents = p.PriceCents })],
            TotalCents = products.Sum(p => p.PriceCents),
            Currency = products[0].Currency.ToUpperInvariant(),
            CreatedAt = now,
        };
        db.Proposals.Add(proposal);
        await db.SaveChangesAsync(ct);
        db.Entry(proposal).State = EntityState.Detached;
        return new ProposalResult(proposal, null);
    }

    public async Task<PublicProposal?> FindByTokenAsync(string? token, CancellationToken ct)
    {
        if (!VisitorToken.LooksValid(token)) return null;
        var proposal = await db.Proposals.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleOrDefaultAsync(p => p.PublicToken == token, ct);
        return proposal is null ? null : new PublicProposal(proposal, await BusinessNameAsync(proposal.WorkspaceId, ct));
    }

    /// <summary>
    /// Accepts the proposal behind <paramref name="token"/> once: the first acceptance claims it with a conditional
    /// update, and everything that follows (the job in the house workspace, the conversation turning Converted, the
    /// mails) commits with that claim or not at all. A second acceptance, even at the same moment, finds it claimed
    /// and changes nothing. Null for an unknown token.
    /// </summary>
    public async Task<PublicProposal?> AcceptAsync(string? token, ProposalLinks links, CancellationToken ct)
    {
        var found = await FindByTokenAsync(token, ct);
        if (found is not { Proposal: { Status: ProposalStatus.Sent } proposal }) return found;

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var now = Now;
            var claimed = await db.Proposals.IgnoreQueryFilters(QueryFilters.Workspace)
                .Where(p => p.Id == proposal.Id && p.Status == ProposalStatus.Sent)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, ProposalStatus.Accepted).SetProperty(p => p.AcceptedAt, now), ct);
            if (claimed == 1)
            {
                await CompleteAcceptanceAsync(proposal, found.BusinessName, links, ct);
                await tx.CommitAsync(ct);
            }
        }
        return await FindByTokenAsync(token, ct);
    }

    private async Task CompleteAcceptanceAsync(Proposal proposal, string businessName, ProposalLinks links, CancellationToken ct)
    {
        var conversation = await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().Include(c => c.Contact)
            .SingleAsync(c => c.Id == proposal.ConversationId, ct);
        var contact = conversation.Contact!;
        var name = contact.Name ?? "The lead";
        var house = await db.Workspaces.AsNoTracking().Where(w => w.Id == proposal.WorkspaceId).Select(w => w.IsHouse).SingleAsync(ct);

        var total = ProposalWriter.Price(proposal.TotalCents, proposal.Currency);
        var note = $"{name} accepted the proposal “{proposal.Title}” ({total}).";
        if (house)
        {
            var job = await jobs.CreateAsync(JobFrom(proposal, conversation, contact, await ManagerAsync(proposal.WorkspaceId, ct)), ct);
            await db.Proposals.IgnoreQueryFilters(QueryFilters.Workspace).Where(p => p.Id == proposal.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.JobId, job.Id), ct);
            note += " A client job was created for it in Planning.";
        }
        // A human who has taken the conversation over keeps it: Converted would hand the lead back to the AI.
        await log.AppendAsync(conversation.Id, new ChatMessage { Sender = MessageSender.System, Text = note },
            change: c => { if (!c.AiLocked) c.Status = ConversationStatus.Converted; }, ct: ct);

        foreach (var to in await db.OwnerEmailsAsync(proposal.WorkspaceId, ct))
            outbox.Queue(to, "proposal-accepted", new Dictionary<string, string>
            {
                ["Name"] = name, ["Proposal"] = proposal.Title, ["Total"] = total, ["ConversationUrl"] = links.Conversation(conversation.Id),
            });
        if (contact.Email is { } email)
            outbox.Queue(email, "proposal-confirmed", new Dictionary<string, string>
            {
                ["Name"] = name, ["Business"] = businessName, ["Proposal"] = proposal.Title, ["Total"] = total,
                ["ProposalUrl"] = links.Proposal(proposal.PublicToken),
            });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The client job for a house proposal: in the customer's own workspace when they chatted from the portal (so
    /// they see it under Jobs), otherwise in the house's; the needs become the goals, the scope and the products the
    /// requirements (one line each, ready for Plan with AI), and the priced items the cost lines.
    /// </summary>
    private static NewJob JobFrom(Proposal proposal, Conversation conversation, Contact contact, Guid managerUserId)
    {
        var who = contact.Company ?? contact.Name ?? "New client";
        var products = proposal.Items.Select(i => i.Name).ToList();
        var scope = ProposalWriter.Section(proposal.Markdown, ProposalWriter.ScopeHeading);
        var included = string.Join("\n", products.Select(p => "- " + p));
        var requirements = scope is null ? included : $"{scope}\n\n{included}";
        if (!proposal.Currency.Equals("USD", StringComparison.OrdinalIgnoreCase))
            requirements += $"\n\nQuoted in {proposal.Currency}: {ProposalWriter.Price(proposal.TotalCents, proposal.Currency)}.";
        return new NewJob(conversation.CustomerWorkspaceId ?? proposal.WorkspaceId, $"{who}: {string.Join(", ", products)}", managerUserId,
            CreatedBy: contact.Name ?? "The client", Origin: "Created from proposal", OriginDetail: $"“{proposal.Title}”, accepted on its public page")
        {
            Company = contact.Company,
            Contacts = [new JobContact { Name = Clip(contact.Name ?? who, JobLimits.Name), Email = contact.Email, Phone = contact.Phone }],
            Goals = ProposalWriter.Section(proposal.Markdown, ProposalWriter.NeedsHeading),
            Requirements = requirements,
            TimelineNotes = ProposalWriter.Section(proposal.Markdown, ProposalWriter.TimelineHeading),
            QuotedPriceCents = proposal.TotalCents,
            CostLines = [.. proposal.Items.Select(i => new CostLine { Description = Clip(i.Name, JobLimits.Name), AmountCents = i.PriceCents })],
        };
    }

    /// <summary>The house's first owner manages jobs nobody assigned yet; they are told about the customer's comments.</summary>
    private Task<Guid> ManagerAsync(Guid workspaceId, CancellationToken ct) =>
        db.WorkspaceMembers.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId && m.Role == WorkspaceRole.Owner)
            .OrderBy(m => m.JoinedAt).Select(m => m.UserId).FirstOrDefaultAsync(ct);

    /// <summary>The products asked for, each an active campaign of this workspace with a price, all in one currency.</summary>
    private static (List<Campaign> Products, string? Error) Choose(List<Campaign> offers, IReadOnlyList<Guid> campaignIds)
    {
        if (offers.Count == 0) return ([], "This business has no active products to propose; offer a handoff to a person instead.");
        var menu = string.Join("; ", offers.Select(c =>
            $"{c.Id} = {ProposalWriter.NameOf(c)} ({(c.PriceCents > 0 ? ProposalWriter.Price(c.PriceCents, c.Currency) : "no price set")})"));
        var ids = campaignIds.Distinct().ToList();
        if (ids.Count == 0) return ([], $"Name at least one product by its campaign id. The active products are: {menu}.");
        if (ids.Count > ProposalLimits.Items) return ([], $"A proposal can hold up to {ProposalLimits.Items} products.");
        var unknown = ids.Where(id => offers.All(c => c.Id != id)).ToList();
        if (unknown.Count > 0)
            return ([], $"Not an active product of this business: {string.Join(", ", unknown)}. Use only these campaign ids: {menu}.");
        var products = ids.Select(id => offers.Single(c => c.Id == id)).ToList();
        if (products.FirstOrDefault(p => p.PriceCents <= 0) is { } unpriced)
            return ([], $"{ProposalWriter.NameOf(unpriced)} has no price set, so it cannot be proposed; offer a handoff to a person for a quote.");
        var currencies = products.Select(p => p.Currency.ToUpperInvariant()).Distinct().ToList();
        if (currencies.Count > 1)
            return ([], $"These products are priced in different currencies ({string.Join(", ", currencies)}); make one proposal per currency.");
        return (products, null);
    }

    private static string? BriefError(ProposalBrief brief)
    {
        if (string.IsNullOrWhiteSpace(brief.Needs)) return "Describe the lead's needs, in their words, before making a proposal.";
        return TooLong("needs", brief.Needs, ProposalLimits.Needs)
               ?? TooLong("scope", brief.Scope, ProposalLimits.Scope)
               ?? TooLong("timeline", brief.Timeline, ProposalLimits.Timeline);
    }

    private static string? TooLong(string what, string? text, int max) =>
        text?.Trim().Length > max ? $"The {what} can be up to {max:N0} characters; shorten it (it has {text.Trim().Length:N0})." : null;

    private static ProposalBrief Trimmed(ProposalBrief brief) => new(brief.Needs.Trim(), brief.Scope?.Trim(), brief.Timeline?.Trim());

    private async Task<string> BusinessNameAsync(Guid workspaceId, CancellationToken ct) =>
        await db.BusinessProfiles.IgnoreQueryFilters(QueryFilters.Workspace).Where(p => p.WorkspaceId == workspaceId)
            .Select(p => p.BusinessName).FirstOrDefaultAsync(ct)
        ?? await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.Name).SingleAsync(ct);

    private static ProposalResult Refused(string error) => new(null, error);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
