using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Campaigns;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Data;

/// <summary>
/// Data knows no feature's cache: a feature registers its cache with what invalidates it, and every save of the app's
/// contexts tells it, before the save and again after.
/// </summary>
public sealed class ForgetOnSaveTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, TestEnvironment.NewTempDirectory("streamline-forget"));
        _services = new ServiceCollection()
            .AddSingleton<IBackgroundJobClient, NoJobs>()
            .AddStreamlineDatabase(new DatabaseSettings(DatabaseProvider.Sqlite, _database.ConnectionString))
            .AddCacheForgottenOnSave<CampaignNames>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_feature_cache_forgets_the_rows_it_names_before_and_after_the_save_and_ignores_the_rest()
    {
        var names = _services.GetRequiredService<CampaignNames>();
        var workspace = new Workspace { Name = "Acme", CreatedAt = DateTime.UtcNow };
        var campaign = new Campaign { WorkspaceId = workspace.Id, Name = "Spring sale" };

        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StreamlineDbContext>();
            db.Workspaces.Add(workspace);
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync();
        }

        Assert.Equal([campaign.Id, campaign.Id], names.Forgotten);
    }

    private sealed class CampaignNames : IForgetOnSave
    {
        public List<Guid> Forgotten { get; } = [];

        public Action? ForgetFor(EntityEntry entry) => entry.Entity is Campaign c ? () => Forgotten.Add(c.Id) : null;
    }

    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => Guid.NewGuid().ToString();

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
