using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streamline.Core.Commerce;

public sealed record LineItem(string Title, string? Sku, int Quantity, long UnitPriceMinor);

public sealed record Tracking(string? Company, string? Number, string? Url);

public sealed record Refund(string Id, long AmountMinor, DateTime? CreatedAt);

/// <summary>What an order holds beyond its columns: shown whole on the order page and in chat.</summary>
public sealed record OrderDetails(IReadOnlyList<LineItem> LineItems, IReadOnlyList<Tracking> Tracking, IReadOnlyList<Refund> Refunds,
    IReadOnlyDictionary<string, string>? Attributes = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static OrderDetails Read(string json) =>
        JsonSerializer.Deserialize<OrderDetails>(json, Json) ?? new OrderDetails([], [], []);

    public string Write() => JsonSerializer.Serialize(this, Json);
}

/// <summary>An order as one source (a GraphQL page or a webhook body) reported it at <see cref="UpdatedAt"/>.</summary>
public sealed record OrderSnapshot(
    string ShopifyId, string Name, string? Email, string? Phone, string? CustomerShopifyId, string? CustomerName, string Currency,
    long TotalMinor, string? FinancialStatus, string? FulfillmentStatus, DateTime CreatedAt, DateTime UpdatedAt,
    DateTime? CancelledAt, DateTime? ClosedAt, OrderDetails Details);

public sealed record CustomerSnapshot(string ShopifyId, string? FirstName, string? LastName, string? Email, string? Phone, DateTime UpdatedAt);

public sealed record ProductSnapshot(string ShopifyId, string Title, string? Status, long MinPriceMinor, int? TotalInventory, DateTime UpdatedAt);
