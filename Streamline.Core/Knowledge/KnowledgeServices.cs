using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Streamline.Core.Knowledge;

public static class KnowledgeServices
{
    public static IServiceCollection AddKnowledge(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<KnowledgeOptions>(config.GetSection(KnowledgeOptions.Section));
        // Loading the o200k vocabulary and Lucene's analysis chain is expensive; both are thread-safe.
        services.AddSingleton<TokenCounter>();
        services.AddSingleton<TermAnalyzer>();
        services.AddSingleton<DocumentStorage>();
        services.AddScoped<DocumentLibrary>();
        services.AddScoped<ExtractKnowledgeDocument>();
        services.AddScoped<SweepKnowledgeDocuments>();
        services.AddScoped<KnowledgeSearch>();
        services.AddScoped<KnowledgeAssembler>();
        return services;
    }
}
