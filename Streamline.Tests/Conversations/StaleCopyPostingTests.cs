using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Conversations;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations;

/// <summary>
/// The chat posts against the conversation as it read it moments before (one query fewer): a copy that has gone stale
/// meanwhile must not number a message twice or post into a closed conversation.
/// </summary>
public abstract class StaleCopyPostingTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private Task<PostResult> PostAsync(Conversation asRead, string text) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<ConversationService>().PostVisitorMessageAsync(asRead, text));

    /// <summary>An untracked copy, as the chat's own lookup by visitor token returns it.</summary>
    private async Task<Conversation> ReadAsync(Guid id)
    {
        await using var db = app.Database.NewContext();
        return await db.Conversations.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task A_copy_read_before_another_message_was_added_numbers_the_new_one_after_it()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        var copy = await ReadAsync(conversation.Id);

        Assert.Equal(PostOutcome.Posted, (await scene.PostAsync(conversation.Id, "First, from another tab")).Outcome);
        var posted = await PostAsync(copy, "Second, from the stale copy");

        Assert.Equal(PostOutcome.Posted, posted.Outcome);
        var messages = await scene.MessagesAsync(conversation.Id);
        Assert.Equal(["First, from another tab", "Second, from the stale copy"], messages.OrderBy(m => m.Sequence).Select(m => m.Text));
        Assert.Equal([1, 2], messages.OrderBy(m => m.Sequence).Select(m => m.Sequence));
        Assert.Equal(2, (await scene.ConversationAsync(conversation.Id)).MessageCount);
    }

    [Fact]
    public async Task A_copy_read_before_the_conversation_was_closed_posts_nothing()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var conversation = await scene.StartAsync();
        var copy = await ReadAsync(conversation.Id);
        await app.WithScopeAsync(sp => sp.GetRequiredService<ConversationLog>().ChangeAsync(conversation.Id, _ => true,
            c => c.Status = ConversationStatus.Closed));

        var posted = await PostAsync(copy, "Anyone there?");

        Assert.Equal(PostOutcome.Closed, posted.Outcome);
        Assert.Empty(await scene.MessagesAsync(conversation.Id));
    }
}

[Collection(SharedApps.Sqlite2)]
public sealed class StaleCopyPostingTestsOnSqlite(SqliteApp app) : StaleCopyPostingTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class StaleCopyPostingTestsOnPostgres(PostgresApp app) : StaleCopyPostingTests<PostgresApp>(app);
