using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Commerce;
using Streamline.Core.Data;
using Streamline.Tests.Email;
using Streamline.Tests.Support;

namespace Streamline.Tests.Commerce;

/// <summary><c>POST /webhooks/shopify</c> with Shopify's own payloads (the fixtures), on each tested database.</summary>
public abstract class ShopifyWebhookTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : CommerceApp
{
    /// <summary>Shopify's published sample payloads, unchanged (Fixtures/SOURCES.md says where each comes from).</summary>
    private static JsonObject Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Commerce", "Fixtures", name)))!.AsObject();

    private async Task<(Guid WorkspaceId, ShopifyStore Store, string Email)> StoreAsync()
    {
        var name = $"Hooks {Guid.NewGuid():N}";
        var (_, email) = await AppClient.SignedInUserAsync(app, workspace: name);
        var workspaceId = await app.WorkspaceIdAsync(name);
        return (workspaceId, await app.InsertStoreAsync(workspaceId, $"hook-{Guid.NewGuid():N}"[..18] + ".myshopify.com"), email);
    }

    private async Task<HttpResponseMessage> DeliverAsync(string shop, string topic, JsonObject payload, string? webhookId = null,
        string secret = CommerceApp.WebhookSecret, string? hmac = null)
    {
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        using var http = app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/shopify") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        // Lower case, as HTTP/2 delivers them.
        request.Headers.TryAddWithoutValidation("x-shopify-topic", topic);
        request.Headers.TryAddWithoutValidation("x-shopify-shop-domain", shop);
        request.Headers.TryAddWithoutValidation("x-shopify-webhook-id", webhookId ?? Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("x-shopify-api-version", ShopifyOptions.ApiVersion);
        request.Headers.TryAddWithoutValidation("x-shopify-hmac-sha256", hmac ?? ShopifyWebhookReceiver.Sign(body, secret));
        return await http.SendAsync(request);
    }

    private async Task<CommerceOrder?> OrderAsync(Guid storeId, string gid)
    {
        await using var db = app.Database.NewContext();
        return await db.CommerceOrders.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleOrDefaultAsync(o => o.StoreId == storeId && o.ShopifyId == gid);
    }

    /// <summary>Waits until every delivery for the shop has been applied (other tests' shops may hold failing ones).</summary>
    private async Task DrainAsync(string shop) => await Poll.UntilAsync(async () =>
    {
        await using var db = app.Database.NewContext();
        return !await db.ShopifyWebhooks.AnyAsync(w => w.ShopDomain == shop && w.ProcessedAt == null);
    }, 30, "stored Shopify webhooks were not all applied");

    private static JsonObject Order(DateTime updatedAt, string financial)
    {
        var order = Fixture("shopify-orders-updated.json");
        order["updated_at"] = updatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        order["financial_status"] = financial;
        return order;
    }

    [Fact]
    public async Task A_signed_order_webhook_is_stored_once_however_often_it_is_delivered()
    {
        var (_, store, _) = await StoreAsync();
        var payload = Fixture("shopify-orders-create.json");
        var id = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => DeliverAsync(store.ShopDomain, "orders/create", payload, id)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await DrainAsync(store.ShopDomain);

        var order = await OrderAsync(store.Id, (string)payload["admin_graphql_api_id"]!);
        Assert.NotNull(order);
        Assert.Equal((string)payload["name"]!, order.Name);
        Assert.Equal(ShopMoney.ToMinor((string)payload["total_price"]!, "USD"), order.TotalMinor);
        await using var db = app.Database.NewContext();
        Assert.Equal(1, await db.ShopifyWebhooks.CountAsync(w => w.Id == id));
    }

    [Fact]
    public async Task A_body_signed_with_the_previous_secret_is_accepted_during_a_rotation_and_a_wrong_signature_is_refused()
    {
        var (_, store, _) = await StoreAsync();
        var payload = Fixture("shopify-orders-create.json");
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(store.ShopDomain, "orders/create", payload, secret: CommerceApp.OldWebhookSecret)).StatusCode);

        var wrongId = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Unauthorized, (await DeliverAsync(store.ShopDomain, "orders/create", payload, wrongId, secret: "shpss_someone_else")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DeliverAsync(store.ShopDomain, "orders/create", payload, hmac: "not base64!")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DeliverAsync(store.ShopDomain, "orders/create", payload, hmac: "")).StatusCode);
        await using var db = app.Database.NewContext();
        Assert.False(await db.ShopifyWebhooks.AnyAsync(w => w.Id == wrongId));
    }

    [Fact]
    public async Task Signed_garbage_is_a_400_never_a_500()
    {
        var (_, store, _) = await StoreAsync();
        using var http = app.CreateClient(new() { BaseAddress = new Uri("https://localhost") });
        foreach (var text in new[] { "not json", "[1,2]", "" })
        {
            var body = Encoding.UTF8.GetBytes(text);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/shopify") { Content = new ByteArrayContent(body) };
            request.Headers.TryAddWithoutValidation("X-Shopify-Topic", "orders/create");
            request.Headers.TryAddWithoutValidation("X-Shopify-Shop-Domain", store.ShopDomain);
            request.Headers.TryAddWithoutValidation("X-Shopify-Webhook-Id", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation("X-Shopify-Hmac-Sha256", ShopifyWebhookReceiver.Sign(body, CommerceApp.WebhookSecret));
            Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(request)).StatusCode);
        }
        // A signed object missing what an order needs is stored, fails to apply, and never takes the endpoint down.
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(store.ShopDomain, "orders/updated", new JsonObject { ["id"] = "x" })).StatusCode);
    }

    [Fact]
    public async Task An_older_update_arriving_late_never_overwrites_a_newer_one()
    {
        var (_, store, _) = await StoreAsync();
        var newer = Order(new DateTime(2026, 5, 2, 12, 0, 0, DateTimeKind.Utc), "refunded");
        var older = Order(new DateTime(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc), "paid");
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(store.ShopDomain, "orders/updated", newer)).StatusCode);
        await DrainAsync(store.ShopDomain);
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(store.ShopDomain, "orders/paid", older)).StatusCode);
        await DrainAsync(store.ShopDomain);

        var order = (await OrderAsync(store.Id, (string)newer["admin_graphql_api_id"]!))!;
        Assert.Equal("refunded", order.FinancialStatus);
        Assert.Equal(new DateTime(2026, 5, 2, 12, 0, 0, DateTimeKind.Utc), order.UpdatedAt);
    }

    [Fact]
    public async Task A_refund_is_added_to_its_order_once()
    {
        var (_, store, _) = await StoreAsync();
        var order = Fixture("shopify-orders-updated.json");
        await DeliverAsync(store.ShopDomain, "orders/updated", order);
        await DrainAsync(store.ShopDomain);
        var refund = Fixture("shopify-refunds-create.json");
        await DeliverAsync(store.ShopDomain, "refunds/create", refund);
        await DeliverAsync(store.ShopDomain, "refunds/create", refund); // another delivery id, same refund
        await DrainAsync(store.ShopDomain);

        var stored = (await OrderAsync(store.Id, (string)order["admin_graphql_api_id"]!))!;
        Assert.Equal(8500, stored.RefundedMinor); // its two refund transactions: 75.00 + 10.00
        Assert.Single(OrderDetails.Read(stored.DetailsJson).Refunds);
    }

    [Fact]
    public async Task Uninstalling_keeps_the_orders_read_only_and_redacting_a_customer_erases_them()
    {
        var (workspaceId, store, ownerEmail) = await StoreAsync();
        var order = Fixture("shopify-orders-create.json");
        await DeliverAsync(store.ShopDomain, "orders/create", order);
        await DrainAsync(store.ShopDomain);
        var gid = (string)order["admin_graphql_api_id"]!;

        var requestId = Guid.NewGuid().ToString();
        await DeliverAsync(store.ShopDomain, "customers/data_request", new JsonObject
        {
            ["shop_domain"] = store.ShopDomain, ["customer"] = new JsonObject { ["id"] = 1, ["email"] = (string)order["email"]! },
            ["orders_requested"] = new JsonArray((long)order["id"]!), ["data_request"] = new JsonObject { ["id"] = 9 },
        }, requestId);
        await DeliverAsync(store.ShopDomain, "app/uninstalled", Fixture("shopify-app-uninstalled.json"));
        await DrainAsync(store.ShopDomain);
        var disconnected = (await app.StoreAsync(workspaceId))!;
        Assert.Equal(StoreConnection.Disconnected, disconnected.Connection);
        Assert.Null(disconnected.AccessTokenCiphertext);
        Assert.NotNull(await OrderAsync(store.Id, gid));
        await using (var db = app.Database.NewContext())
        {
            var mail = await db.EmailMessages.AsNoTracking().SingleAsync(m => m.To == ownerEmail && m.Template == "shopify-data-request");
            Assert.Contains((string)order["name"]!, mail.TextBody);
        }

        await DeliverAsync(store.ShopDomain, "customers/redact", new JsonObject
        {
            ["shop_domain"] = store.ShopDomain, ["customer"] = new JsonObject { ["id"] = 1, ["email"] = (string)order["email"]! },
            ["orders_to_redact"] = new JsonArray((long)order["id"]!),
        });
        await DrainAsync(store.ShopDomain);
        var redacted = (await OrderAsync(store.Id, gid))!;
        Assert.Null(redacted.Email);
        Assert.Null(redacted.CustomerName);

        await DeliverAsync(store.ShopDomain, "shop/redact", new JsonObject { ["shop_domain"] = store.ShopDomain });
        await DrainAsync(store.ShopDomain);
        Assert.Null(await OrderAsync(store.Id, gid));
    }
}

public sealed class ShopifyWebhookTestsOnSqlite(CommerceSqliteApp app) : ShopifyWebhookTests<CommerceSqliteApp>(app);

public sealed class ShopifyWebhookTestsOnPostgres(CommercePostgresApp app) : ShopifyWebhookTests<CommercePostgresApp>(app);
