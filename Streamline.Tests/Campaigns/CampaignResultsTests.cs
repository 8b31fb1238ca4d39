using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Proposals;
using Streamline.Tests.Conversations.Proposals;
using Streamline.Tests.Support;

namespace Streamline.Tests.Campaigns;

public abstract class CampaignResultsTests<TApp>(TApp app) where TApp : StreamlineApp
{
    [Fact]
    public async Task A_conversation_a_lead_and_an_accepted_proposal_show_on_the_campaign_page()
    {
        using var scene = await CampaignScene.StartAsync(app);
        var campaign = await scene.InsertAsync(CampaignStatus.Active, c => { c.PriceCents = 299_00; c.Currency = "USD"; c.Channels = CampaignChannels.Web; });
        var before = await scene.Client.GetDocumentAsync($"/campaigns/{campaign.Id}");
        Assert.Equal("0", before.QuerySelector("[data-stat=conversations]")!.TextContent);
        Assert.NotNull(before.QuerySelector("#stats-note"));

        var conversation = await app.WithScopeAsync(async sp => (await sp.GetRequiredService<ConversationService>().StartWidgetAsync(scene.WorkspaceId)).Conversation);
        Assert.Equal(campaign.Id, conversation.CampaignId);
        var posted = await app.WithScopeAsync(sp => sp.GetRequiredService<ConversationService>().PostVisitorMessageAsync(conversation.Id, "Hi, we need a new website."));
        Assert.Equal(PostOutcome.Posted, posted.Outcome);
        await using (var db = app.Database.NewContext())
        {
            // What the save-contact tool stores when the visitor gives their name and e-mail.
            var contact = await db.Contacts.IgnoreQueryFilters().SingleAsync(c => c.Id == conversation.ContactId);
            (contact.Name, contact.Email) = ("Ada Lovelace", $"ada-{Guid.NewGuid():N}@lead.example.test");
            await db.SaveChangesAsync();
        }
        var proposal = await app.WithScopeAsync(sp => sp.GetRequiredService<ProposalService>()
            .CreateAsync(conversation.Id, [campaign.Id], ProposalScene.Brief, CancellationToken.None));
        Assert.True(proposal.Succeeded, proposal.Error);
        Assert.NotNull(await app.WithScopeAsync(sp => sp.GetRequiredService<ProposalService>()
            .AcceptAsync(proposal.Proposal!.PublicToken, ProposalScene.Links, CancellationToken.None)));

        var page = await scene.Client.GetDocumentAsync($"/campaigns/{campaign.Id}");

        Assert.Equal("1", page.QuerySelector("[data-stat=conversations]")!.TextContent);
        Assert.Equal("1", page.QuerySelector("[data-stat=leads]")!.TextContent);
        Assert.Equal("1", page.QuerySelector("[data-stat=conversions]")!.TextContent);
        Assert.Equal("299.00 USD", page.QuerySelector("[data-stat=revenue]")!.TextContent);
        Assert.Null(page.QuerySelector("#stats-note"));
        Assert.NotNull(page.QuerySelector($"a[href='/analytics?campaign={campaign.Id}']"));
    }
}

[Collection(SharedApps.Sqlite3)]
public sealed class CampaignResultsTestsOnSqlite(SqliteApp app) : CampaignResultsTests<SqliteApp>(app);

[Collection(SharedApps.Postgres3)]
public sealed class CampaignResultsTestsOnPostgres(PostgresApp app) : CampaignResultsTests<PostgresApp>(app);
