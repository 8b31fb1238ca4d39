using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Streamline.Core.Commerce;

/// <summary>The cost bucket as Shopify last reported it (<c>extensions.cost.throttleStatus</c>).</summary>
public sealed record ThrottleStatus(double MaximumAvailable, double CurrentlyAvailable, double RestoreRate);

public class ShopifyApiException(string message, HttpStatusCode? status = null) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>The token was refused (revoked, uninstalled or wrong): retrying cannot help.</summary>
public sealed class ShopifyAuthException(string message, HttpStatusCode status) : ShopifyApiException(message, status);

/// <summary>
/// One store's Admin GraphQL API. Paces itself on the leaky bucket each response reports: before a query it waits
/// exactly until the bucket, refilled at its restore rate since the last answer, holds that query's requested cost;
/// a THROTTLED answer, a 429 (its <c>Retry-After</c>) or a 5xx is retried after the wait it calls for.
/// </summary>
public sealed class ShopifyAdminClient(HttpClient http, Uri endpoint, string? accessToken, TimeProvider clock)
{
    private const int MaxAttempts = 8;
    private readonly Dictionary<string, double> _requestedCost = [];
    private ThrottleStatus? _bucket;
    private long _bucketAt;

    public ThrottleStatus? Bucket => _bucket;

    /// <summary>Total time spent waiting for the bucket, for the benchmark and the logs.</summary>
    public TimeSpan Waited { get; private set; }

    public double CostSpent { get; private set; }

    /// <summary>Runs a named operation and returns its <c>data</c>; GraphQL errors other than throttling throw.</summary>
    public async Task<JsonElement> QueryAsync(string operationName, string query, JsonObject? variables, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await WaitForBucketAsync(operationName, ct);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
            {
                Content = new StringContent(
                    new JsonObject { ["query"] = query, ["operationName"] = operationName, ["variables"] = variables?.DeepClone() ?? new JsonObject() }
                        .ToJsonString(), Encoding.UTF8, "application/json"),
            };
            if (accessToken is not null) request.Headers.TryAddWithoutValidation("X-Shopify-Access-Token", accessToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.PaymentRequired
                or HttpStatusCode.NotFound or HttpStatusCode.Locked)
                throw new ShopifyAuthException(Refusal(response.StatusCode), response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                if (attempt >= MaxAttempts) throw new ShopifyApiException($"Shopify answered {(int)response.StatusCode} {MaxAttempts} times in a row.", response.StatusCode);
                await DelayAsync(RetryAfter(response) ?? TimeSpan.FromSeconds(Math.Min(30, attempt * attempt)), ct);
                continue;
            }
            if (!response.IsSuccessStatusCode)
                throw new ShopifyApiException($"Shopify answered {(int)response.StatusCode}.", response.StatusCode);

            using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            var root = doc.RootElement;
            ReadCost(operationName, root);
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                if (IsThrottled(errors))
                {
                    if (attempt >= MaxAttempts) throw new ShopifyApiException("Shopify kept throttling the sync.");
                    continue; // the bucket now says how long to wait
                }
                throw new ShopifyApiException("Shopify refused the query: " + Truncate(errors[0].TryGetProperty("message", out var m) ? m.GetString() : errors.GetRawText()));
            }
            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                throw new ShopifyApiException("Shopify's answer had no data.");
            return data.Clone();
        }
    }

    private async Task WaitForBucketAsync(string operationName, CancellationToken ct)
    {
        if (_bucket is not { RestoreRate: > 0 } bucket || !_requestedCost.TryGetValue(operationName, out var cost)) return;
        var elapsed = clock.GetElapsedTime(_bucketAt).TotalSeconds;
        var available = Math.Min(bucket.MaximumAvailable, bucket.CurrentlyAvailable + elapsed * bucket.RestoreRate);
        var needed = Math.Min(cost, bucket.MaximumAvailable);
        if (available >= needed) return;
        // One point more than the bucket needs, rounded up to a whole millisecond: timers round their wait down to the
        // millisecond, so an exact wait can arrive a hair before the bucket holds the cost and be throttled.
        var milliseconds = Math.Ceiling((needed - available + 1) / bucket.RestoreRate * 1000);
        await DelayAsync(TimeSpan.FromMilliseconds(milliseconds), ct);
    }

    private async Task DelayAsync(TimeSpan wait, CancellationToken ct)
    {
        Waited += wait;
        await Task.Delay(wait, clock, ct);
    }

    private void ReadCost(string operationName, JsonElement root)
    {
        if (!root.TryGetProperty("extensions", out var ext) || !ext.TryGetProperty("cost", out var cost)) return;
        if (cost.TryGetProperty("requestedQueryCost", out var requested) && requested.TryGetDouble(out var r))
            _requestedCost[operationName] = r;
        if (cost.TryGetProperty("actualQueryCost", out var actual) && actual.TryGetDouble(out var a))
            CostSpent += a;
        if (cost.TryGetProperty("throttleStatus", out var status)
            && status.TryGetProperty("maximumAvailable", out var max) && status.TryGetProperty("currentlyAvailable", out var current)
            && status.TryGetProperty("restoreRate", out var rate))
        {
            _bucket = new ThrottleStatus(max.GetDouble(), current.GetDouble(), rate.GetDouble());
            _bucketAt = clock.GetTimestamp();
        }
    }

    private static bool IsThrottled(JsonElement errors) =>
        errors.EnumerateArray().Any(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c)
                                         && c.ValueKind == JsonValueKind.String && c.GetString() == "THROTTLED");

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta) return delta;
        if (response.Headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(seconds);
        return null;
    }

    private static string Refusal(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "Shopify refused the access token (401): it is wrong, revoked or the app was uninstalled.",
        HttpStatusCode.Forbidden => "The access token lacks a scope the sync needs (403): grant read_orders, read_customers and read_products.",
        HttpStatusCode.PaymentRequired => "The shop is frozen or its plan has lapsed (402).",
        HttpStatusCode.NotFound => "No shop answers at that address (404).",
        _ => "The shop is locked (423).",
    };

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 300 ? text : text[..300];
}
