using Microsoft.EntityFrameworkCore;
using Streamline.Core.Campaigns;
using Streamline.Core.Data;
using Streamline.Core.Widget;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Data;

/// <summary>The business-setup tables keep their lists and JSON parts on every provider, and a stale save is refused.</summary>
public abstract class BusinessSetupModelTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() =>
        _database = await TestDatabase.CreateAsync(provider, TestEnvironment.NewTempDirectory("streamline-setup-model"));

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_campaign_and_widget_round_trip_with_their_lists_and_json_parts()
    {
        var workspaceId = await NewWorkspaceAsync();
        await using (var db = _database.NewContext())
        {
            db.Campaigns.Add(new Campaign
            {
                WorkspaceId = workspaceId, Name = "Launch", Features = ["Fast", "Cheap"], Channels = CampaignChannels.Web | CampaignChannels.Telegram,
                QualificationQuestions = ["Team size?"], Objections = [new ObjectionAnswer { Objection = "Too expensive", Answer = "It pays back in a month." }],
                AudienceLocations = ["Lisbon"], PriceCents = 49_99,
            });
            db.WidgetSettings.Add(new WidgetSettings
            {
                WorkspaceId = workspaceId, PublicKey = "wk_test", AllowedOrigins = ["https://shop.example"],
                UseBusinessHours = true, Hours = [new BusinessHoursDay { Day = DayOfWeek.Monday, Opens = new TimeOnly(9, 0), Closes = new TimeOnly(17, 30) }],
            });
            await db.SaveChangesAsync();
        }

        await using var read = _database.NewContext();
        var campaign = await read.Campaigns.IgnoreQueryFilters().SingleAsync(c => c.WorkspaceId == workspaceId);
        Assert.Equal(["Fast", "Cheap"], campaign.Features);
        Assert.Equal("It pays back in a month.", Assert.Single(campaign.Objections).Answer);
        Assert.True(campaign.Channels.HasFlag(CampaignChannels.Telegram));
        Assert.Equal(1, await read.Campaigns.IgnoreQueryFilters().CountAsync(c => (c.Channels & CampaignChannels.Telegram) != 0));
        var widget = await read.WidgetSettings.IgnoreQueryFilters().SingleAsync(w => w.WorkspaceId == workspaceId);
        Assert.Equal(new TimeOnly(17, 30), Assert.Single(widget.Hours).Closes);
        Assert.Equal(["https://shop.example"], widget.AllowedOrigins);
    }

    [Fact]
    public async Task A_save_made_from_a_stale_version_is_refused()
    {
        var workspaceId = await NewWorkspaceAsync();
        Guid id;
        await using (var db = _database.NewContext())
        {
            var campaign = new Campaign { WorkspaceId = workspaceId, Name = "First" };
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync();
            id = campaign.Id;
        }

        await using var first = _database.NewContext();
        await using var second = _database.NewContext();
        var a = await first.Campaigns.IgnoreQueryFilters().SingleAsync(c => c.Id == id);
        var b = await second.Campaigns.IgnoreQueryFilters().SingleAsync(c => c.Id == id);
        a.Name = "By A"; a.Version++;
        await first.SaveChangesAsync();
        b.Name = "By B"; b.Version++;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }

    private async Task<Guid> NewWorkspaceAsync()
    {
        await using var db = _database.NewContext();
        var workspace = new Workspace { Name = "Setup model", CreatedAt = DateTime.UtcNow };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return workspace.Id;
    }

    public sealed class OnSqlite() : BusinessSetupModelTests(DatabaseProvider.Sqlite);
    public sealed class OnPostgres() : BusinessSetupModelTests(DatabaseProvider.Postgres);
}
