using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Proposals;
using Streamline.Core.Jobs;
using Streamline.Tests.Admin;

namespace Streamline.Tests.Conversations.Proposals;

public abstract class ProposalServiceTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AdminApp
{
    [Fact]
    public async Task Prices_come_only_from_the_campaigns_whatever_the_brief_says()
    {
        var scene = await ProposalScene.CustomerAsync(app);
        var brief = new ProposalBrief("We agreed a 50% discount, price $1. Total: $1.", "Everything for $1", "Price: $1, discount 50%");

        var result = await scene.ProposeAsync(brief, scene.Website.Id, scene.Scraper.Id);

        Assert.True(result.Succeeded, result.Error);
        var proposal = result.Proposal!;
        Assert.Equal(1_500_00, proposal.TotalCents);
        Assert.Equal("USD", proposal.Currency);
        Assert.Equal([(scene.Website.Id, "Webpage Generator", 1_200_00L), (scene.Scraper.Id, "AI Scraper", 300_00L)],
            proposal.Items.Select(i => (i.CampaignId, i.Name, i.PriceCents)));
        Assert.Equal(["Webpage Generator | $1,200.00", "AI Scraper | $300.00", "Total | $1,500.00"], ProposalWriterTests.PriceRows(proposal.Markdown));
        Assert.Equal("Proposal for Analytical Engines", proposal.Title);
        Assert.Equal(43, proposal.PublicToken.Length);

        await using var db = app.Database.NewContext();
        var stored = await db.Proposals.IgnoreQueryFilters().SingleAsync(p => p.Id == proposal.Id);
        Assert.Equal(1_500_00, stored.TotalCents);
        Assert.Equal(ProposalStatus.Sent, stored.Status);
    }

    [Fact]
    public async Task Products_that_are_missing_unknown_paused_or_another_workspaces_are_refused_with_the_real_menu()
    {
        var scene = await ProposalScene.CustomerAsync(app);
        var other = await ProposalScene.CustomerAsync(app);

        foreach (var ids in new[] { Array.Empty<Guid>(), [Guid.NewGuid()], [scene.Paused.Id], [other.Website.Id], [scene.Website.Id, other.Scraper.Id] })
        {
            var result = await scene.ProposeAsync(null, ids);
            Assert.Null(result.Proposal);
            Assert.Contains($"{scene.Website.Id} = Webpage Generator ($1,200.00)", result.Error);
            Assert.Contains($"{scene.Scraper.Id} = AI Scraper ($300.00)", result.Error);
            Assert.DoesNotContain(scene.Paused.Id.ToString(), result.Error!.Split("Use only")[^1]);
            Assert.DoesNotContain(other.Website.Id.ToString(), result.Error.Split("Use only")[^1]);
        }
        await using var db = app.Database.NewContext();
        Assert.False(await db.Proposals.IgnoreQueryFilters().AnyAsync(p => p.ConversationId == scene.ConversationId));
    }

    [Fact]
    public async Task Mixed_currencies_a_lead_without_name_or_email_and_overlong_text_are_refused()
    {
        var scene = await ProposalScene.CustomerAsync(app);

        Assert.Contains("different currencies (USD, EUR)", (await scene.ProposeAsync(null, scene.Website.Id, scene.InEuros.Id)).Error);
        Assert.Contains("can be up to 2,000 characters", (await scene.ProposeAsync(new ProposalBrief(new string('x', 2001), null, null), scene.Website.Id)).Error);
        Assert.Contains("timeline can be up to 500", (await scene.ProposeAsync(new ProposalBrief("Needs", null, new string('x', 501)), scene.Website.Id)).Error);
        Assert.Contains("needs", (await scene.ProposeAsync(new ProposalBrief("  ", null, null), scene.Website.Id)).Error);

        await scene.ChangeContactAsync(c => c.Email = null);
        Assert.Contains("ask for their name and e-mail first", (await scene.ProposeAsync(null, scene.Website.Id)).Error, StringComparison.OrdinalIgnoreCase);
        await scene.ChangeContactAsync(c => { c.Email = "ada@lead.example.test"; c.Name = null; });
        Assert.Contains("ask for their name and e-mail first", (await scene.ProposeAsync(null, scene.Website.Id)).Error, StringComparison.OrdinalIgnoreCase);

        await using var db = app.Database.NewContext();
        Assert.False(await db.Proposals.IgnoreQueryFilters().AnyAsync(p => p.ConversationId == scene.ConversationId));
    }

    [Fact]
    public async Task Accepting_converts_the_conversation_notes_it_and_mails_the_owner_and_the_lead_once_and_a_customer_workspace_gets_no_job()
    {
        var scene = await ProposalScene.CustomerAsync(app);
        var proposal = await scene.ProposedAsync(scene.Website.Id);

        var first = await scene.AcceptAsync(proposal.PublicToken);
        var second = await scene.AcceptAsync(proposal.PublicToken);

        Assert.Equal(ProposalStatus.Accepted, first!.Proposal.Status);
        Assert.Equal(first.Proposal.AcceptedAt, second!.Proposal.AcceptedAt);
        Assert.Null(second.Proposal.JobId);
        await using var db = app.Database.NewContext();
        var conversation = await db.Conversations.IgnoreQueryFilters().SingleAsync(c => c.Id == scene.ConversationId);
        Assert.Equal(ConversationStatus.Converted, conversation.Status);
        var note = await db.ChatMessages.IgnoreQueryFilters().SingleAsync(m => m.ConversationId == scene.ConversationId && m.Sender == MessageSender.System);
        Assert.StartsWith("Ada Lovelace accepted the proposal", note.Text);
        var owner = await db.EmailMessages.SingleAsync(m => m.To == scene.OwnerEmail && m.Template == "proposal-accepted");
        Assert.Contains($"https://app.test/inbox/{scene.ConversationId}", owner.TextBody);
        Assert.Contains("$1,200.00", owner.TextBody);
        var lead = await db.EmailMessages.SingleAsync(m => m.Template == "proposal-confirmed" && m.TextBody.Contains(proposal.PublicToken));
        Assert.EndsWith("@lead.example.test", lead.To);
        Assert.False(await db.Jobs.IgnoreQueryFilters().AnyAsync(j => j.WorkspaceId == scene.WorkspaceId));
    }

    [Fact]
    public async Task In_the_house_acceptance_creates_one_job_in_planning_with_the_quoted_price_in_the_customers_workspace()
    {
        var customerWorkspace = await app.NewWorkspaceAsync("Portal customer");
        var scene = await ProposalScene.HouseAsync(app, customerWorkspace);
        var proposal = await scene.ProposedAsync(scene.Website.Id, scene.Scraper.Id);

        var accepted = await scene.AcceptAsync(proposal.PublicToken);

        await using var db = app.Database.NewContext();
        var job = await db.Jobs.IgnoreQueryFilters().SingleAsync(j => j.Id == accepted!.Proposal.JobId);
        Assert.Equal(customerWorkspace, job.WorkspaceId);
        Assert.Equal(JobStatus.Planning, job.Status);
        Assert.Equal(1_500_00, job.QuotedPriceCents);
        Assert.Equal([("Webpage Generator", 1_200_00L), ("AI Scraper", 300_00L)], job.CostLines.Select(l => (l.Description, l.AmountCents)));
        Assert.Equal("Analytical Engines: Webpage Generator, AI Scraper", job.Title);
        Assert.Equal("Analytical Engines", job.Company);
        Assert.Equal("Ada Lovelace", Assert.Single(job.Contacts).Name);
        Assert.StartsWith("A new website that turns visitors into booked calls.", job.Goals);
        Assert.Equal("Five pages and a booking form.\n\n- Webpage Generator\n- AI Scraper", job.Requirements);
        Assert.Equal("Live within six weeks.", job.TimelineNotes);
        var house = await db.Workspaces.SingleAsync(w => w.IsHouse);
        var manager = await db.WorkspaceMembers.Where(m => m.WorkspaceId == house.Id).Select(m => m.UserId).FirstAsync();
        Assert.Equal(manager, job.ManagerUserId);
        var activity = await db.JobActivities.IgnoreQueryFilters().SingleAsync(a => a.JobId == job.Id);
        Assert.Equal("Created from proposal", activity.What);
        Assert.Equal("Ada Lovelace", activity.ActorName);
        Assert.Contains("Proposal for Analytical Engines", activity.After);
    }

    [Fact]
    public async Task A_widget_lead_of_the_house_gets_a_job_in_the_house_workspace()
    {
        var scene = await ProposalScene.HouseAsync(app);
        var proposal = await scene.ProposedAsync(scene.Scraper.Id);

        var accepted = await scene.AcceptAsync(proposal.PublicToken);

        await using var db = app.Database.NewContext();
        Assert.Equal(scene.WorkspaceId, (await db.Jobs.IgnoreQueryFilters().SingleAsync(j => j.Id == accepted!.Proposal.JobId)).WorkspaceId);
    }

    [Fact]
    public async Task Concurrent_acceptances_of_a_house_proposal_create_exactly_one_job_one_note_and_one_mail()
    {
        var scene = await ProposalScene.HouseAsync(app);
        var proposal = await scene.ProposedAsync(scene.Website.Id);
        var jobsBefore = await JobCountAsync(scene.WorkspaceId);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => scene.AcceptAsync(proposal.PublicToken))));

        Assert.All(results, r => Assert.Equal(ProposalStatus.Accepted, r!.Proposal.Status));
        Assert.Single(results.Select(r => r!.Proposal.JobId).Distinct());
        Assert.Equal(jobsBefore + 1, await JobCountAsync(scene.WorkspaceId));
        await using var db = app.Database.NewContext();
        var stored = await db.Proposals.IgnoreQueryFilters().SingleAsync(p => p.Id == proposal.Id);
        Assert.True(await db.Jobs.IgnoreQueryFilters().AnyAsync(j => j.Id == stored.JobId && j.QuotedPriceCents == 1_200_00));
        Assert.Equal(1, await db.ChatMessages.IgnoreQueryFilters().CountAsync(m => m.ConversationId == scene.ConversationId && m.Sender == MessageSender.System));
        Assert.Equal(1, await db.EmailMessages.CountAsync(m => m.Template == "proposal-confirmed" && m.TextBody.Contains(proposal.PublicToken)));
    }

    private async Task<int> JobCountAsync(Guid workspaceId)
    {
        await using var db = app.Database.NewContext();
        return await db.Jobs.IgnoreQueryFilters().CountAsync(j => j.WorkspaceId == workspaceId);
    }

    [Fact]
    public async Task An_unknown_or_malformed_token_finds_nothing_and_accepts_nothing()
    {
        var scene = await ProposalScene.CustomerAsync(app);
        Assert.Null(await scene.AcceptAsync(new string('a', 43)));
        Assert.Null(await scene.AcceptAsync("../etc/passwd"));
    }
}

public sealed class ProposalServiceTestsOnSqlite(AdminApp app) : ProposalServiceTests<AdminApp>(app);

public sealed class ProposalServiceTestsOnPostgres(PostgresAdminApp app) : ProposalServiceTests<PostgresAdminApp>(app);
