using System.Globalization;
using System.Text.Json.Nodes;

namespace Streamline.Core.Commerce.Sandbox;

public sealed record SandboxCustomer(long Id, string FirstName, string LastName, string Email, string Phone, DateTime UpdatedAt);

public sealed record SandboxProduct(long Id, string Title, long PriceMinor, int Inventory, DateTime UpdatedAt);

public sealed record SandboxLine(int Product, int Quantity);

public sealed record SandboxOrder(
    long Id, int Number, int Customer, DateTime CreatedAt, DateTime UpdatedAt, string Financial, string Fulfillment,
    DateTime? CancelledAt, IReadOnlyList<SandboxLine> Lines, long RefundedMinor);

/// <summary>A store's generated customers, products and orders: the same seed and clock give the same store.</summary>
public sealed class SandboxCatalog
{
    private static readonly string[] FirstNames = ["Ava", "Liam", "Mia", "Noah", "Zoe", "Omar", "Lena", "Ravi", "Sofia", "Jonas", "Amara", "Kenji", "Chloe", "Mateo", "Priya", "Hugo"];
    private static readonly string[] LastNames = ["Patel", "Garcia", "Novak", "Okafor", "Lindqvist", "Rossi", "Kim", "Dubois", "Silva", "Murphy", "Haddad", "Tanaka"];
    private static readonly string[] ProductNames = ["Linen tote bag", "Ceramic mug", "Cold brew kit", "Merino beanie", "Desk plant", "Notebook set", "Travel bottle", "Wool socks", "Scented candle", "Bamboo cutlery", "Canvas apron", "Tea sampler"];
    private static readonly string[] Adjectives = ["Classic", "Organic", "Mini", "Deluxe", "Everyday", "Limited"];

    public required string Domain { get; init; }
    public required string Name { get; init; }
    public string Currency { get; init; } = "USD";
    public List<SandboxCustomer> Customers { get; } = [];
    public List<SandboxProduct> Products { get; } = [];
    public List<SandboxOrder> Orders { get; } = [];

    public static SandboxCatalog Generate(string domain, string name, int orders, int customers, int products, DateTime now, int seed = 2026)
    {
        var random = new Random(seed);
        var catalog = new SandboxCatalog { Domain = domain, Name = name };
        var start = now.AddDays(-90);
        for (var i = 0; i < customers; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            catalog.Customers.Add(new SandboxCustomer(7_000_000_000 + i, first, last,
                $"{first}.{last}{i}@example.com".ToLowerInvariant(), $"+1555{i % 10_000_000:0000000}", start.AddMinutes(random.Next(60 * 24 * 30))));
        }
        for (var i = 0; i < products; i++)
        {
            var title = $"{Adjectives[i / ProductNames.Length % Adjectives.Length]} {ProductNames[i % ProductNames.Length].ToLowerInvariant()}";
            catalog.Products.Add(new SandboxProduct(8_000_000_000 + i, title, 500 + random.Next(80) * 100 + 99, random.Next(0, 60),
                start.AddMinutes(random.Next(60 * 24 * 30))));
        }
        var span = (now - start).TotalMinutes;
        for (var i = 0; i < orders; i++)
        {
            var created = start.AddMinutes(span * i / Math.Max(1, orders) + random.Next(30));
            var lines = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => new SandboxLine(random.Next(products), 1 + random.Next(3))).ToList();
            var roll = random.Next(100);
            var (financial, fulfillment, cancelled, refunded) = roll switch
            {
                < 5 => ("voided", "unfulfilled", (DateTime?)created.AddHours(2), 0L),
                < 10 => ("refunded", "fulfilled", null, -1L),
                < 25 => ("paid", "unfulfilled", null, 0L),
                < 30 => ("pending", "unfulfilled", null, 0L),
                _ => ("paid", "fulfilled", null, 0L),
            };
            var total = lines.Sum(l => catalog.Products[l.Product].PriceMinor * l.Quantity);
            var updated = created.AddHours(1 + random.Next(72));
            if (updated > now) updated = now;
            catalog.Orders.Add(new SandboxOrder(5_000_000_000 + i, 1001 + i, random.Next(customers), created, updated, financial, fulfillment,
                cancelled, lines, refunded < 0 ? total : 0));
        }
        return catalog;
    }

    public long Total(SandboxOrder order) => order.Lines.Sum(l => Products[l.Product].PriceMinor * l.Quantity);

    public static string OrderGid(long id) => $"gid://shopify/Order/{id}";
    public static string CustomerGid(long id) => $"gid://shopify/Customer/{id}";

    private string Money(long minor) => ShopMoney.ToDecimal(minor, Currency);

    private static string Iso(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal JsonObject CustomerJson(SandboxCustomer c) => new()
    {
        ["id"] = CustomerGid(c.Id), ["firstName"] = c.FirstName, ["lastName"] = c.LastName, ["updatedAt"] = Iso(c.UpdatedAt),
        ["defaultEmailAddress"] = new JsonObject { ["emailAddress"] = c.Email },
        ["defaultPhoneNumber"] = new JsonObject { ["phoneNumber"] = c.Phone },
    };

    internal JsonObject ProductJson(SandboxProduct p) => new()
    {
        ["id"] = $"gid://shopify/Product/{p.Id}", ["title"] = p.Title, ["status"] = "ACTIVE", ["updatedAt"] = Iso(p.UpdatedAt),
        ["totalInventory"] = p.Inventory,
        ["priceRangeV2"] = new JsonObject { ["minVariantPrice"] = new JsonObject { ["amount"] = Money(p.PriceMinor), ["currencyCode"] = Currency } },
    };

    internal JsonObject OrderJson(SandboxOrder o)
    {
        var customer = Customers[o.Customer];
        var fulfilled = o.Fulfillment == "fulfilled";
        return new JsonObject
        {
            ["id"] = OrderGid(o.Id), ["name"] = $"#{o.Number}", ["email"] = customer.Email, ["phone"] = customer.Phone,
            ["createdAt"] = Iso(o.CreatedAt), ["updatedAt"] = Iso(o.UpdatedAt),
            ["cancelledAt"] = o.CancelledAt is { } c ? Iso(c) : null, ["closedAt"] = null,
            ["displayFinancialStatus"] = o.Financial.ToUpperInvariant(), ["displayFulfillmentStatus"] = o.Fulfillment.ToUpperInvariant(),
            ["currencyCode"] = Currency,
            ["totalPriceSet"] = new JsonObject { ["shopMoney"] = new JsonObject { ["amount"] = Money(Total(o)), ["currencyCode"] = Currency } },
            ["customer"] = new JsonObject { ["id"] = CustomerGid(customer.Id), ["firstName"] = customer.FirstName, ["lastName"] = customer.LastName },
            ["customAttributes"] = new JsonArray(),
            ["lineItems"] = new JsonObject
            {
                ["nodes"] = new JsonArray([.. o.Lines.Select(l => (JsonNode)new JsonObject
                {
                    ["title"] = Products[l.Product].Title, ["sku"] = $"SKU-{l.Product:000}", ["quantity"] = l.Quantity,
                    ["originalUnitPriceSet"] = new JsonObject { ["shopMoney"] = new JsonObject { ["amount"] = Money(Products[l.Product].PriceMinor) } },
                })]),
            },
            ["fulfillments"] = fulfilled
                ? new JsonArray(new JsonObject
                {
                    ["trackingInfo"] = new JsonArray(new JsonObject
                    {
                        ["company"] = "UPS", ["number"] = $"1Z999AA1{o.Number:0000000000}",
                        ["url"] = $"https://www.ups.com/track?tracknum=1Z999AA1{o.Number:0000000000}",
                    }),
                })
                : new JsonArray(),
            ["refunds"] = o.RefundedMinor > 0
                ? new JsonArray(new JsonObject
                {
                    ["id"] = $"gid://shopify/Refund/{o.Id}", ["createdAt"] = Iso(o.UpdatedAt),
                    ["totalRefundedSet"] = new JsonObject { ["shopMoney"] = new JsonObject { ["amount"] = Money(o.RefundedMinor) } },
                })
                : new JsonArray(),
        };
    }
}
