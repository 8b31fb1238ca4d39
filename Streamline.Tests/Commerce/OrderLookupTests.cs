using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Commerce;
using Streamline.Core.Commerce.Sandbox;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Sales.Understanding;
using Streamline.Core.Data;
using Streamline.Tests.Conversations;

namespace Streamline.Tests.Commerce;

/// <summary>"Where is my order?" in chat through the offline engine and the real tool runner, and attribution of orders to conversations.</summary>
public abstract class OrderLookupTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : CommerceApp
{
    private async Task<(ConversationScene Scene, ShopifyStore Store)> ShopAsync()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var store = await app.InsertStoreAsync(scene.WorkspaceId, $"chat-{Guid.NewGuid():N}"[..18] + ".myshopify.com");
        Assert.Equal(SyncOutcome.Completed, await app.SyncAsync(store.Id));
        return (scene, store);
    }

    private SandboxOrder Fulfilled => app.Shopify.Shop.Catalog.Orders.First(o => o.Fulfillment == "fulfilled" && o.CancelledAt is null);

    [Fact]
    public async Task The_order_number_with_its_email_reveals_status_items_and_tracking()
    {
        var (scene, _) = await ShopAsync();
        var order = Fulfilled;
        var email = app.Shopify.Shop.Catalog.Customers[order.Customer].Email;
        var conversation = await scene.StartAsync();

        var (reply, _) = await scene.SayAsync(conversation.Id, $"Hi, where is my order #{order.Number}? I ordered with {email}");
        var text = Assert.Single(reply.Posted).Text;
        Assert.Contains($"#{order.Number}", text);
        Assert.Contains("fulfilled", text);
        Assert.Contains(app.Shopify.Shop.Catalog.Products[order.Lines[0].Product].Title, text);
        Assert.Contains($"1Z999AA1{order.Number:0000000000}", text);
    }

    [Fact]
    public async Task A_wrong_email_or_a_wrong_number_gets_the_same_polite_refusal_and_reveals_nothing()
    {
        var (scene, _) = await ShopAsync();
        var order = Fulfilled;
        var email = app.Shopify.Shop.Catalog.Customers[order.Customer].Email;
        var other = app.Shopify.Shop.Catalog.Orders.First(o => o.Customer != order.Customer);

        var wrongEmail = await scene.SayAsync((await scene.StartAsync()).Id, $"Status of my order #{order.Number}? My email is someone.else@example.com");
        var wrongNumber = await scene.SayAsync((await scene.StartAsync()).Id, $"Status of my order #{other.Number}? My email is {email}");
        var refusal = Phrases.Say(Phrases.Key.OrderNoMatch, "en");
        Assert.Equal(refusal, wrongEmail.Reply.Posted[0].Text);
        Assert.Equal(refusal, wrongNumber.Reply.Posted[0].Text);
    }

    [Fact]
    public async Task Lookups_are_limited_per_conversation()
    {
        var (scene, store) = await ShopAsync();
        var conversation = await scene.StartAsync();
        var results = new List<OrderLookupStatus>();
        for (var i = 0; i < OrderLookup.PerConversationPerHour + 1; i++)
            results.Add((await app.WithScopeAsync(sp => sp.GetRequiredService<OrderLookup>()
                .FindAsync(scene.WorkspaceId, conversation.Id, $"#{1001 + i}", "guess@example.com", CancellationToken.None))).Status);
        Assert.All(results.Take(OrderLookup.PerConversationPerHour), s => Assert.Equal(OrderLookupStatus.NoMatch, s));
        Assert.Equal(OrderLookupStatus.Limited, results[^1]);

        // The limit is the conversation's: another conversation may still look up its order.
        var order = Fulfilled;
        var other = await app.WithScopeAsync(sp => sp.GetRequiredService<OrderLookup>().FindAsync(scene.WorkspaceId, Guid.NewGuid(),
            order.Number.ToString(), app.Shopify.Shop.Catalog.Customers[order.Customer].Phone, CancellationToken.None));
        Assert.Equal(OrderLookupStatus.Found, other.Status);
        Assert.Equal(store.Id, other.Order!.StoreId);
    }

    [Fact]
    public async Task A_shop_product_named_in_chat_is_answered_with_its_price_and_stock_and_nothing_is_invented()
    {
        var (scene, _) = await ShopAsync();
        var currency = (await app.StoreAsync(scene.WorkspaceId))!.Currency;
        var product = app.Shopify.Shop.Catalog.Products.First(p => p.Inventory > 0);

        var (reply, _) = await scene.SayAsync((await scene.StartAsync()).Id, $"How much is the {product.Title.ToLowerInvariant()}?");
        var text = Assert.Single(reply.Posted).Text;
        Assert.Contains($"{product.Title} is {ShopMoney.Format(product.PriceMinor, currency)}.", text);
        Assert.Contains(Phrases.Say(Phrases.Key.InStock, "en"), text);

        var (unknown, _) = await scene.SayAsync((await scene.StartAsync()).Id, "How much is the Quantum Teleporter 9000?");
        var answer = Assert.Single(unknown.Posted).Text;
        Assert.DoesNotContain("Quantum Teleporter 9000 is", answer);
        Assert.DoesNotContain(Phrases.Say(Phrases.Key.InStock, "en"), answer);
    }

    [Fact]
    public async Task An_order_within_the_window_after_a_conversation_is_attributed_to_it_and_its_campaign()
    {
        var scene = await ConversationScene.CreateAsync(app);
        var store = await app.InsertStoreAsync(scene.WorkspaceId, $"attr-{Guid.NewGuid():N}"[..18] + ".myshopify.com");
        var conversation = await scene.StartAsync();
        var email = $"buyer-{Guid.NewGuid():N}@example.com";
        DateTime talkedAt;
        await using (var db = app.Database.NewContext())
        {
            var saved = await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace).Include(c => c.Contact).SingleAsync(c => c.Id == conversation.Id);
            saved.Contact!.Email = email;
            saved.CampaignId = scene.CampaignId;
            talkedAt = saved.LastMessageAt;
            CommerceOrder Order(string name, DateTime at, long total, DateTime? cancelled = null) => new()
            {
                WorkspaceId = scene.WorkspaceId, StoreId = store.Id, ShopifyId = $"gid://shopify/Order/{Guid.NewGuid():N}", Name = name, Currency = "USD",
                Email = email, TotalMinor = total, CreatedAt = at, UpdatedAt = at, CancelledAt = cancelled,
            };
            db.CommerceOrders.AddRange(
                Order("#A1", talkedAt.AddDays(2), 5000),
                Order("#A2", talkedAt.AddDays(29), 2500),
                Order("#A3", talkedAt.AddDays(31), 9900),
                Order("#A4", saved.CreatedAt.AddDays(-1), 7700),
                Order("#A5", talkedAt.AddDays(3), 1200, cancelled: talkedAt.AddDays(4)));
            await db.SaveChangesAsync();
        }

        var attributed = await app.WithScopeAsync(sp => sp.GetRequiredService<CommerceAttribution>()
            .OrdersAsync(scene.WorkspaceId, talkedAt.AddDays(-10), talkedAt.AddDays(60), CancellationToken.None));
        Assert.Equal(["#A1", "#A2"], attributed.Select(o => o.OrderName).Order());
        Assert.All(attributed, o => Assert.Equal(conversation.Id, o.ConversationId));
        Assert.All(attributed, o => Assert.Equal(ConversationChannel.Widget, o.Channel));

        var totals = await app.WithScopeAsync(sp => sp.GetRequiredService<CommerceAttribution>()
            .TotalsAsync(scene.WorkspaceId, talkedAt.AddDays(-10), talkedAt.AddDays(60), CancellationToken.None, campaignId: scene.CampaignId));
        Assert.Equal(2, totals.Orders);
        Assert.Equal(7500, totals.RevenueMinorByCurrency["USD"]);
    }
}

public sealed class OrderLookupTestsOnSqlite(CommerceSqliteApp app) : OrderLookupTests<CommerceSqliteApp>(app);

public sealed class OrderLookupTestsOnPostgres(CommercePostgresApp app) : OrderLookupTests<CommercePostgresApp>(app);
