using System.Text.Json;

namespace Streamline.Core.Commerce;

/// <summary>Webhook bodies: the topic's REST resource in snake_case, read into the same snapshots the GraphQL sync makes.</summary>
public static class ShopifyRest
{
    public static OrderSnapshot ReadOrder(JsonElement o)
    {
        var currency = Str(o, "currency") ?? "USD";
        var customer = o.TryGetProperty("customer", out var c) && c.ValueKind == JsonValueKind.Object ? c : (JsonElement?)null;
        var items = List(o, "line_items").Select(li => new LineItem(
            Str(li, "title") ?? Str(li, "name") ?? "Item", Str(li, "sku"), Int(li, "quantity"), ShopMoney.ToMinor(Str(li, "price"), currency))).ToList();
        var tracking = List(o, "fulfillments").SelectMany(f =>
        {
            var numbers = List(f, "tracking_numbers").Select(n => n.ValueKind == JsonValueKind.String ? n.GetString() : null).ToList();
            var urls = List(f, "tracking_urls").Select(n => n.ValueKind == JsonValueKind.String ? n.GetString() : null).ToList();
            if (numbers.Count == 0 && (Str(f, "tracking_number") is not null || Str(f, "tracking_url") is not null))
                return [new Tracking(Str(f, "tracking_company"), Str(f, "tracking_number"), Str(f, "tracking_url"))];
            return numbers.Select((n, i) => new Tracking(Str(f, "tracking_company"), n, i < urls.Count ? urls[i] : null));
        }).ToList();
        var refunds = List(o, "refunds").Select(r => ReadRefund(r, currency)).ToList();
        var attributes = List(o, "note_attributes").Where(a => Str(a, "name") is not null)
            .GroupBy(a => Str(a, "name")!).ToDictionary(g => g.Key, g => Str(g.First(), "value") ?? "");
        var name = customer is { } cu ? $"{Str(cu, "first_name")} {Str(cu, "last_name")}".Trim() : null;
        return new OrderSnapshot(
            Gid(o, "Order"), Str(o, "name") ?? $"#{Int(o, "order_number")}", Str(o, "email") ?? Str(o, "contact_email"), Str(o, "phone"),
            customer is { } cus ? Gid(cus, "Customer") : null, string.IsNullOrEmpty(name) ? null : name, currency,
            ShopMoney.ToMinor(Str(o, "total_price"), currency), Str(o, "financial_status"), Str(o, "fulfillment_status") ?? "unfulfilled",
            Date(o, "created_at") ?? throw new FormatException("created_at is missing"), Date(o, "updated_at") ?? throw new FormatException("updated_at is missing"),
            Date(o, "cancelled_at"), Date(o, "closed_at"), new OrderDetails(items, tracking, refunds, attributes.Count == 0 ? null : attributes));
    }

    /// <summary>A refund's amount is what its successful refund transactions returned.</summary>
    public static Refund ReadRefund(JsonElement r, string currency) => new(
        Gid(r, "Refund"),
        List(r, "transactions").Where(t => Str(t, "kind") == "refund" && Str(t, "status") is null or "success")
            .Sum(t => ShopMoney.ToMinor(Str(t, "amount"), currency)),
        Date(r, "created_at"));

    public static CustomerSnapshot ReadCustomer(JsonElement c) => new(
        Gid(c, "Customer"), Str(c, "first_name"), Str(c, "last_name"), Str(c, "email"), Str(c, "phone"),
        Date(c, "updated_at") ?? throw new FormatException("updated_at is missing"));

    /// <summary><c>admin_graphql_api_id</c>, or the GID built from the numeric id, as the GraphQL sync stores it.</summary>
    public static string Gid(JsonElement e, string type) =>
        Str(e, "admin_graphql_api_id") ?? (e.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number
            ? $"gid://shopify/{type}/{id.GetRawText()}" : throw new FormatException("id is missing"));

    public static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : 0;

    private static DateTime? Date(JsonElement e, string name) =>
        Str(e, name) is { } s && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
            ? at.UtcDateTime : null;

    internal static IEnumerable<JsonElement> List(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];
}
