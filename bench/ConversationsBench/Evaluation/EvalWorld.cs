using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Accounts;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Knowledge;
using Streamline.Core.Onboarding;
using Streamline.Core.Widget;
using Streamline.Core.Workspaces;

namespace Streamline.Bench.Conversations;

/// <summary>The evaluation's businesses written to the app's database, and what a conversation left there.</summary>
public static class EvalWorld
{
    private const long Credits = 10_000_000;
    private static readonly string[] Scope = [StreamlineDbContext.WorkspaceFilter];

    /// <summary>Creates every workspace of the set (owner, profile, widget, campaigns, passages, credits); returns widget keys by workspace key.</summary>
    public static async Task<Dictionary<string, string>> CreateAsync(IServiceProvider services, IEnumerable<EvalWorkspace> workspaces)
    {
        var keys = new Dictionary<string, string>();
        foreach (var w in workspaces)
        {
            await using var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<StreamlineDbContext>();
            var now = DateTime.UtcNow;
            var owner = new AppUser { Id = Guid.NewGuid(), UserName = $"owner-{Guid.NewGuid():N}@example.test", DisplayName = "Owner", CreatedAt = now };
            owner.Email = owner.UserName;
            owner.NormalizedEmail = owner.NormalizedUserName = owner.Email.ToUpperInvariant();
            db.Users.Add(owner);
            var workspace = new Workspace { Name = w.Name, CreatedAt = now };
            db.Workspaces.Add(workspace);
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = owner.Id, Role = WorkspaceRole.Owner, JoinedAt = now });
            db.Set<BusinessProfile>().Add(new BusinessProfile
            {
                WorkspaceId = workspace.Id, BusinessName = w.Name, Phone = w.Phone, Description = w.Description,
                Step = OnboardingStep.Business, SkippedAt = now,
            });
            foreach (var c in w.Campaigns)
                db.Campaigns.Add(new Campaign
                {
                    WorkspaceId = workspace.Id, Name = c.Name, Status = CampaignStatus.Active, Channels = CampaignChannels.Web,
                    ProductName = c.Product, ProductDescription = c.Description, PriceCents = (long)(c.Price * 100), Currency = c.Currency,
                    Features = c.Features, Greeting = c.Greeting, QualificationQuestions = c.Questions,
                    Objections = [.. c.Objections.Select(o => new ObjectionAnswer { Objection = o.Objection, Answer = o.Answer })],
                    ClosingMessage = c.Closing, CreatedByUserId = owner.Id, CreatedAt = now, UpdatedAt = now, ActivatedAt = now,
                });
            var widget = new WidgetSettings { WorkspaceId = workspace.Id, PublicKey = WidgetKey.New(), KeyRotatedAt = now, UpdatedAt = now };
            db.WidgetSettings.Add(widget);
            await db.SaveChangesAsync();
            if (w.Passages is { Count: > 0 } passages) await AddPassagesAsync(sp, db, workspace.Id, owner.Id, passages);
            await sp.GetRequiredService<CreditService>().GrantAsync(workspace.Id, Credits, LedgerEntryType.AdminGrant, "evaluation credits",
                $"eval:{workspace.Id}", null, null, CancellationToken.None);
            keys[w.Key] = widget.PublicKey;
        }
        return keys;
    }

    /// <summary>A ready document whose passages are indexed as extraction would index them.</summary>
    private static async Task AddPassagesAsync(IServiceProvider sp, StreamlineDbContext db, Guid workspaceId, Guid ownerId, List<string> passages)
    {
        var analyzer = sp.GetRequiredService<TermAnalyzer>();
        var tokens = sp.GetRequiredService<TokenCounter>();
        var document = new KnowledgeDocument
        {
            WorkspaceId = workspaceId, FileName = "faq.md", Format = Streamline.Core.Knowledge.DocumentFormat.Markdown, StorageKey = $"eval/{Guid.NewGuid():N}",
            Sha256 = Guid.NewGuid().ToString("N"), Status = DocumentStatus.Ready, PassageCount = passages.Count,
            UploadedByUserId = ownerId, UploadedAt = DateTime.UtcNow, ProcessedAt = DateTime.UtcNow,
        };
        db.KnowledgeDocuments.Add(document);
        var rows = passages.Select((text, i) => (Passage: new KnowledgePassage
        {
            WorkspaceId = workspaceId, DocumentId = document.Id, Ordinal = i, Text = text,
            TermCount = analyzer.Terms(text).Count, TokenCount = tokens.Count(text),
        }, Terms: analyzer.Terms(text).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count()))).ToList();
        db.KnowledgePassages.AddRange(rows.Select(r => r.Passage));
        await db.SaveChangesAsync();
        db.PassageTerms.AddRange(rows.SelectMany(r => r.Terms.Select(t => new PassageTerm
        {
            PassageId = r.Passage.Id, Term = t.Key, WorkspaceId = workspaceId, Frequency = t.Value,
        })));
        await db.SaveChangesAsync();
    }

    /// <summary>The conversation a visitor message belongs to, with its contact and every message in order.</summary>
    public static async Task<(Conversation Conversation, List<ChatMessage> Messages)> ReadAsync(IServiceProvider services, Guid visitorMessageId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StreamlineDbContext>();
        var conversationId = await db.ChatMessages.IgnoreQueryFilters(Scope).Where(m => m.Id == visitorMessageId).Select(m => m.ConversationId).SingleAsync();
        var conversation = await db.Conversations.IgnoreQueryFilters(Scope).AsNoTracking().Include(c => c.Contact).SingleAsync(c => c.Id == conversationId);
        var messages = await db.ChatMessages.IgnoreQueryFilters(Scope).AsNoTracking().Where(m => m.ConversationId == conversationId)
            .OrderBy(m => m.Sequence).ToListAsync();
        return (conversation, messages);
    }
}
