using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Credits;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Widget;
using Streamline.Core.Workspaces;
using Streamline.Tests.Onboarding;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations.Chat;

/// <summary>Workspaces with a widget, written straight to the database, and what the chat stored.</summary>
public static class ChatWorld
{
    /// <summary>A new workspace whose widget may be framed by <paramref name="origins"/>; returns its id and public key.</summary>
    public static async Task<(Guid WorkspaceId, string Key)> NewWidgetAsync(StreamlineApp app, params string[] origins)
    {
        await using var db = app.Database.NewContext();
        var workspace = new Workspace { Name = $"Shop {Guid.NewGuid():N}"[..13], CreatedAt = DateTime.UtcNow };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        await FundAsync(app, workspace.Id);
        return (workspace.Id, await AddWidgetAsync(db, workspace.Id, origins));
    }

    /// <summary>The widget of a signed-in user's own workspace (they are its owner).</summary>
    public static async Task<(Guid WorkspaceId, string Key)> WidgetOfAsync(StreamlineApp app, string ownerEmail)
    {
        var workspaceId = await SetupClients.WorkspaceIdOfAsync(app, ownerEmail);
        await FundAsync(app, workspaceId);
        await using var db = app.Database.NewContext();
        return (workspaceId, await AddWidgetAsync(db, workspaceId, []));
    }

    /// <summary>Enough credits for every AI reply a test makes: an unfunded workspace's visitors get the out-of-credits notice.</summary>
    public const long Credits = 100_000;

    private static Task FundAsync(StreamlineApp app, Guid workspaceId) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>().GrantAsync(
            workspaceId, Credits, LedgerEntryType.AdminGrant, "test credits", $"chat-test:{workspaceId}", null, null, CancellationToken.None));

    public static async Task ChangeWidgetAsync(StreamlineApp app, string key, Action<WidgetSettings> change)
    {
        await using var db = app.Database.NewContext();
        var settings = await db.WidgetSettings.IgnoreQueryFilters(QueryFilters.Workspace).SingleAsync(w => w.PublicKey == key);
        change(settings);
        await db.SaveChangesAsync();
    }

    public static async Task<List<ChatMessage>> MessagesAsync(StreamlineApp app, Guid workspaceId)
    {
        await using var db = app.Database.NewContext();
        return await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId).OrderBy(m => m.CreatedAt).ThenBy(m => m.Sequence).ToListAsync();
    }

    /// <summary>The workspace's messages once there are at least <paramref name="count"/> (answers are written in the background).</summary>
    public static async Task<List<ChatMessage>> WaitForMessagesAsync(StreamlineApp app, Guid workspaceId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var messages = await MessagesAsync(app, workspaceId);
            if (messages.Count >= count || DateTime.UtcNow > deadline) return messages;
            await Task.Delay(50);
        }
    }

    public static string AttachmentDirectory(StreamlineApp app, Guid workspaceId) =>
        Path.Combine(app.DataDirectory, "chat", workspaceId.ToString("N"));

    private static async Task<string> AddWidgetAsync(StreamlineDbContext db, Guid workspaceId, string[] origins)
    {
        var settings = new WidgetSettings
        {
            WorkspaceId = workspaceId, PublicKey = WidgetKey.New(), KeyRotatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            AllowedOrigins = [.. origins],
        };
        db.WidgetSettings.Add(settings);
        await db.SaveChangesAsync();
        return settings.PublicKey;
    }
}
