using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Widget;
using Streamline.Tests.Conversations;
using Streamline.Tests.Support;

namespace Streamline.Tests.Widget;

/// <summary>The hourly caps as the stored messages count them, per conversation and per workspace's widget.</summary>
public abstract class WidgetMessageCapsTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private async Task<string?> RefusalAsync(Guid workspaceId, Guid conversationId)
    {
        await using var db = app.Database.NewContext();
        var caps = new WidgetMessageCaps(db, Options.Create(new WidgetOptions { VisitorMessagesPerHour = 2, WidgetMessagesPerHour = 3 }), TimeProvider.System);
        return await caps.RefusalAsync(workspaceId, conversationId);
    }

    [Fact]
    public async Task A_conversation_and_then_the_widget_reach_their_hourly_caps_and_other_workspaces_do_not_count()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var (chatty, quiet) = (await scene.StartAsync(), await scene.StartAsync());
        var elsewhere = await ConversationScene.CreateAsync(app);
        var stranger = await elsewhere.StartAsync();
        await elsewhere.PostAsync(stranger.Id, "Hi");
        await elsewhere.PostAsync(stranger.Id, "Hi again");

        await scene.PostAsync(chatty.Id, "One");
        Assert.Null(await RefusalAsync(scene.WorkspaceId, chatty.Id));
        await scene.PostAsync(chatty.Id, "Two");
        Assert.Equal(WidgetMessageCaps.VisitorRefusal, await RefusalAsync(scene.WorkspaceId, chatty.Id));
        Assert.Null(await RefusalAsync(scene.WorkspaceId, quiet.Id));

        await scene.PostAsync(quiet.Id, "Three");
        Assert.Equal(WidgetMessageCaps.WidgetRefusal, await RefusalAsync(scene.WorkspaceId, quiet.Id));
        Assert.Null(await RefusalAsync(elsewhere.WorkspaceId, Guid.NewGuid()));
    }

    [Fact]
    public async Task Messages_older_than_an_hour_no_longer_count()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        await scene.PostAsync(conversation.Id, "One");
        await scene.PostAsync(conversation.Id, "Two");
        Assert.NotNull(await RefusalAsync(scene.WorkspaceId, conversation.Id));

        await using (var db = app.Database.NewContext())
            await db.ChatMessages.IgnoreQueryFilters().Where(m => m.ConversationId == conversation.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, m => m.CreatedAt.AddMinutes(-61)));

        Assert.Null(await RefusalAsync(scene.WorkspaceId, conversation.Id));
    }
}

[Collection(SharedApps.Sqlite2)]
public sealed class WidgetMessageCapsOnSqlite(SqliteApp app) : WidgetMessageCapsTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class WidgetMessageCapsOnPostgres(PostgresApp app) : WidgetMessageCapsTests<PostgresApp>(app);
