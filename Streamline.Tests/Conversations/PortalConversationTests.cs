using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Conversations;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations;

/// <summary>A customer has one open conversation with the house, however many first messages they send at once.</summary>
public abstract class PortalConversationTests<TApp>(TApp app) where TApp : StreamlineApp
{
    [Fact]
    public async Task First_messages_sent_at_once_share_one_conversation_and_a_closed_one_makes_way_for_a_new_one()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var customer = Guid.NewGuid();
        Task<Conversation> OpenAsync() => app.WithScopeAsync(sp =>
            sp.GetRequiredService<ConversationService>().PortalConversationAsync(scene.WorkspaceId, customer, null));

        var opened = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(OpenAsync)));

        Assert.Single(opened.Select(c => c.Id).Distinct());
        Assert.Equal(1, await CountAsync(scene.WorkspaceId, customer));

        await app.WithScopeAsync(sp => sp.GetRequiredService<ConversationLog>().ChangeAsync(opened[0].Id, _ => true,
            c => c.Status = ConversationStatus.Closed));
        var next = await OpenAsync();

        Assert.NotEqual(opened[0].Id, next.Id);
        Assert.Equal(2, await CountAsync(scene.WorkspaceId, customer));
    }

    private async Task<int> CountAsync(Guid workspaceId, Guid customer)
    {
        await using var db = app.Database.NewContext();
        return await db.Conversations.IgnoreQueryFilters().CountAsync(c => c.WorkspaceId == workspaceId && c.UserId == customer);
    }
}

[Collection(SharedApps.Sqlite3)]
public sealed class PortalConversationTestsOnSqlite(SqliteApp app) : PortalConversationTests<SqliteApp>(app);

[Collection(SharedApps.Postgres3)]
public sealed class PortalConversationTestsOnPostgres(PostgresApp app) : PortalConversationTests<PostgresApp>(app);
