using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Streamline.Core.Commerce.Sandbox;

/// <summary>
/// A store that speaks the Admin GraphQL API for the operations the sync sends: the demo store of the embedded default
/// (served in-process through <see cref="SandboxShopHandler"/>) and, over HTTP, the local server of the tests and the
/// benchmark. It keeps a leaky cost bucket like Shopify's: a query whose requested cost exceeds what the bucket holds
/// gets a THROTTLED error, and every answer reports <c>extensions.cost</c>.
/// </summary>
public sealed class SandboxShop
{
    public const string DemoDomain = "streamline-demo.myshopify.com";
    public const string DemoName = "Streamline Demo Store (sandbox)";

    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private double _available;
    private long _at;

    public SandboxShop(SandboxCatalog catalog, double bucketSize = 2000, double restoreRate = 100, TimeProvider? clock = null)
    {
        Catalog = catalog;
        BucketSize = bucketSize;
        RestoreRate = restoreRate;
        _clock = clock ?? TimeProvider.System;
        _available = bucketSize;
        _at = _clock.GetTimestamp();
    }

    public SandboxCatalog Catalog { get; }
    public double BucketSize { get; }
    public double RestoreRate { get; }
    public int Queries { get; private set; }
    public int Throttled { get; private set; }
    public double CostCharged { get; private set; }

    /// <summary>Answers one GraphQL request body with the JSON Shopify would send (always HTTP 200, as Shopify does for GraphQL).</summary>
    public string Answer(string requestBody)
    {
        JsonObject request;
        try
        {
            request = JsonNode.Parse(requestBody) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            return Error("Invalid JSON in request body", "BAD_REQUEST");
        }
        var operation = request["operationName"]?.GetValue<string>();
        var variables = request["variables"] as JsonObject ?? [];
        var first = Math.Clamp(variables["first"]?.GetValue<int>() ?? 1, 1, 250);
        var after = variables["after"]?.GetValue<string>();
        var since = Since(variables["query"]?.GetValue<string>());

        var requested = operation switch
        {
            "Orders" => 2 + first * 5,
            "Customers" or "Products" => 2 + first,
            _ => 1,
        };
        lock (_gate)
        {
            Queries++;
            Refill();
            if (_available < requested)
            {
                Throttled++;
                return Throttle(requested);
            }
            _available -= requested;
        }

        JsonObject data;
        int returned;
        switch (operation)
        {
            case "Shop":
                data = new JsonObject { ["shop"] = new JsonObject { ["name"] = Catalog.Name, ["myshopifyDomain"] = Catalog.Domain, ["currencyCode"] = Catalog.Currency } };
                returned = 0;
                break;
            case "OrdersCount":
                data = new JsonObject { ["ordersCount"] = new JsonObject { ["count"] = Catalog.Orders.Count(o => since is null || o.UpdatedAt >= since) } };
                returned = 0;
                break;
            case "Orders":
                (data, returned) = Page("orders", Catalog.Orders, o => o.UpdatedAt, o => o.Id, first, after, since, Catalog.OrderJson);
                break;
            case "Customers":
                (data, returned) = Page("customers", Catalog.Customers, c => c.UpdatedAt, c => c.Id, first, after, since, Catalog.CustomerJson);
                break;
            case "Products":
                (data, returned) = Page("products", Catalog.Products, p => p.UpdatedAt, p => p.Id, first, after, since, Catalog.ProductJson);
                break;
            default:
                return Error($"Operation '{operation}' is not supported by the sandbox store", "BAD_REQUEST");
        }

        // Unused requested points are refunded, as Shopify does.
        var actual = operation == "Orders" ? 2 + returned * 4 : operation is "Customers" or "Products" ? 2 + returned : 1;
        double available;
        lock (_gate)
        {
            _available = Math.Min(BucketSize, _available + requested - actual);
            CostCharged += actual;
            available = _available;
        }
        return new JsonObject
        {
            ["data"] = data,
            ["extensions"] = Cost(requested, actual, available),
        }.ToJsonString();
    }

    private void Refill()
    {
        var now = _clock.GetTimestamp();
        _available = Math.Min(BucketSize, _available + _clock.GetElapsedTime(_at, now).TotalSeconds * RestoreRate);
        _at = now;
    }

    private (JsonObject, int) Page<T>(string field, IReadOnlyList<T> all, Func<T, DateTime> updated, Func<T, long> id, int first,
        string? after, DateTime? since, Func<T, JsonObject> json)
    {
        var from = Cursor.Read(after);
        var rows = all.Where(r => since is null || updated(r) >= since)
            .Where(r => from is null || updated(r) > from.Value.At || (updated(r) == from.Value.At && id(r) > from.Value.Id))
            .OrderBy(updated).ThenBy(id).Take(first + 1).ToList();
        var page = rows.Take(first).ToList();
        var nodes = new JsonArray([.. page.Select(r => (JsonNode)json(r))]);
        var end = page.Count == 0 ? null : Cursor.Write(updated(page[^1]), id(page[^1]));
        return (new JsonObject
        {
            [field] = new JsonObject
            {
                ["nodes"] = nodes,
                ["pageInfo"] = new JsonObject { ["hasNextPage"] = rows.Count > first, ["endCursor"] = end },
            },
        }, page.Count);
    }

    private static DateTime? Since(string? query)
    {
        // The only search the sync sends: updated_at:>='2026-01-01T00:00:00Z'
        if (string.IsNullOrWhiteSpace(query)) return null;
        var start = query.IndexOf('\'');
        var end = query.LastIndexOf('\'');
        if (!query.StartsWith("updated_at:>=", StringComparison.Ordinal) || start < 0 || end <= start) return null;
        return DateTimeOffset.TryParse(query[(start + 1)..end], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime : null;
    }

    private string Throttle(double requested) => new JsonObject
    {
        ["errors"] = new JsonArray(new JsonObject
        {
            ["message"] = "Throttled",
            ["extensions"] = new JsonObject { ["code"] = "THROTTLED", ["documentation"] = "https://shopify.dev/api/usage/rate-limits" },
        }),
        ["extensions"] = Cost(requested, 0, _available),
    }.ToJsonString();

    private JsonObject Cost(double requested, double actual, double available) => new()
    {
        ["cost"] = new JsonObject
        {
            ["requestedQueryCost"] = requested,
            ["actualQueryCost"] = actual,
            ["throttleStatus"] = new JsonObject
            {
                ["maximumAvailable"] = BucketSize,
                ["currentlyAvailable"] = Math.Floor(available),
                ["restoreRate"] = RestoreRate,
            },
        },
    };

    private static string Error(string message, string code) => new JsonObject
    {
        ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["extensions"] = new JsonObject { ["code"] = code } }),
    }.ToJsonString();

    private static class Cursor
    {
        public static string Write(DateTime at, long id) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{at.Ticks}:{id}"));

        public static (DateTime At, long Id)? Read(string? cursor)
        {
            if (string.IsNullOrEmpty(cursor)) return null;
            try
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split(':');
                return (new DateTime(long.Parse(parts[0], CultureInfo.InvariantCulture), DateTimeKind.Utc), long.Parse(parts[1], CultureInfo.InvariantCulture));
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
