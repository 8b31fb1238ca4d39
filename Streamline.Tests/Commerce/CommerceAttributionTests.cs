using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Analytics;
using Streamline.Core.Commerce;
using Streamline.Tests.Conversations.Inbox;

namespace Streamline.Tests.Commerce;

/// <summary>Attributed orders reach the analytics through <see cref="IOrderAttribution"/> and show on the conversation page.</summary>
public abstract class CommerceAttributionTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : CommerceApp
{
    /// <summary>
    /// Two conversations of one buyer: the first started 40 days before <c>t</c> and last spoke 35 days before; the second
    /// started and last spoke 10 days before. #B1 (20 days before) has only the first in reach; #B2 (5 days before) has both
    /// and goes to the later one (last touch); #B3 (25 days after) is 35 days past the second and belongs to none.
    /// </summary>
    private async Task<(InboxScene Scene, Guid First, Guid Second, DateTime T, Guid StoreId, string Email)> BuyerAsync()
    {
        var scene = await InboxScene.CreateAsync(app);
        var store = await app.InsertStoreAsync(scene.WorkspaceId, $"attr-{Guid.NewGuid():N}"[..18] + ".myshopify.com");
        var email = $"buyer-{Guid.NewGuid():N}@example.com";
        var t = DateTime.UtcNow.AddDays(-30);
        var first = await scene.StartConversationAsync(contact: c => c.Email = email,
            conversation: c => { c.CreatedAt = t.AddDays(-40); c.LastMessageAt = t.AddDays(-35); });
        var second = await scene.StartConversationAsync(contact: c => c.Email = email.ToUpperInvariant(),
            conversation: c => { c.CreatedAt = t.AddDays(-10); c.LastMessageAt = t.AddDays(-10); });
        await using var db = app.Database.NewContext();
        CommerceOrder Order(string name, DateTime at, long total, long refunded = 0) => new()
        {
            WorkspaceId = scene.WorkspaceId, StoreId = store.Id, ShopifyId = $"gid://shopify/Order/{Guid.NewGuid():N}", Name = name, Currency = "USD",
            Email = email, TotalMinor = total, RefundedMinor = refunded, CreatedAt = at, UpdatedAt = at,
        };
        db.CommerceOrders.AddRange(Order("#B1", t.AddDays(-20), 5000), Order("#B2", t.AddDays(-5), 4000, refunded: 1000), Order("#B3", t.AddDays(25), 9900));
        await db.SaveChangesAsync();
        return (scene, first, second, t, store.Id, email);
    }

    [Fact]
    public async Task Analytics_count_each_order_on_its_last_touch_inside_the_window()
    {
        var (scene, first, second, t, _, _) = await BuyerAsync();
        var attributed = await app.WithScopeAsync(async sp =>
        {
            var orders = sp.GetRequiredService<IOrderAttribution>();
            Assert.IsType<CommerceOrderAttribution>(orders);
            return await orders.ForConversationsStartedAsync(t.AddDays(-50), t, scene.WorkspaceId, CancellationToken.None);
        });
        Assert.Equal(2, attributed.Count);
        var byStart = attributed.OrderBy(a => a.ConversationStartedAt).ToList();
        Assert.Equal((1, 5000L), (byStart[0].Orders, byStart[0].RevenueCents));
        Assert.Equal((1, 3000L), (byStart[1].Orders, byStart[1].RevenueCents));
        Assert.All(attributed, a => Assert.Equal(scene.WorkspaceId, a.WorkspaceId));

        // Only conversations started in the period count; the first alone started in the ten days from 45 days before.
        var early = await app.WithScopeAsync(sp => sp.GetRequiredService<IOrderAttribution>()
            .ForConversationsStartedAsync(t.AddDays(-45), t.AddDays(-35), null, CancellationToken.None));
        Assert.Equal(5000L, Assert.Single(early, a => a.WorkspaceId == scene.WorkspaceId).RevenueCents);

        var perConversation = await app.WithScopeAsync(sp => sp.GetRequiredService<CommerceAttribution>()
            .ForConversationAsync(scene.WorkspaceId, second, CancellationToken.None));
        Assert.Equal(["#B2"], perConversation.Select(o => o.OrderName));
        Assert.Empty(await app.WithScopeAsync(sp => sp.GetRequiredService<CommerceAttribution>()
            .ForConversationAsync(Guid.NewGuid(), first, CancellationToken.None)));
    }

    [Fact]
    public async Task The_conversation_page_lists_the_orders_it_led_to_and_no_others()
    {
        var (scene, first, second, _, _, _) = await BuyerAsync();
        var firstPage = (await scene.Owner.GetDocumentAsync($"/inbox/{first}")).QuerySelector("#conversation-orders")!;
        Assert.Contains("#B1", firstPage.TextContent);
        Assert.DoesNotContain("#B2", firstPage.TextContent);
        Assert.Contains("50.00 USD", firstPage.TextContent);

        var secondPage = (await scene.Owner.GetDocumentAsync($"/inbox/{second}")).QuerySelector("#conversation-orders")!;
        Assert.Contains("#B2", secondPage.TextContent);
        Assert.Contains("30.00 USD", secondPage.TextContent);
        Assert.DoesNotContain("#B3", secondPage.TextContent);

        // Another workspace's member gets a 404, not the orders.
        var stranger = await InboxScene.CreateAsync(app);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await stranger.Owner.Http.GetAsync($"/inbox/{second}")).StatusCode);
    }

    [Fact]
    public async Task A_customer_lists_the_conversations_with_their_email_and_none_of_another_workspace()
    {
        var (scene, first, second, _, storeId, email) = await BuyerAsync();
        var stranger = await InboxScene.CreateAsync(app);
        var strangers = await stranger.StartConversationAsync(contact: c => c.Email = email);
        var byPhone = await scene.StartConversationAsync(contact: c => c.Phone = "+15550001234");
        var unrelated = await scene.StartConversationAsync(contact: c => c.Email = "someone.else@example.com");
        var customer = new CommerceCustomer
        {
            WorkspaceId = scene.WorkspaceId, StoreId = storeId, ShopifyId = $"gid://shopify/Customer/{Guid.NewGuid():N}",
            FirstName = "Bea", LastName = "Buyer", Email = email.ToUpperInvariant(), Phone = "+15550001234", UpdatedAt = DateTime.UtcNow,
        };
        await using (var db = app.Database.NewContext())
        {
            db.CommerceCustomers.Add(customer);
            await db.SaveChangesAsync();
        }

        var page = await scene.Owner.GetDocumentAsync($"/commerce/customers/{customer.Id}");
        var listed = page.QuerySelectorAll("#customer-conversations tr[data-conversation]").Select(r => Guid.Parse(r.GetAttribute("data-conversation")!)).ToList();
        Assert.Equal(new[] { byPhone, second, first }.Order(), listed.Order());
        Assert.DoesNotContain(strangers, listed);
        Assert.DoesNotContain(unrelated, listed);
        Assert.NotNull(page.QuerySelector($"#customer-conversations a[href='/inbox/{first}']"));
    }
}

public sealed class CommerceAttributionTestsOnSqlite(CommerceSqliteApp app) : CommerceAttributionTests<CommerceSqliteApp>(app);

public sealed class CommerceAttributionTestsOnPostgres(CommercePostgresApp app) : CommerceAttributionTests<CommercePostgresApp>(app);
