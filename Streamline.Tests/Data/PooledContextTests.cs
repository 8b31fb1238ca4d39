using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Campaigns;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Data;

/// <summary>
/// The scope's context comes from a pool, so one instance serves request after request: each must get its own
/// workspace filter and none of what an earlier one left behind.
/// </summary>
public abstract class PooledContextTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private readonly RecordingJobs _jobs = new();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider, TestEnvironment.NewTempDirectory("streamline-pooled"));
        _services = new ServiceCollection()
            .AddSingleton<IBackgroundJobClient>(_jobs)
            .AddStreamlineDatabase(new DatabaseSettings(provider, _database.ConnectionString))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_same_instance_serves_each_scope_with_that_scopes_workspace()
    {
        var (first, second) = (await NewWorkspaceAsync("First"), await NewWorkspaceAsync("Second"));

        var (instance, seen) = await InScopeAsync(first, async db => await db.Campaigns.Select(c => c.Name).ToListAsync());
        Assert.Equal(["First's campaign"], seen);

        var (again, seenNext) = await InScopeAsync(second, async db => await db.Campaigns.Select(c => c.Name).ToListAsync());
        Assert.Same(instance, again);
        Assert.Equal(["Second's campaign"], seenNext);

        var (_, seenWithoutWorkspace) = await InScopeAsync(null, async db => await db.Campaigns.CountAsync());
        Assert.Equal(0, seenWithoutWorkspace);
    }

    [Fact]
    public async Task Mail_of_a_request_whose_transaction_never_committed_is_not_sent_by_the_next_one()
    {
        var (instance, unsent) = await InScopeAsync(null, async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var mail = Mail("never committed");
            db.EmailMessages.Add(mail);
            await db.SaveChangesAsync();
            return mail.Id; // the transaction goes without its commit: rolled back
        });

        var (again, sent) = await InScopeAsync(null, async db =>
        {
            var mail = Mail("saved");
            db.EmailMessages.Add(mail);
            await db.SaveChangesAsync();
            return mail.Id;
        });

        Assert.Same(instance, again);
        Assert.Equal([sent], _jobs.EmailIds);
        await using var read = _database.NewContext();
        Assert.False(await read.EmailMessages.AnyAsync(m => m.Id == unsent));
    }

    private async Task<(StreamlineDbContext Instance, T Result)> InScopeAsync<T>(Guid? workspaceId, Func<StreamlineDbContext, Task<T>> use)
    {
        await using var scope = _services.CreateAsyncScope();
        if (workspaceId is { } id) scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(id);
        var db = scope.ServiceProvider.GetRequiredService<StreamlineDbContext>();
        return (db, await use(db));
    }

    private async Task<Guid> NewWorkspaceAsync(string name)
    {
        await using var db = _database.NewContext();
        var workspace = new Workspace { Name = name, CreatedAt = DateTime.UtcNow };
        db.Workspaces.Add(workspace);
        db.Campaigns.Add(new Campaign { WorkspaceId = workspace.Id, Name = $"{name}'s campaign" });
        await db.SaveChangesAsync();
        return workspace.Id;
    }

    private static EmailMessage Mail(string subject) => new()
    {
        To = "owner@example.test", Subject = subject, HtmlBody = "<p>Hi</p>", TextBody = "Hi", Template = "test",
        CreatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow,
    };

    /// <summary>Which mails were queued for sending: the outbox's hook enqueues a <see cref="SendEmail"/> job per committed mail.</summary>
    private sealed class RecordingJobs : IBackgroundJobClient
    {
        private readonly List<Guid> _emailIds = [];

        public IReadOnlyList<Guid> EmailIds
        {
            get { lock (_emailIds) return [.. _emailIds]; }
        }

        public string Create(Job job, IState state)
        {
            if (job.Type == typeof(SendEmail)) lock (_emailIds) _emailIds.Add((Guid)job.Args[0]);
            return Guid.NewGuid().ToString();
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }

    public sealed class OnSqlite() : PooledContextTests(DatabaseProvider.Sqlite);
    public sealed class OnPostgres() : PooledContextTests(DatabaseProvider.Postgres);
}
