using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Credits;
using Streamline.Tests.Support;

namespace Streamline.Tests.Api;

public abstract class CreditsApiTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private const long Credit = 1_000;

    [Fact]
    public async Task A_key_created_on_the_page_is_shown_once_and_reads_its_workspaces_balance()
    {
        var owner = await OwnerAsync(grant: 5 * Credit);

        var page = await owner.Client.GetDocumentAsync("/api-keys");
        var row = page.QuerySelector("#api-key-rows tr")!.TextContent;
        Assert.Contains(owner.Key[..8], row);
        Assert.DoesNotContain(owner.Key, page.Source.Text);
        Assert.Contains("Active", row);

        using var api = Api(owner.Key);
        var response = await api.GetAsync("/api/v1/credits/balance");
        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(5 * Credit, body.GetProperty("balance_millicredits").GetInt64());
        Assert.Equal("active", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Consuming_answers_201_and_repeating_the_idempotency_key_repeats_the_answer_without_a_second_debit()
    {
        var owner = await OwnerAsync(grant: 10 * Credit);
        using var api = Api(owner.Key);

        var first = await PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = 1500, description = "report" }, "run-1");
        var firstBody = await first.Content.ReadAsStringAsync();
        var again = await PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = 1500, description = "report" }, "run-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
        Assert.Equal(8500, JsonDocument.Parse(firstBody).RootElement.GetProperty("balance_after_millicredits").GetInt64());
        Assert.Equal(8500, await BalanceAsync(owner.WorkspaceId));
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_a_different_request_is_refused_with_422_and_changes_nothing()
    {
        var owner = await OwnerAsync(grant: 10 * Credit);
        using var api = Api(owner.Key);

        await PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = 1000, description = "report" }, "reused-1");
        var otherAmount = await PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = 2000, description = "report" }, "reused-1");
        var otherText = await PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = 1000, description = "other" }, "reused-1");
        var held = await JsonAsync(await PostAsync(api, "/api/v1/credits/reservations", new { amount_millicredits = 3000 }, "reused-2"),
            HttpStatusCode.Created);
        var otherHold = await PostAsync(api, "/api/v1/credits/reservations", new { amount_millicredits = 4000 }, "reused-2");
        var id = held.GetProperty("id").GetGuid();
        await PostAsync(api, $"/api/v1/credits/reservations/{id}/capture", new { amount_millicredits = 1000 }, "reused-3");
        var otherCapture = await PostAsync(api, $"/api/v1/credits/reservations/{id}/capture", new { amount_millicredits = 2000 }, "reused-3");

        foreach (var refused in new[] { otherAmount, otherText, otherHold, otherCapture })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("idempotency-key-reused", await refused.Content.ReadAsStringAsync());
        }
        // 10 − 1 consumed − 1 captured (the rest of the hold returned)
        Assert.Equal(8 * Credit, await BalanceAsync(owner.WorkspaceId));
    }

    [Fact]
    public async Task Posts_without_an_idempotency_key_or_with_bad_json_are_refused_with_400_problem_json()
    {
        var owner = await OwnerAsync(grant: 10 * Credit);
        using var api = Api(owner.Key);

        var missing = await PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = 1000 }, idempotencyKey: null);
        var badJson = await api.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/credits/consume")
        {
            Content = new StringContent("{ not json", Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", "bad-json" } },
        });
        var negative = await PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = -5 }, "negative");
        var nul = await PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = 1000, description = "a\0b" }, "nul");
        var nulHold = await PostAsync(api, "/api/v1/credits/reservations", new { amount_millicredits = 1000, description = "a\0b" }, "nul-hold");

        await AssertProblemAsync(missing, HttpStatusCode.BadRequest, "idempotency-key-required");
        await AssertProblemAsync(badJson, HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(negative, HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(nul, HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(nulHold, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal(10 * Credit, await BalanceAsync(owner.WorkspaceId));
    }

    [Fact]
    public async Task Consuming_more_than_the_balance_answers_402_problem_json_and_changes_nothing()
    {
        var owner = await OwnerAsync(grant: 2 * Credit);
        using var api = Api(owner.Key);

        var response = await PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = 2001 }, "too-much");

        await AssertProblemAsync(response, HttpStatusCode.PaymentRequired, "insufficient-credits");
        Assert.Equal(2 * Credit, await BalanceAsync(owner.WorkspaceId));
    }

    [Fact]
    public async Task A_paused_wallet_answers_403_with_the_wallet_paused_problem_type()
    {
        var owner = await OwnerAsync(grant: 5 * Credit);
        await app.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<CreditService>().SetStatusAsync(owner.WorkspaceId, WalletStatus.Paused);
            return 0;
        });
        using var api = Api(owner.Key);

        var consume = await PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = 1000 }, "paused-1");
        var reserve = await PostAsync(api, "/api/v1/credits/reservations", new { amount_millicredits = 1000 }, "paused-2");
        var balance = await JsonAsync(await api.GetAsync("/api/v1/credits/balance"), HttpStatusCode.OK);

        await AssertProblemAsync(consume, HttpStatusCode.Forbidden, "wallet-paused");
        await AssertProblemAsync(reserve, HttpStatusCode.Forbidden, "wallet-paused");
        Assert.Equal("paused", balance.GetProperty("status").GetString());
        Assert.Equal(5 * Credit, await BalanceAsync(owner.WorkspaceId));
    }

    [Fact]
    public async Task A_reservation_holds_credits_and_capture_charges_part_and_returns_the_rest()
    {
        var owner = await OwnerAsync(grant: 10 * Credit);
        using var api = Api(owner.Key);

        var held = await JsonAsync(await PostAsync(api, "/api/v1/credits/reservations",
            new { amount_millicredits = 4000, description = "render", expires_in_seconds = 600 }, "hold-1"), HttpStatusCode.Created);
        var id = held.GetProperty("id").GetGuid();
        Assert.Equal("held", held.GetProperty("status").GetString());
        Assert.True(held.GetProperty("expires_at").GetDateTime() > DateTime.UtcNow.AddMinutes(9));
        Assert.Equal(6 * Credit, await BalanceAsync(owner.WorkspaceId));

        var captured = await JsonAsync(await PostAsync(api, $"/api/v1/credits/reservations/{id}/capture",
            new { amount_millicredits = 2500 }, "capture-1"), HttpStatusCode.OK);
        var again = await PostAsync(api, $"/api/v1/credits/reservations/{id}/capture", new { amount_millicredits = 2500 }, "capture-1");
        var release = await PostAsync(api, $"/api/v1/credits/reservations/{id}/release", null, "release-after-capture");

        Assert.Equal("captured", captured.GetProperty("status").GetString());
        Assert.Equal(2500, captured.GetProperty("captured_millicredits").GetInt64());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await AssertProblemAsync(release, HttpStatusCode.Conflict, "reservation-closed");
        Assert.Equal(7500, await BalanceAsync(owner.WorkspaceId));
    }

    [Fact]
    public async Task Releasing_a_reservation_returns_the_whole_hold()
    {
        var owner = await OwnerAsync(grant: 10 * Credit);
        using var api = Api(owner.Key);
        var held = await JsonAsync(await PostAsync(api, "/api/v1/credits/reservations",
            new { amount_millicredits = 3000 }, "hold-2"), HttpStatusCode.Created);
        var id = held.GetProperty("id").GetGuid();

        var released = await JsonAsync(await PostAsync(api, $"/api/v1/credits/reservations/{id}/release", null, "release-2"), HttpStatusCode.OK);
        var tooBig = await PostAsync(api, "/api/v1/credits/reservations", new { amount_millicredits = 11 * Credit }, "hold-too-big");

        Assert.Equal("released", released.GetProperty("status").GetString());
        await AssertProblemAsync(tooBig, HttpStatusCode.PaymentRequired, "insufficient-credits");
        Assert.Equal(10 * Credit, await BalanceAsync(owner.WorkspaceId));
    }

    [Fact]
    public async Task Another_workspaces_reservation_is_not_found_and_stays_held()
    {
        var a = await OwnerAsync(grant: 10 * Credit);
        var b = await OwnerAsync(grant: 10 * Credit);
        using var apiA = Api(a.Key);
        using var apiB = Api(b.Key);
        var held = await JsonAsync(await PostAsync(apiB, "/api/v1/credits/reservations",
            new { amount_millicredits = 1000 }, "b-hold"), HttpStatusCode.Created);
        var id = held.GetProperty("id").GetGuid();

        var capture = await PostAsync(apiA, $"/api/v1/credits/reservations/{id}/capture", new { amount_millicredits = 1000 }, "steal-1");
        var release = await PostAsync(apiA, $"/api/v1/credits/reservations/{id}/release", null, "steal-2");

        await AssertProblemAsync(capture, HttpStatusCode.NotFound, "reservation-not-found");
        await AssertProblemAsync(release, HttpStatusCode.NotFound, "reservation-not-found");
        await using var db = app.Database.NewContext();
        Assert.Equal(ReservationStatus.Held, (await db.CreditReservations.IgnoreQueryFilters().SingleAsync(r => r.Id == id)).Status);
        Assert.Equal(9 * Credit, await BalanceAsync(b.WorkspaceId));
    }

    [Fact]
    public async Task A_revoked_key_is_refused_with_401_problem_json()
    {
        var owner = await OwnerAsync(grant: 1 * Credit);
        using var api = Api(owner.Key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/credits/balance")).StatusCode);
        await using (var db = app.Database.NewContext())
        {
            var id = await db.ApiKeys.IgnoreQueryFilters().Where(k => k.WorkspaceId == owner.WorkspaceId).Select(k => k.Id).SingleAsync();
            var revoke = await HtmxPostAsync(owner.Client, $"/api-keys?handler=Revoke&id={id}", []);
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
            Assert.Contains("Revoked", await revoke.Content.ReadAsStringAsync());
        }

        var refused = await api.GetAsync("/api/v1/credits/balance");
        using var noKey = Api(null);
        var anonymous = await noKey.GetAsync("/api/v1/credits/balance");

        await AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "invalid-api-key");
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "invalid-api-key");
    }

    [Fact]
    public async Task Revoking_another_workspaces_key_is_not_found()
    {
        var a = await OwnerAsync();
        var b = await OwnerAsync();
        await using var db = app.Database.NewContext();
        var bKey = await db.ApiKeys.IgnoreQueryFilters().Where(k => k.WorkspaceId == b.WorkspaceId).Select(k => k.Id).SingleAsync();

        var response = await HtmxPostAsync(a.Client, $"/api-keys?handler=Revoke&id={bKey}", []);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null((await db.ApiKeys.IgnoreQueryFilters().SingleAsync(k => k.Id == bKey)).RevokedAt);
    }

    [Fact]
    public async Task A_read_only_key_cannot_consume()
    {
        var owner = await OwnerAsync(grant: 1 * Credit, scopes: [ApiKey.ScopeRead]);
        using var api = Api(owner.Key);

        var response = await PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = 1000 }, "read-only");

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "insufficient-scope");
        Assert.Equal(1 * Credit, await BalanceAsync(owner.WorkspaceId));
    }

    [Fact]
    public async Task A_key_sees_only_its_own_workspaces_transactions()
    {
        var a = await OwnerAsync(grant: 3 * Credit);
        var b = await OwnerAsync(grant: 7 * Credit);
        using var apiA = Api(a.Key);
        using var apiB = Api(b.Key);
        await PostAsync(apiB, "/api/v1/credits/consume", new { amount_millicredits = 1000, description = "b only" }, "b-spend");

        var body = await JsonAsync(await apiA.GetAsync("/api/v1/credits/transactions"), HttpStatusCode.OK);

        var entry = Assert.Single(body.GetProperty("data").EnumerateArray());
        Assert.Equal(3 * Credit, entry.GetProperty("amount_millicredits").GetInt64());
        Assert.Equal("admin_grant", entry.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task Transactions_come_newest_first_in_pages_joined_by_a_cursor()
    {
        var owner = await OwnerAsync(grant: 10 * Credit);
        using var api = Api(owner.Key);
        for (var i = 1; i <= 4; i++)
            Assert.Equal(HttpStatusCode.Created, (await PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = i, description = $"call {i}" }, $"page-{i}")).StatusCode);

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = "/api/v1/credits/transactions?limit=2" + (cursor is null ? "" : $"&cursor={cursor}");
            var body = await JsonAsync(await api.GetAsync(url), HttpStatusCode.OK);
            seen.AddRange(body.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("description").GetString()!));
            cursor = body.GetProperty("next_cursor").GetString();
            pages++;
        } while (cursor is not null && pages < 10);

        Assert.Equal(["call 4", "call 3", "call 2", "call 1", "arrange"], seen);
        Assert.Equal(3, pages);
        await AssertProblemAsync(await api.GetAsync("/api/v1/credits/transactions?limit=101"), HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task Fifty_concurrent_consumes_against_twenty_credits_debit_exactly_twenty()
    {
        var owner = await OwnerAsync(grant: 20 * Credit);
        using var api = Api(owner.Key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/credits/balance")).StatusCode);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = Credit }, $"burst-{i}")));

        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(30, responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired));
        Assert.Equal(0, await BalanceAsync(owner.WorkspaceId));
        await using var db = app.Database.NewContext();
        Assert.Equal(0, await db.LedgerEntries.IgnoreQueryFilters().Where(e => e.WorkspaceId == owner.WorkspaceId).SumAsync(e => e.AmountMillicredits));
    }

    [Fact]
    public async Task The_bodies_the_api_writes_have_exactly_the_properties_its_document_declares()
    {
        var owner = await OwnerAsync(grant: 10 * Credit);
        using var api = Api(owner.Key);
        using var anonymous = Api(null);
        var schemas = (await JsonAsync(await anonymous.GetAsync("/openapi/v1.json"), HttpStatusCode.OK)).GetProperty("components").GetProperty("schemas");

        var held = await JsonAsync(await PostAsync(api, "/api/v1/credits/reservations", new { amount_millicredits = 3000 }, "doc-1"), HttpStatusCode.Created);
        var bodies = new (string Schema, JsonElement Body)[]
        {
            ("Balance", await JsonAsync(await api.GetAsync("/api/v1/credits/balance"), HttpStatusCode.OK)),
            ("Consumption", await JsonAsync(await PostAsync(api, "/api/v1/credits/consume", new { amount_millicredits = 1000 }, "doc-2"),
                HttpStatusCode.Created)),
            ("NewReservation", held),
            ("Reservation", await JsonAsync(await PostAsync(api, $"/api/v1/credits/reservations/{held.GetProperty("id").GetGuid()}/capture",
                new { amount_millicredits = 2000 }, "doc-3"), HttpStatusCode.OK)),
            ("TransactionPage", await JsonAsync(await api.GetAsync("/api/v1/credits/transactions"), HttpStatusCode.OK)),
        };
        var transaction = bodies[^1].Body.GetProperty("data")[0];

        foreach (var (schema, body) in bodies.Append(("Transaction", transaction)))
            Assert.Equal(Names(schemas.GetProperty(schema).GetProperty("properties")), Names(body));
        Assert.Contains(transaction.GetProperty("type").GetString(),
            schemas.GetProperty("Transaction").GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));

        static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order()];
    }

    private sealed record Owner(AppClient Client, Guid WorkspaceId, string Key);

    /// <summary>A signed-in owner with a fresh workspace and a key created through the page.</summary>
    private async Task<Owner> OwnerAsync(long grant = 0, string[]? scopes = null)
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        Guid workspaceId;
        await using (var db = app.Database.NewContext())
            workspaceId = await db.Users.Where(u => u.Email == email)
                .Join(db.WorkspaceMembers, u => u.Id, m => m.UserId, (_, m) => m.WorkspaceId).SingleAsync();
        if (grant > 0)
            await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>()
                .GrantAsync(workspaceId, grant, LedgerEntryType.AdminGrant, "arrange", $"test:{Guid.NewGuid()}", null, null));

        var fields = new List<KeyValuePair<string, string>> { new("Input.Name", "Automation") };
        fields.AddRange((scopes ?? [ApiKey.ScopeRead, ApiKey.ScopeWrite]).Select(s => new KeyValuePair<string, string>("Input.Scopes", s)));
        var created = await HtmxPostAsync(client, "/api-keys?handler=Create", fields);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var key = (await AppClient.ParseAsync(created)).QuerySelector("#new-api-key")?.TextContent.Trim();
        Assert.StartsWith("sl_live_", key);
        return new(client, workspaceId, key!);
    }

    private static async Task<HttpResponseMessage> HtmxPostAsync(AppClient client, string url, List<KeyValuePair<string, string>> fields)
    {
        var token = await client.AntiforgeryTokenAsync("/api-keys");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        return await client.Http.SendAsync(request);
    }

    private HttpClient Api(string? key)
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false,
        });
        if (key is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient api, string url, object? body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return api.SendAsync(request);
    }

    private async Task<long> BalanceAsync(Guid workspaceId)
    {
        await using var db = app.Database.NewContext();
        return await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspaceId).Select(w => w.BalanceMillicredits).SingleAsync();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"https://streamline.local/problems/{type}", JsonDocument.Parse(text).RootElement.GetProperty("type").GetString());
    }
}

[Collection(SharedApps.Sqlite3)]
public sealed class CreditsApiTestsOnSqlite(SqliteApp app) : CreditsApiTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class CreditsApiTestsOnPostgres(PostgresApp app) : CreditsApiTests<PostgresApp>(app);

/// <summary>A fixture with a tight API limit so the limiter's answer can be seen without slowing other tests.</summary>
public sealed class ApiRateLimitedApp : StreamlineApp
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["RateLimits:ApiPermitLimit"] = "3";
        settings["RateLimits:ApiFailurePermitLimit"] = "8";
    }
}

public sealed class CreditsApiRateLimitTests(ApiRateLimitedApp app) : IClassFixture<ApiRateLimitedApp>
{
    [Fact]
    public async Task Hammering_the_api_with_one_key_gets_429_problem_json_while_another_key_still_works()
    {
        using var one = Api("sl_live_one-key-that-does-not-exist");
        using var other = Api("sl_live_another-key-that-does-not-exist");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await one.GetAsync("/api/v1/credits/balance");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.Contains("https://streamline.local/problems/rate-limited", await last.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/v1/credits/balance")).StatusCode);
    }

    [Fact]
    public async Task A_new_invalid_key_per_request_from_one_address_still_gets_429_while_another_address_does_not()
    {
        var address = TestClientAddress.NewAddress();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 10; i++)
        {
            using var api = Api($"sl_live_guess-{Guid.NewGuid():N}", address);
            last = await api.GetAsync("/api/v1/credits/balance");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal(8, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses[8..]);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(last.Headers.RetryAfter);
        using var elsewhere = Api($"sl_live_guess-{Guid.NewGuid():N}", TestClientAddress.NewAddress());
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/v1/credits/balance")).StatusCode);
    }

    private HttpClient Api(string key, string address)
    {
        var http = Api(key);
        http.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return http;
    }

    private HttpClient Api(string key)
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }
}
