using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Streamline.Tests.Billing;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers the Stripe API calls the app makes (Checkout and
/// Customer Portal sessions, the invoice list) and records every request as Stripe would receive it,
/// so tests prove what Stripe.net really sends rather than what our code meant to send.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    private readonly WebApplication _server;
    private readonly ConcurrentQueue<StripeRequest> _requests = new();
    private readonly ConcurrentQueue<JsonObject> _invoices = new();
    private readonly ConcurrentDictionary<string, string> _invoiceOfIntent = new();
    private Outage? _outage;
    private int _disposed;

    private FakeStripe(WebApplication server) => _server = server;

    /// <summary>Where the server listens, e.g. http://127.0.0.1:41234: the app's <c>Stripe:ApiBase</c>.</summary>
    public string Url { get; private set; } = "";

    public IReadOnlyList<StripeRequest> Requests => [.. _requests];

    public enum Outage
    {
        /// <summary>Stripe's own 500 api_error answer.</summary>
        ServerError,

        /// <summary>The connection closes without an answer, as when Stripe cannot be reached or times out.</summary>
        Disconnect,

        /// <summary>The request is accepted and never answered: only the client's timeout ends it.</summary>
        Hang,
    }

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var fake = new FakeStripe(builder.Build());
        fake._server.Run(fake.AnswerAsync);
        await fake._server.StartAsync();
        fake.Url = fake._server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single().TrimEnd('/');
        return fake;
    }

    /// <summary>Invoices <c>GET /v1/invoices</c> lists, filtered by subscription and status as Stripe does.</summary>
    public void AddInvoice(JsonObject invoice) => _invoices.Enqueue(invoice);

    /// <summary>Records that a payment intent paid an invoice, as <c>GET /v1/invoice_payments</c> reports it.</summary>
    public void AddInvoicePayment(string invoiceId, string paymentIntentId) => _invoiceOfIntent[paymentIntentId] = invoiceId;

    /// <summary>Every request fails this way until the returned scope is disposed.</summary>
    public IDisposable Down(Outage outage)
    {
        _outage = outage;
        return new Restore(this);
    }

    private sealed class Restore(FakeStripe fake) : IDisposable
    {
        public void Dispose() => fake._outage = null;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = await StripeRequest.ReadAsync(context.Request);
        _requests.Enqueue(request);
        switch (_outage)
        {
            case Outage.Disconnect:
                context.Abort();
                return;
            case Outage.ServerError:
                await ErrorAsync(context, 500, "api_error", "Something went wrong on Stripe's end.");
                return;
            case Outage.Hang:
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
                return;
        }

        var answer = (request.Method, request.Path) switch
        {
            ("POST", "/v1/checkout/sessions") => CheckoutSession(request),
            ("POST", "/v1/billing_portal/sessions") => PortalSession(request),
            ("GET", "/v1/invoices") => InvoiceList(request),
            ("GET", "/v1/invoice_payments") => InvoicePaymentList(request),
            _ => null,
        };
        if (answer is null)
        {
            await ErrorAsync(context, 404, "invalid_request_error", $"Unrecognized request URL ({request.Method}: {request.Path}).");
            return;
        }
        context.Response.ContentType = "application/json";
        context.Response.Headers["Request-Id"] = "req_" + RandomId();
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private static JsonObject CheckoutSession(StripeRequest request)
    {
        var id = "cs_test_" + RandomId();
        var unitAmount = long.Parse(request.Form["line_items[0][price_data][unit_amount]"]);
        var quantity = long.Parse(request.Form["line_items[0][quantity]"]);
        return new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["url"] = $"https://checkout.stripe.test/c/pay/{id}",
            ["mode"] = request.Form.GetValueOrDefault("mode"),
            ["status"] = "open",
            ["payment_status"] = "unpaid",
            ["amount_total"] = unitAmount * quantity,
            ["currency"] = request.Form.GetValueOrDefault("line_items[0][price_data][currency]"),
            ["client_reference_id"] = request.Form.GetValueOrDefault("client_reference_id"),
            ["customer"] = request.Form.GetValueOrDefault("customer"),
            ["customer_email"] = request.Form.GetValueOrDefault("customer_email"),
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["expires_at"] = DateTimeOffset.UtcNow.AddHours(24).ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["metadata"] = request.Nested("metadata"),
        };
    }

    private static JsonObject PortalSession(StripeRequest request)
    {
        var id = "bps_" + RandomId();
        return new JsonObject
        {
            ["id"] = id,
            ["object"] = "billing_portal.session",
            ["customer"] = request.Form.GetValueOrDefault("customer"),
            ["return_url"] = request.Form.GetValueOrDefault("return_url"),
            ["url"] = $"https://billing.stripe.test/p/session/{id}",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["livemode"] = false,
        };
    }

    private JsonObject InvoiceList(StripeRequest request)
    {
        var subscription = request.Query.GetValueOrDefault("subscription");
        var status = request.Query.GetValueOrDefault("status");
        var limit = int.TryParse(request.Query.GetValueOrDefault("limit"), out var n) ? n : 10;
        var matching = _invoices
            .Where(i => subscription is null
                        || i["parent"]?["subscription_details"]?["subscription"]?.GetValue<string>() == subscription)
            .Where(i => status is null || i["status"]?.GetValue<string>() == status)
            .Take(limit)
            .Select(i => i.DeepClone())
            .ToArray();
        return new JsonObject
        {
            ["object"] = "list",
            ["url"] = "/v1/invoices",
            ["has_more"] = false,
            ["data"] = new JsonArray(matching),
        };
    }

    private JsonObject InvoicePaymentList(StripeRequest request)
    {
        var intent = request.Query.GetValueOrDefault("payment[payment_intent]");
        var matching = intent is not null && request.Query.GetValueOrDefault("payment[type]") == "payment_intent"
                       && _invoiceOfIntent.TryGetValue(intent, out var invoiceId)
            ? new JsonArray(new JsonObject
            {
                ["id"] = "inpay_" + RandomId(),
                ["object"] = "invoice_payment",
                ["invoice"] = invoiceId,
                ["is_default"] = true,
                ["status"] = "paid",
                ["payment"] = new JsonObject { ["type"] = "payment_intent", ["payment_intent"] = intent },
            })
            : [];
        return new JsonObject { ["object"] = "list", ["url"] = "/v1/invoice_payments", ["has_more"] = false, ["data"] = matching };
    }

    private static Task ErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
        }.ToJsonString());
    }

    private static string RandomId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) await _server.DisposeAsync();
    }
}

/// <summary>One request as it reached the fake Stripe, with its form body as the flat keys Stripe.net encodes.</summary>
public sealed record StripeRequest(
    string Method, string Path, string PathAndQuery, IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Form)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    /// <summary>A form field that must be present, e.g. <c>line_items[0][price_data][unit_amount]</c>.</summary>
    public string this[string key] =>
        Form.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"{Method} {Path} has no form field {key}.");

    /// <summary>The fields under one prefix, e.g. metadata[workspace_id] … as {"workspace_id": …}.</summary>
    public JsonObject Nested(string prefix)
    {
        var result = new JsonObject();
        foreach (var (key, value) in Form)
            if (key.StartsWith(prefix + "[", StringComparison.Ordinal) && key.EndsWith(']') && key.IndexOf('[', prefix.Length + 1) < 0)
                result[key[(prefix.Length + 1)..^1]] = value;
        return result;
    }

    public static async Task<StripeRequest> ReadAsync(HttpRequest request)
    {
        var form = request.HasFormContentType
            ? (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
            : [];
        return new StripeRequest(
            request.Method,
            request.Path.Value ?? "",
            request.Path + request.QueryString,
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            form);
    }
}
