using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations;

public static class ConversationsServices
{
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddCacheForgottenOnSave<SalesSetupCache>();
        services.AddCacheForgottenOnSave<ModelCatalogCache>();
        services.AddScoped<ConversationLog>();
        services.AddScoped<ChatPosting.PortableChatPosting>();
        services.AddScoped<ChatPosting.PostgresChatPosting>();
        // Chosen by the startup settings: the same for every scope of the app.
        services.AddScoped<ChatPosting.IChatPosting>(sp => sp.GetRequiredService<DatabaseSettings>() is
            { Provider: DatabaseProvider.Postgres, PostgresFastPaths: true, PostgresChatBatches: true }
            ? sp.GetRequiredService<ChatPosting.PostgresChatPosting>()
            : sp.GetRequiredService<ChatPosting.PortableChatPosting>());
        services.AddScoped<ConversationService>();
        services.AddScoped<ModelCatalog>();
        services.AddScoped<ModelCatalogEditor>();
        services.AddScoped<AiMeter>();
        services.AddScoped<AiResponder>();
        services.AddScoped<ChatTurn>();
        services.AddScoped<ChatTurnJob>();
        services.AddSingleton<ReplyRelay>();
        services.AddScoped<SweepAwaitingReplies>();
        services.AddScoped<ConversationNotices>();
        services.AddScoped<ChatAttachmentStore>();
        services.AddScoped<Sales.SalesToolRunner>();
        services.AddScoped<Inbox.InboxQuery>();
        services.AddScoped<Inbox.ConversationDetails>();
        services.AddScoped<Inbox.ConversationInbox>();
        services.AddScoped<Inbox.LeadsQuery>();
        services.AddScoped<Proposals.ProposalService>();
        return services;
    }
}
