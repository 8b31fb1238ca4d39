using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations;

/// <summary>
/// Replies read the workspace's setup and the model catalog from memory; a change saved in the app (any page or job, through
/// the app's own context) must count from the very next reply, never after the cache's lifetime.
/// </summary>
public sealed class SalesSetupCacheTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string PriceQuestion = "How much does the Launch website cost?";

    [Fact]
    public async Task A_price_saved_in_the_app_is_the_price_of_the_very_next_reply()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var (before, _) = await scene.SayAsync((await scene.StartAsync()).Id, PriceQuestion);
        Assert.Contains("$1,499.00", Assert.Single(before.Posted).Text);

        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<StreamlineDbContext>();
            var campaign = await db.Campaigns.IgnoreQueryFilters().SingleAsync(c => c.Id == scene.CampaignId);
            campaign.PriceCents = 99_900;
            return await db.SaveChangesAsync();
        });

        var (after, _) = await scene.SayAsync((await scene.StartAsync()).Id, PriceQuestion);
        var text = Assert.Single(after.Posted).Text;
        Assert.Contains("$999.00", text);
        Assert.DoesNotContain("$1,499.00", text);
    }

    [Fact]
    public async Task A_model_price_saved_in_the_app_charges_the_very_next_reply()
    {
        var scene = await ConversationScene.CreateAsync(app);
        await scene.SayAsync((await scene.StartAsync()).Id, "Hello!");

        await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<StreamlineDbContext>();
            var model = await db.AiModels.SingleAsync(m => m.Name == ModelCatalog.OfflineModelName);
            model.InputMicrodollarsPer1K *= 10;
            model.OutputMicrodollarsPer1K *= 10;
            return await db.SaveChangesAsync();
        });

        var conversation = await scene.StartAsync();
        await scene.SayAsync(conversation.Id, "Hello!");
        var reply = Assert.Single(await scene.MessagesAsync(conversation.Id), m => m.Sender == MessageSender.Ai);
        Assert.Equal(new PricedModel(ModelCatalog.OfflineModelName, 1_500, 6_000, ModelTier.Fast).CostMillicredits(reply.InputTokens, reply.OutputTokens),
            reply.CostMillicredits);
    }
}
