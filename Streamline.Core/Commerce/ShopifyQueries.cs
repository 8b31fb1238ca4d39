using System.Text.Json;

namespace Streamline.Core.Commerce;

/// <summary>The Admin GraphQL documents the sync sends (API version <see cref="ShopifyOptions.ApiVersion"/>) and how their nodes are read.</summary>
public static class ShopifyQueries
{
    public const string Shop = "query Shop { shop { name myshopifyDomain currencyCode } }";

    public const string OrdersCount = "query OrdersCount($query: String) { ordersCount(query: $query) { count } }";

    public const string Customers = """
        query Customers($first: Int!, $after: String, $query: String) {
          customers(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
            nodes { id firstName lastName updatedAt defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    public const string Products = """
        query Products($first: Int!, $after: String, $query: String) {
          products(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
            nodes { id title status updatedAt totalInventory priceRangeV2 { minVariantPrice { amount currencyCode } } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    public const string Orders = """
        query Orders($first: Int!, $after: String, $query: String) {
          orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
            nodes {
              id name email phone createdAt updatedAt cancelledAt closedAt
              displayFinancialStatus displayFulfillmentStatus currencyCode
              totalPriceSet { shopMoney { amount currencyCode } }
              customer { id firstName lastName }
              customAttributes { key value }
              lineItems(first: 50) { nodes { title sku quantity originalUnitPriceSet { shopMoney { amount } } } }
              fulfillments(first: 10) { trackingInfo(first: 5) { company number url } }
              refunds(first: 20) { id createdAt totalRefundedSet { shopMoney { amount } } }
            }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    public static OrderSnapshot ReadOrder(JsonElement n)
    {
        var money = n.GetProperty("totalPriceSet").GetProperty("shopMoney");
        var currency = Str(n, "currencyCode") ?? Str(money, "currencyCode") ?? "USD";
        var customer = n.TryGetProperty("customer", out var c) && c.ValueKind == JsonValueKind.Object ? c : (JsonElement?)null;
        var items = Nodes(n, "lineItems").Select(li => new LineItem(
            Str(li, "title") ?? "Item", Str(li, "sku"), li.GetProperty("quantity").GetInt32(),
            ShopMoney.ToMinor(li.GetProperty("originalUnitPriceSet").GetProperty("shopMoney").GetProperty("amount").GetString(), currency))).ToList();
        var tracking = List(n, "fulfillments").SelectMany(f => List(f, "trackingInfo"))
            .Select(t => new Tracking(Str(t, "company"), Str(t, "number"), Str(t, "url"))).ToList();
        var refunds = List(n, "refunds").Select(r => new Refund(Str(r, "id")!,
            ShopMoney.ToMinor(r.GetProperty("totalRefundedSet").GetProperty("shopMoney").GetProperty("amount").GetString(), currency),
            Date(r, "createdAt"))).ToList();
        var attributes = List(n, "customAttributes").Where(a => Str(a, "key") is not null)
            .GroupBy(a => Str(a, "key")!).ToDictionary(g => g.Key, g => Str(g.First(), "value") ?? "");
        var name = customer is { } cu ? $"{Str(cu, "firstName")} {Str(cu, "lastName")}".Trim() : null;
        return new OrderSnapshot(
            Str(n, "id")!, Str(n, "name")!, Str(n, "email"), Str(n, "phone"), customer is { } cus ? Str(cus, "id") : null,
            string.IsNullOrEmpty(name) ? null : name, currency, ShopMoney.ToMinor(Str(money, "amount"), currency),
            Lower(Str(n, "displayFinancialStatus")), Lower(Str(n, "displayFulfillmentStatus")),
            Date(n, "createdAt")!.Value, Date(n, "updatedAt")!.Value, Date(n, "cancelledAt"), Date(n, "closedAt"),
            new OrderDetails(items, tracking, refunds, attributes.Count == 0 ? null : attributes));
    }

    public static CustomerSnapshot ReadCustomer(JsonElement n) => new(
        Str(n, "id")!, Str(n, "firstName"), Str(n, "lastName"),
        n.TryGetProperty("defaultEmailAddress", out var e) && e.ValueKind == JsonValueKind.Object ? Str(e, "emailAddress") : null,
        n.TryGetProperty("defaultPhoneNumber", out var p) && p.ValueKind == JsonValueKind.Object ? Str(p, "phoneNumber") : null,
        Date(n, "updatedAt")!.Value);

    public static ProductSnapshot ReadProduct(JsonElement n, string currency)
    {
        var min = n.TryGetProperty("priceRangeV2", out var range) ? range.GetProperty("minVariantPrice") : default;
        return new ProductSnapshot(Str(n, "id")!, Str(n, "title") ?? "Product", Lower(Str(n, "status")),
            min.ValueKind == JsonValueKind.Object ? ShopMoney.ToMinor(Str(min, "amount"), currency) : 0,
            n.TryGetProperty("totalInventory", out var inv) && inv.ValueKind == JsonValueKind.Number ? inv.GetInt32() : null,
            Date(n, "updatedAt")!.Value);
    }

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static DateTime? Date(JsonElement e, string name) =>
        Str(e, name) is { } s ? DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime : null;

    private static string? Lower(string? s) => s?.ToLowerInvariant();

    private static IEnumerable<JsonElement> Nodes(JsonElement e, string name) =>
        e.TryGetProperty(name, out var conn) && conn.ValueKind == JsonValueKind.Object && conn.TryGetProperty("nodes", out var nodes)
            ? nodes.EnumerateArray() : [];

    private static IEnumerable<JsonElement> List(JsonElement e, string name) =>
        e.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];
}
