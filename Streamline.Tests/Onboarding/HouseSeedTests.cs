using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Campaigns;
using Streamline.Core.Data;
using Streamline.Core.Knowledge;
using Streamline.Core.Onboarding.House;
using Streamline.Tests.Admin;
using Streamline.Tests.Email;

namespace Streamline.Tests.Onboarding;

/// <summary>The house workspace starts with its profile, its five services as active campaigns and a services document, once.</summary>
public sealed class HouseSeedTests(AdminApp app) : IClassFixture<AdminApp>
{
    [Fact]
    public async Task The_house_workspace_is_seeded_with_its_profile_and_five_active_services_once()
    {
        // A second start (or a second instance) finds it seeded and adds nothing.
        await app.WithScopeAsync(async sp => { await sp.GetRequiredService<HouseWorkspaceSeed>().EnsureAsync(CancellationToken.None); return 0; });

        await using var db = app.Database.NewContext();
        var house = await db.Workspaces.SingleAsync(w => w.IsHouse);
        var profile = await db.BusinessProfiles.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(p => p.WorkspaceId == house.Id);
        Assert.Equal("Stream-line AI", profile.BusinessName);
        Assert.False(profile.IsOnboardingOpen);

        var campaigns = await db.Campaigns.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.WorkspaceId == house.Id).ToListAsync();
        Assert.Equal(["AI Scraper", "Custom Integrations", "Video Generator", "Webpage Generator", "Workflow Automation"],
            campaigns.Select(c => c.Name).Order());
        Assert.All(campaigns, c =>
        {
            Assert.Equal(CampaignStatus.Active, c.Status);
            Assert.Equal(CampaignChannels.All, c.Channels);
            Assert.True(c.PriceCents > 0);
            Assert.NotEmpty(c.Features);
            Assert.NotEmpty(c.QualificationQuestions);
            Assert.NotEmpty(c.Objections);
        });
    }

    [Fact]
    public async Task The_house_services_document_is_extracted_by_the_usual_job_and_answers_questions()
    {
        _ = app.Services; // starts the app, which creates and seeds the house workspace
        Guid house;
        await using (var db = app.Database.NewContext())
            house = (await db.Workspaces.SingleAsync(w => w.IsHouse)).Id;

        await Poll.UntilAsync(async () =>
        {
            await using var db = app.Database.NewContext();
            return await db.KnowledgeDocuments.IgnoreQueryFilters(QueryFilters.Workspace).AnyAsync(d => d.WorkspaceId == house && d.Status == DocumentStatus.Ready);
        }, 60, "the seeded services document was not extracted");

        var hits = await app.WithScopeAsync(sp => sp.GetRequiredService<KnowledgeSearch>()
            .SearchAsync(house, "how much does a landing page cost?", 3, CancellationToken.None));
        Assert.Contains("Webpage Generator", hits[0].Text);
        await using (var db = app.Database.NewContext())
            Assert.Equal(1, await db.KnowledgeDocuments.IgnoreQueryFilters(QueryFilters.Workspace).CountAsync(d => d.WorkspaceId == house));
    }
}
