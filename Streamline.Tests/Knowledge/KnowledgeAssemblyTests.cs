using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Campaigns;
using Streamline.Core.Knowledge;
using Streamline.Core.Onboarding;
using Streamline.Tests.Support;

namespace Streamline.Tests.Knowledge;

public abstract class KnowledgeAssemblyTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private readonly KnowledgeScene _scene = new(app);

    private Task<AssembledKnowledge> AssembleAsync(Guid workspace, CampaignChannels channel, string message, int? budget = null) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<KnowledgeAssembler>().AssembleAsync(workspace, channel, message, budget, CancellationToken.None));

    private int Count(string text) => app.Services.GetRequiredService<TokenCounter>().Count(text);

    private async Task AddProfileAsync(Guid workspace)
    {
        await using var db = app.Database.NewContext();
        db.BusinessProfiles.Add(new BusinessProfile
        {
            WorkspaceId = workspace, BusinessName = "Greenleaf Garden Care", Industry = "Landscaping",
            Description = "Garden maintenance and design in Portland.", Phone = "503-555-0142", UpdatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    private async Task AddCampaignAsync(Guid workspace, string name, CampaignStatus status, CampaignChannels channels,
        long priceCents = 4_900, string currency = "USD")
    {
        await using var db = app.Database.NewContext();
        db.Campaigns.Add(new Campaign
        {
            WorkspaceId = workspace, Name = name, Status = status, Channels = channels, ProductName = name + " package",
            PriceCents = priceCents, Currency = currency, Features = ["Weekly visits", "Green waste removed"],
            Greeting = "Hi! Looking for help with your garden?", QualificationQuestions = ["How big is your garden?", "How often?"],
            Objections = [new ObjectionAnswer { Objection = "Too expensive", Answer = "The first visit is free." }],
            ClosingMessage = "Shall I book you in?", CallToActionUrl = "https://greenleaf.example/book",
            AudienceAgeMin = 30, AudienceAgeMax = 70, AudienceLocations = ["Portland"],
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, ActivatedAt = status == CampaignStatus.Active ? DateTime.UtcNow : null,
        });
        await db.SaveChangesAsync();
    }

    private async Task<Guid> GardenWorkspaceAsync()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        foreach (var file in new[] { "faq.md", "services.md", "pricing.txt", "policies.md" })
            await _scene.ReadyDocumentAsync(workspace, file, await File.ReadAllBytesAsync(KnowledgeFiles.TestData(file)));
        return workspace;
    }

    [Fact]
    public async Task The_profile_comes_first_then_the_campaigns_then_the_passages_and_the_total_is_the_rendered_texts()
    {
        var workspace = await GardenWorkspaceAsync();
        await AddProfileAsync(workspace);
        await AddCampaignAsync(workspace, "Spring clean-up", CampaignStatus.Active, CampaignChannels.Web);

        var knowledge = await AssembleAsync(workspace, CampaignChannels.Web, "What do you charge for trimming hedges?");

        var text = knowledge.Render();
        Assert.Equal(2_000, knowledge.Budget);
        Assert.Equal(Count(text), knowledge.TotalTokens);
        Assert.True(knowledge.TotalTokens <= knowledge.Budget);
        Assert.Equal(Count(knowledge.Profile!.Text), knowledge.Profile.Tokens);
        var campaign = Assert.Single(knowledge.Campaigns);
        Assert.Contains("Product: Spring clean-up package, $49.00", campaign.Text);
        Assert.Contains("1. How big is your garden?", campaign.Text);
        Assert.Contains("“Too expensive” → The first visit is free.", campaign.Text);
        var price = Assert.Single(knowledge.Passages, p => p.Hit.Text.Contains("$60 per hour"));
        Assert.Equal("pricing.txt", price.Hit.DocumentName);
        Assert.Equal(Count(price.Part.Text), price.Part.Tokens);
        var profileAt = text.IndexOf("Business name: Greenleaf Garden Care", StringComparison.Ordinal);
        var campaignAt = text.IndexOf("### Spring clean-up", StringComparison.Ordinal);
        var passageAt = text.IndexOf("[1] From “", StringComparison.Ordinal);
        Assert.True(profileAt >= 0 && profileAt < campaignAt && campaignAt < passageAt, text);
        Assert.Empty(knowledge.LeftOut);
    }

    [Fact]
    public async Task Only_active_campaigns_that_target_the_channel_are_included()
    {
        var workspace = await _scene.NewWorkspaceAsync();
        await AddCampaignAsync(workspace, "Web and Telegram", CampaignStatus.Active, CampaignChannels.Web | CampaignChannels.Telegram);
        await AddCampaignAsync(workspace, "Telegram only", CampaignStatus.Active, CampaignChannels.Telegram);
        await AddCampaignAsync(workspace, "Everywhere", CampaignStatus.Active, CampaignChannels.All);
        await AddCampaignAsync(workspace, "Draft", CampaignStatus.Draft, CampaignChannels.All);
        await AddCampaignAsync(workspace, "Paused", CampaignStatus.Paused, CampaignChannels.All);
        await AddCampaignAsync(workspace, "Completed", CampaignStatus.Completed, CampaignChannels.All);
        var other = await _scene.NewWorkspaceAsync();
        await AddCampaignAsync(other, "Another workspace's", CampaignStatus.Active, CampaignChannels.All);

        var web = await AssembleAsync(workspace, CampaignChannels.Web, "hello");
        var telegram = await AssembleAsync(workspace, CampaignChannels.Telegram, "hello");
        var instagram = await AssembleAsync(workspace, CampaignChannels.Instagram, "hello");

        Assert.Equal(["Everywhere", "Web and Telegram"], web.Campaigns.Select(c => c.Title).Order());
        Assert.Equal(["Everywhere", "Telegram only", "Web and Telegram"], telegram.Campaigns.Select(c => c.Title).Order());
        Assert.Equal(["Everywhere"], instagram.Campaigns.Select(c => c.Title));
        Assert.DoesNotContain("Telegram only", web.Render());
        Assert.Null(web.Profile);
    }

    [Theory]
    [InlineData(120)]
    [InlineData(300)]
    [InlineData(600)]
    [InlineData(5_000)]
    public async Task The_token_budget_is_never_exceeded_and_the_lowest_ranked_passages_are_dropped_first(int budget)
    {
        var workspace = await GardenWorkspaceAsync();
        await AddProfileAsync(workspace);
        await AddCampaignAsync(workspace, "Lawn care", CampaignStatus.Active, CampaignChannels.All);
        const string question = "How often do you mow the lawn and what does mowing cost per visit?";
        var unlimited = await AssembleAsync(workspace, CampaignChannels.Web, question, 50_000);
        Assert.True(unlimited.Passages.Count >= 5);

        var knowledge = await AssembleAsync(workspace, CampaignChannels.Web, question, budget);

        Assert.True(knowledge.TotalTokens <= budget, $"{knowledge.TotalTokens} > {budget}");
        Assert.True(Count(knowledge.Render()) <= budget);
        // The kept passages are the best-ranked ones, in order; everything after them is reported as left out.
        var kept = knowledge.Passages.Select(p => p.Hit.PassageId).ToList();
        Assert.Equal(unlimited.Passages.Take(kept.Count).Select(p => p.Hit.PassageId), kept);
        Assert.Equal(unlimited.Passages.Skip(kept.Count).Select(p => p.Part.Title),
            knowledge.LeftOut.Where(l => l.Kind == KnowledgeKind.Passage).Select(l => l.Title));
        if (unlimited.TotalTokens > budget) Assert.True(kept.Count < unlimited.Passages.Count);
        else Assert.Empty(knowledge.LeftOut);
        if (knowledge.Profile is null) Assert.Contains(knowledge.LeftOut, l => l.Kind == KnowledgeKind.Profile);
    }

    [Fact]
    public void Prices_are_formatted_from_cents_and_currency()
    {
        Assert.Equal("$1,234.50", KnowledgeAssembler.Price(123_450, "USD"));
        Assert.Equal("19.99 EUR", KnowledgeAssembler.Price(1_999, "eur"));
    }
}

[Collection(SharedApps.Sqlite1)]
public sealed class KnowledgeAssemblyTestsOnSqlite(SqliteApp app) : KnowledgeAssemblyTests<SqliteApp>(app);

[Collection(SharedApps.Postgres1)]
public sealed class KnowledgeAssemblyTestsOnPostgres(PostgresApp app) : KnowledgeAssemblyTests<PostgresApp>(app);
