using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Channels;

/// <summary>Contacts of a workspace as the channels and the widget leave them: each with its conversations and channel identities.</summary>
public static class ChannelContactsScene
{
    /// <summary>A customer who wrote on a channel of the workspace (a channel row of its own), written straight to the database.</summary>
    public static Task<(Guid ContactId, Guid ConversationId)> ChannelCustomerAsync(StreamlineApp app, Guid workspaceId, ConversationChannel kind,
        Action<Contact>? contact = null, bool optedOut = false, DateTime? updatedAt = null) => app.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<StreamlineDbContext>();
        var now = DateTime.UtcNow;
        var channel = new MessagingChannel
        {
            WorkspaceId = workspaceId, Channel = kind, Name = $"{kind} line", RouteKey = Guid.NewGuid().ToString("N"),
            CredentialsCiphertext = sp.GetRequiredService<ChannelSecrets>().Protect(new ChannelCredentials("1", AccessToken: "t", AppSecret: "s")),
            Connection = ChannelConnection.Connected, ConnectedAt = now,
        };
        db.MessagingChannels.Add(channel);
        await db.SaveChangesAsync();
        var conversation = await sp.GetRequiredService<ConversationService>().StartOnChannelAsync(workspaceId, kind);
        db.ChannelIdentities.Add(new ChannelIdentity
        {
            WorkspaceId = workspaceId, ChannelId = channel.Id, ExternalId = Guid.NewGuid().ToString("N")[..12], ContactId = conversation.ContactId,
            ConversationId = conversation.Id, LastInboundAt = now, OptedOutAt = optedOut ? now : null, CreatedAt = now,
        });
        await db.SaveChangesAsync();
        await ArrangeContactAsync(app, conversation.ContactId, contact, updatedAt);
        return (conversation.ContactId, conversation.Id);
    });

    /// <summary>A website visitor's contact and conversation.</summary>
    public static Task<(Guid ContactId, Guid ConversationId)> WidgetVisitorAsync(StreamlineApp app, Guid workspaceId, Action<Contact>? contact = null,
        DateTime? updatedAt = null) => app.WithScopeAsync(async sp =>
    {
        var (conversation, _) = await sp.GetRequiredService<ConversationService>().StartWidgetAsync(workspaceId);
        await ArrangeContactAsync(app, conversation.ContactId, contact, updatedAt);
        return (conversation.ContactId, conversation.Id);
    });

    private static async Task ArrangeContactAsync(StreamlineApp app, Guid contactId, Action<Contact>? arrange, DateTime? updatedAt)
    {
        await using var db = app.Database.NewContext();
        var contact = await db.Contacts.IgnoreQueryFilters().SingleAsync(c => c.Id == contactId);
        arrange?.Invoke(contact);
        if (updatedAt is { } at) contact.UpdatedAt = at;
        await db.SaveChangesAsync();
    }

    public static async Task<Contact?> ContactAsync(StreamlineApp app, Guid id)
    {
        await using var db = app.Database.NewContext();
        return await db.Contacts.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id);
    }

    public static async Task<Guid> ContactOfConversationAsync(StreamlineApp app, Guid conversationId)
    {
        await using var db = app.Database.NewContext();
        return await db.Conversations.IgnoreQueryFilters().Where(c => c.Id == conversationId).Select(c => c.ContactId).SingleAsync();
    }
}
