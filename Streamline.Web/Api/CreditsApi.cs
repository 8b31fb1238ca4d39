using System.ComponentModel;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
using Streamline.Core.Credits;
using Streamline.Core.Customers;
using Streamline.Core.Formatting;
using Streamline.Core.Data;

namespace Streamline.Web.Api;

/// <summary>
/// The metering API: other apps read the balance, consume and reserve credits with a workspace API
/// key. Every POST needs an <c>Idempotency-Key</c>; it becomes the ledger's idempotency key, so a
/// retried request answers with the first result and never debits twice.
/// </summary>
public static class CreditsApi
{
    public const string ReadPolicy = "api:credits:read";
    public const string WritePolicy = "api:credits:write";
    public const string RateLimitPolicy = "api-key";
    private const int MaxIdempotencyKeyLength = 100;
    private const long MaxAmount = 1_000_000_000_000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public sealed record ConsumeRequest(
        [property: Description("Credits to debit, in millicredits (1 credit = 1000).")] long? AmountMillicredits,
        [property: Description("Shown in the workspace's ledger; at most 500 characters.")] string? Description = null);

    public sealed record ReserveRequest(
        [property: Description("Credits to hold, in millicredits (1 credit = 1000).")] long? AmountMillicredits,
        [property: Description("Shown in the workspace's ledger; at most 500 characters.")] string? Description = null,
        [property: Description("When an unclosed hold is released by itself: 1 to 604800 seconds, 900 when left out.")] int? ExpiresInSeconds = null);

    public sealed record CaptureRequest(
        [property: Description("What the work used, in millicredits, 0 up to the amount held; the rest is returned.")] long? AmountMillicredits);

    public sealed record Balance(
        long BalanceMillicredits,
        [property: Description("A paused wallet refuses spending and holds.")] string Status);

    public sealed record Consumption(
        [property: Description("The ledger entry's id.")] Guid Id,
        long BalanceAfterMillicredits);

    public sealed record NewReservation(
        Guid Id,
        [property: Description("held; a retried request answers with the hold's status now.")] string Status,
        DateTime ExpiresAt);

    public sealed record Reservation(
        Guid Id,
        string Status,
        long AmountMillicredits,
        long CapturedMillicredits);

    public sealed record Transaction(
        Guid Id,
        string Type,
        [property: Description("Negative for a debit.")] long AmountMillicredits,
        long BalanceAfterMillicredits,
        string Description,
        string? RelatedObject,
        DateTime CreatedAt);

    public sealed record TransactionPage(
        [property: Description("Newest first.")] IReadOnlyList<Transaction> Data,
        [property: Description("Pass as ?cursor= for the next page; null on the last page.")] string? NextCursor);

    public static IEndpointRouteBuilder MapCreditsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/credits")
            .RequireRateLimiting(RateLimitPolicy)
            .DisableAntiforgery()
            .AddEndpointFilter(RefuseSuspendedAsync)
            .WithTags("Credits")
            .WithProblems(Problems.InvalidApiKey, Problems.WorkspaceSuspendedType, Problems.RateLimited);

        api.MapGet("/balance", BalanceAsync).RequireAuthorization(ReadPolicy)
            .WithName("GetBalance").WithSummary("The workspace's credit balance.")
            .Produces<Balance>()
            .WithProblems(Problems.InsufficientScopeType);
        api.MapGet("/transactions", TransactionsAsync).RequireAuthorization(ReadPolicy)
            .WithName("ListTransactions").WithSummary("The workspace's ledger, newest first, a page at a time.")
            .Produces<TransactionPage>()
            .WithQueryParameter("limit", JsonSchemaType.Integer, "Entries per page, 1 to 100; 50 when left out.")
            .WithQueryParameter("cursor", JsonSchemaType.String, "The next_cursor of the page before.")
            .WithProblems(Problems.InvalidRequest, Problems.InsufficientScopeType);
        api.MapPost("/consume", ConsumeAsync).RequireAuthorization(WritePolicy)
            .WithName("Consume").WithSummary("Debits credits at once, for work already done.")
            .Accepts<ConsumeRequest>("application/json")
            .Produces<Consumption>(StatusCodes.Status201Created)
            .WithIdempotencyKey()
            .WithProblems(Problems.InsufficientCreditsType, Problems.InsufficientScopeType, Problems.WalletPausedType,
                Problems.IdempotencyKeyReusedType);
        api.MapPost("/reservations", ReserveAsync).RequireAuthorization(WritePolicy)
            .WithName("Reserve").WithSummary("Holds credits before work whose cost is known only after it.")
            .Accepts<ReserveRequest>("application/json")
            .Produces<NewReservation>(StatusCodes.Status201Created)
            .WithIdempotencyKey()
            .WithProblems(Problems.InsufficientCreditsType, Problems.InsufficientScopeType, Problems.WalletPausedType,
                Problems.IdempotencyKeyReusedType);
        api.MapPost("/reservations/{id:guid}/capture", CaptureAsync).RequireAuthorization(WritePolicy)
            .WithName("Capture").WithSummary("Charges what the work used out of a hold and returns the rest.")
            .Accepts<CaptureRequest>("application/json")
            .Produces<Reservation>()
            .WithIdempotencyKey()
            .WithProblems(Problems.InsufficientScopeType, Problems.ReservationNotFoundType, Problems.ReservationClosed,
                Problems.ReservationExpired, Problems.CaptureExceedsHold, Problems.IdempotencyKeyReusedType);
        api.MapPost("/reservations/{id:guid}/release", ReleaseAsync).RequireAuthorization(WritePolicy)
            .WithName("Release").WithSummary("Returns a whole hold: the work did not happen.")
            .Produces<Reservation>()
            .WithIdempotencyKey()
            .WithProblems(Problems.InsufficientScopeType, Problems.ReservationNotFoundType, Problems.ReservationClosed,
                Problems.ReservationExpired);
        return app;
    }

    /// <summary>A suspended workspace's keys still authenticate (so the answer can say why), but every call is refused.</summary>
    private static async ValueTask<object?> RefuseSuspendedAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (Guid.TryParse(http.User.FindFirstValue(ApiKeyAuthenticationHandler.WorkspaceClaim), out var workspaceId)
            && await http.RequestServices.GetRequiredService<CustomerService>().IsSuspendedAsync(workspaceId, http.RequestAborted))
            return Problems.WorkspaceSuspended();
        return await next(context);
    }

    private static async Task<IResult> BalanceAsync(ClaimsPrincipal user, StreamlineDbContext db, CancellationToken ct)
    {
        var workspaceId = WorkspaceOf(user);
        var wallet = await db.Wallets.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().Where(w => w.WorkspaceId == workspaceId)
            .Select(w => new { w.BalanceMillicredits, w.Status }).SingleOrDefaultAsync(ct);
        return Ok(new Balance(wallet?.BalanceMillicredits ?? 0, (wallet?.Status ?? WalletStatus.Active).ToString().ToLowerInvariant()));
    }

    private static async Task<IResult> ConsumeAsync(HttpRequest request, ClaimsPrincipal user, CreditService credits, CancellationToken ct)
    {
        if (IdempotencyKey(request, out var key) is { } missing) return missing;
        var (body, bad) = await ReadAsync<ConsumeRequest>(request, ct);
        if (bad is not null) return bad;
        if (ValidAmount(body!.AmountMillicredits) is { } invalid) return invalid;
        if (ValidDescription(body.Description) is { } badDescription) return badDescription;

        var workspaceId = WorkspaceOf(user);
        var description = Describe(body.Description, "API consumption");
        var result = await credits.SpendAsync(workspaceId, body.AmountMillicredits!.Value, LedgerEntryType.Consumption,
            description, Namespaced(workspaceId, "consume", key), null, null, ct);
        if (result.Duplicate && (result.Amount != -body.AmountMillicredits.Value || result.Reason != description))
            return Problems.IdempotencyKeyReused();
        if (result.Paused) return Problems.WalletPaused();
        if (result.Insufficient) return Problems.InsufficientCredits(result.BalanceAfter);
        return Created(new Consumption(result.EntryId!.Value, result.BalanceAfter));
    }

    private static async Task<IResult> ReserveAsync(HttpRequest request, ClaimsPrincipal user, CreditService credits, CancellationToken ct)
    {
        if (IdempotencyKey(request, out var key) is { } missing) return missing;
        var (body, bad) = await ReadAsync<ReserveRequest>(request, ct);
        if (bad is not null) return bad;
        if (ValidAmount(body!.AmountMillicredits) is { } invalid) return invalid;
        if (ValidDescription(body.Description) is { } badDescription) return badDescription;
        var seconds = body.ExpiresInSeconds ?? 900;
        if (seconds is < 1 or > 7 * 24 * 3600)
            return Problems.Invalid("expires_in_seconds", "Must be between 1 and 604800 seconds.");

        var workspaceId = WorkspaceOf(user);
        var description = Describe(body.Description, "API reservation");
        var result = await credits.ReserveAsync(workspaceId, body.AmountMillicredits!.Value, description, TimeSpan.FromSeconds(seconds),
            Namespaced(workspaceId, "reserve", key), null, ct);
        if (result.Outcome == ReservationOutcome.Repeated && await credits.FindReservationAsync(result.ReservationId!.Value, ct) is { } first
            && (first.AmountMillicredits != body.AmountMillicredits.Value || first.Description != description))
            return Problems.IdempotencyKeyReused();
        return result.Outcome switch
        {
            ReservationOutcome.Paused => Problems.WalletPaused(),
            ReservationOutcome.Insufficient => Problems.InsufficientCredits(result.BalanceAfter ?? 0),
            _ => Created(new NewReservation(result.ReservationId!.Value, result.Status!.Value.ToString().ToLowerInvariant(),
                DateTime.SpecifyKind(result.ExpiresAt!.Value, DateTimeKind.Utc))),
        };
    }

    private static async Task<IResult> CaptureAsync(Guid id, HttpRequest request, ClaimsPrincipal user, CreditService credits, CancellationToken ct)
    {
        if (IdempotencyKey(request, out var key) is { } missing) return missing;
        var (body, bad) = await ReadAsync<CaptureRequest>(request, ct);
        if (bad is not null) return bad;
        if (body!.AmountMillicredits is not { } amount || amount < 0 || amount > MaxAmount)
            return Problems.Invalid("amount_millicredits", "Give the amount to capture in millicredits, 0 or more.");

        var workspaceId = WorkspaceOf(user);
        if (!await OwnsAsync(credits, workspaceId, id, ct)) return Problems.ReservationNotFound();
        var result = await credits.CaptureAsync(id, amount, Namespaced(workspaceId, "capture", key), ct);
        if (result.Outcome == ReservationOutcome.Repeated && (await credits.FindReservationAsync(id, ct))!.CapturedMillicredits != amount)
            return Problems.IdempotencyKeyReused();
        return await ClosedAsync(credits, result, ct);
    }

    private static async Task<IResult> ReleaseAsync(Guid id, HttpRequest request, ClaimsPrincipal user, CreditService credits, CancellationToken ct)
    {
        if (IdempotencyKey(request, out var key) is { } missing) return missing;
        var workspaceId = WorkspaceOf(user);
        if (!await OwnsAsync(credits, workspaceId, id, ct)) return Problems.ReservationNotFound();
        var result = await credits.ReleaseAsync(id, Namespaced(workspaceId, "release", key), ct);
        return await ClosedAsync(credits, result, ct);
    }

    private static async Task<IResult> TransactionsAsync(HttpRequest request, ClaimsPrincipal user, StreamlineDbContext db, CancellationToken ct)
    {
        var limit = 50;
        if (request.Query["limit"].ToString() is { Length: > 0 } rawLimit
            && (!int.TryParse(rawLimit, out limit) || limit is < 1 or > 100))
            return Problems.Invalid("limit", "Must be a whole number from 1 to 100.");

        var workspaceId = WorkspaceOf(user);
        var entries = db.LedgerEntries.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().Where(e => e.WorkspaceId == workspaceId);
        if (request.Query["cursor"].ToString() is { Length: > 0 } rawCursor)
        {
            if (!TryReadCursor(rawCursor, out var at, out var lastId)) return Problems.Invalid("cursor", "Not a cursor this API issued.");
            entries = entries.Where(e => e.CreatedAt < at || (e.CreatedAt == at && e.Id.CompareTo(lastId) < 0));
        }
        var page = await entries.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(limit + 1).ToListAsync(ct);
        var more = page.Count > limit;
        if (more) page.RemoveAt(limit);
        return Ok(new TransactionPage(
            [.. page.Select(e => new Transaction(e.Id, JsonNamingPolicy.SnakeCaseLower.ConvertName(e.Type.ToString()), e.AmountMillicredits,
                e.BalanceAfterMillicredits, e.Reason, e.RelatedObject, DateTime.SpecifyKind(e.CreatedAt, DateTimeKind.Utc)))],
            more ? WriteCursor(page[^1]) : null));
    }

    private static async Task<bool> OwnsAsync(CreditService credits, Guid workspaceId, Guid reservationId, CancellationToken ct) =>
        await credits.FindReservationAsync(reservationId, ct) is { } r && r.WorkspaceId == workspaceId;

    private static async Task<IResult> ClosedAsync(CreditService credits, ReservationResult result, CancellationToken ct)
    {
        switch (result.Outcome)
        {
            case ReservationOutcome.NotFound:
                return Problems.ReservationNotFound();
            case ReservationOutcome.AlreadyClosed:
                return Problems.Problem(Problems.ReservationClosed, $"It is {result.Status?.ToString().ToLowerInvariant()}.");
            case ReservationOutcome.Expired:
                return Problems.Problem(Problems.ReservationExpired);
            case ReservationOutcome.ExceedsHold:
                return Problems.Problem(Problems.CaptureExceedsHold);
        }
        var reservation = (await credits.FindReservationAsync(result.ReservationId!.Value, ct))!;
        return Ok(new Reservation(reservation.Id, reservation.Status.ToString().ToLowerInvariant(), reservation.AmountMillicredits,
            reservation.CapturedMillicredits));
    }

    private static IResult? IdempotencyKey(HttpRequest request, out string key)
    {
        key = request.Headers["Idempotency-Key"].ToString().Trim();
        if (key.Length == 0)
            return Problems.Problem(Problems.IdempotencyKeyRequired, "Send a unique value per operation, e.g. a UUID, and reuse it on retries.");
        if (key.Length > MaxIdempotencyKeyLength)
            return Problems.Invalid("Idempotency-Key", $"At most {MaxIdempotencyKeyLength} characters.");
        return null;
    }

    // Per workspace and per operation: one client's keys can never collide with another's, and a
    // key reused for a different operation is a new operation rather than someone else's answer.
    private static string Namespaced(Guid workspaceId, string operation, string key) => $"api:{workspaceId}:{operation}:{key}";

    private static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, Json, ct);
            return body is null ? (null, Problems.Invalid("body", "A JSON object is required.")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Invalid(e.Path is { Length: > 2 } path ? path[2..] : "body", "The body is not valid JSON for this request."));
        }
    }

    private static IResult? ValidAmount(long? amount) =>
        amount is > 0 and <= MaxAmount ? null : Problems.Invalid("amount_millicredits", "Give a positive amount in millicredits.");

    private static IResult? ValidDescription(string? description) => description switch
    {
        { Length: > 500 } => Problems.Invalid("description", "At most 500 characters."),
        not null when TypedText.HasControlCharacters(description) =>
            Problems.Invalid("description", "Control characters (such as NUL) are not allowed; line breaks and tabs are."),
        _ => null,
    };

    private static string Describe(string? description, string fallback) =>
        string.IsNullOrWhiteSpace(description) ? fallback : description.Trim();

    private static Guid WorkspaceOf(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.WorkspaceClaim)!);

    private static IResult Ok(object value) => Results.Json(value, Json);

    private static IResult Created(object value) => Results.Json(value, Json, statusCode: StatusCodes.Status201Created);

    private static string WriteCursor(LedgerEntry e) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{e.CreatedAt.Ticks}:{e.Id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryReadCursor(string raw, out DateTime at, out Guid id)
    {
        at = default;
        id = default;
        try
        {
            var padded = raw.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':');
            if (parts.Length != 2 || !long.TryParse(parts[0], out var ticks) || !Guid.TryParse(parts[1], out id)) return false;
            at = new DateTime(ticks, DateTimeKind.Utc);
            return ticks > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
