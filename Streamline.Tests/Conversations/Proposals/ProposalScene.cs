using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Proposals;
using Streamline.Core.Workspaces;
using Streamline.Tests.Admin;

namespace Streamline.Tests.Conversations.Proposals;

/// <summary>
/// A workspace (the house, or a customer's with an owner) selling two USD products and one in EUR, with a paused
/// one; a widget conversation whose lead has given their name, e-mail, company, team size and pain points.
/// </summary>
public sealed class ProposalScene
{
    public const string OwnerEmailDomain = "@owner.example.test";

    private ProposalScene(AdminApp app, Guid workspaceId, Guid conversationId, string? ownerEmail)
    {
        App = app;
        WorkspaceId = workspaceId;
        ConversationId = conversationId;
        OwnerEmail = ownerEmail;
    }

    public AdminApp App { get; }
    public Guid WorkspaceId { get; }
    public Guid ConversationId { get; }
    public string? OwnerEmail { get; }
    public Campaign Website { get; private set; } = null!;
    public Campaign Scraper { get; private set; } = null!;
    public Campaign InEuros { get; private set; } = null!;
    public Campaign Paused { get; private set; } = null!;

    public static readonly ProposalBrief Brief = new("A new website that turns visitors into booked calls.", "Five pages and a booking form.", "Live within six weeks.");

    public static ProposalLinks Links { get; } = new(id => $"https://app.test/inbox/{id}", token => $"https://app.test/p/{token}");

    /// <summary>In the house workspace, whose owner is the configured SuperAdmin.</summary>
    public static async Task<ProposalScene> HouseAsync(AdminApp app, Guid? customerWorkspaceId = null)
    {
        _ = app.Services; // starts the app, which creates the house workspace
        await using var db = app.Database.NewContext();
        var house = await db.Workspaces.SingleAsync(w => w.IsHouse);
        return await StartAsync(app, house.Id, AdminApp.AdminEmail, customerWorkspaceId);
    }

    /// <summary>In a customer's workspace with one owner.</summary>
    public static async Task<ProposalScene> CustomerAsync(AdminApp app)
    {
        _ = app.Services;
        var email = $"owner-{Guid.NewGuid():N}{OwnerEmailDomain}";
        await using var db = app.Database.NewContext();
        var user = new Streamline.Core.Accounts.AppUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Owner", CreatedAt = DateTime.UtcNow };
        db.Users.Add(user);
        var workspace = new Workspace { Name = $"Plumbing {Guid.NewGuid():N}"[..16], CreatedAt = DateTime.UtcNow };
        db.Workspaces.Add(workspace);
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = user.Id, Role = WorkspaceRole.Owner, JoinedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return await StartAsync(app, workspace.Id, email, null);
    }

    private static async Task<ProposalScene> StartAsync(AdminApp app, Guid workspaceId, string ownerEmail, Guid? customerWorkspaceId)
    {
        var conversationId = await app.WithScopeAsync(async sp =>
            (await sp.GetRequiredService<ConversationService>().StartWidgetAsync(workspaceId)).Conversation.Id);
        var scene = new ProposalScene(app, workspaceId, conversationId, ownerEmail);
        await using var db = app.Database.NewContext();
        var conversation = await db.Conversations.IgnoreQueryFilters().Include(c => c.Contact).SingleAsync(c => c.Id == conversationId);
        conversation.CustomerWorkspaceId = customerWorkspaceId;
        var contact = conversation.Contact!;
        contact.Name = "Ada Lovelace";
        contact.Email = $"ada-{Guid.NewGuid():N}@lead.example.test";
        contact.Company = "Analytical Engines";
        contact.TeamSize = 5;
        contact.PainPoints = ["Leads go cold over the weekend"];
        scene.Website = Product(workspaceId, "Webpage Generator", 1_200_00, "USD", CampaignStatus.Active, ["Landing pages", "Booking form"]);
        scene.Scraper = Product(workspaceId, "AI Scraper", 300_00, "USD", CampaignStatus.Active, ["Daily price checks"]);
        scene.InEuros = Product(workspaceId, "Video Generator", 900_00, "EUR", CampaignStatus.Active, []);
        scene.Paused = Product(workspaceId, "Workflow Automation", 500_00, "USD", CampaignStatus.Paused, []);
        db.Campaigns.AddRange(scene.Website, scene.Scraper, scene.InEuros, scene.Paused);
        await db.SaveChangesAsync();
        return scene;
    }

    private static Campaign Product(Guid workspaceId, string name, long cents, string currency, CampaignStatus status, List<string> features) => new()
    {
        WorkspaceId = workspaceId, Name = $"{name} {Guid.NewGuid():N}"[..(name.Length + 7)], ProductName = name, PriceCents = cents, Currency = currency,
        Status = status, Features = features, ProductDescription = $"{name}, done for you.", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        ActivatedAt = status == CampaignStatus.Active ? DateTime.UtcNow : null,
    };

    public Task<ProposalResult> ProposeAsync(ProposalBrief? brief = null, params Guid[] campaignIds) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<ProposalService>().CreateAsync(ConversationId, campaignIds, brief ?? Brief, CancellationToken.None));

    public async Task<Proposal> ProposedAsync(params Guid[] campaignIds)
    {
        var result = await ProposeAsync(null, campaignIds);
        Assert.True(result.Succeeded, result.Error);
        return result.Proposal!;
    }

    public Task<PublicProposal?> AcceptAsync(string token) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<ProposalService>().AcceptAsync(token, Links, CancellationToken.None));

    public async Task ChangeContactAsync(Action<Contact> change)
    {
        await using var db = App.Database.NewContext();
        var contact = await db.Conversations.IgnoreQueryFilters().Where(c => c.Id == ConversationId).Select(c => c.Contact!).SingleAsync();
        change(contact);
        await db.SaveChangesAsync();
    }
}
