using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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

    public sealed record ConsumeRequest(long? AmountMillicredits, string? Description);
    public sealed record ReserveRequest(long? AmountMillicredits, string? Description, int? ExpiresInSeconds);
    public sealed record CaptureRequest(long? AmountMillicredits);

    public static IEndpointRouteBuilder MapCreditsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/credits")
            .RequireRateLimiting(RateLimitPolicy)
            .DisableAntiforgery()
            .AddEndpointFilter(RefuseSuspendedAsync);

        api.MapGet("/balance", BalanceAsync).RequireAuthorization(ReadPolicy);
        api.MapGet("/transactions", TransactionsAsync).RequireAuthorization(ReadPolicy);
        api.MapPost("/consume", ConsumeAsync).RequireAuthorization(WritePolicy);
        api.MapPost("/reservations", ReserveAsync).RequireAuthorization(WritePolicy);
        api.MapPost("/reservations/{id:guid}/capture", CaptureAsync).RequireAuthorization(WritePolicy);
        api.MapPost("/reservations/{id:guid}/release", ReleaseAsync).RequireAuthorization(WritePolicy);
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
        return Ok(new
        {
            BalanceMillicredits = wallet?.BalanceMillicredits ?? 0,
            Status = (wallet?.Status ?? WalletStatus.Active).ToString().ToLowerInvariant(),
        });
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
        return Created(new { Id = result.EntryId, BalanceAfterMillicredits = result.BalanceAfter });
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
            _ => Created(new
            {
                Id = result.ReservationId,
                Status = result.Status?.ToString().ToLowerInvariant(),
                ExpiresAt = result.ExpiresAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : (DateTime?)null,
            }),
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
        return Ok(new
        {
            Data = page.Select(e => new
            {
                e.Id,
                Type = JsonNamingPolicy.SnakeCaseLower.ConvertName(e.Type.ToString()),
                e.AmountMillicredits,
                e.BalanceAfterMillicredits,
                Description = e.Reason,
                e.RelatedObject,
                CreatedAt = DateTime.SpecifyKind(e.CreatedAt, DateTimeKind.Utc),
            }),
            NextCursor = more ? WriteCursor(page[^1]) : null,
        });
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
                return Problems.Problem(StatusCodes.Status409Conflict, "reservation-closed", "The reservation is already closed.",
                    $"It is {result.Status?.ToString().ToLowerInvariant()}.");
            case ReservationOutcome.Expired:
                return Problems.Problem(StatusCodes.Status409Conflict, "reservation-expired", "The reservation has expired.");
            case ReservationOutcome.ExceedsHold:
                return Problems.Problem(StatusCodes.Status422UnprocessableEntity, "capture-exceeds-hold",
                    "The capture is larger than the amount held.");
        }
        var reservation = (await credits.FindReservationAsync(result.ReservationId!.Value, ct))!;
        return Ok(new
        {
            reservation.Id,
            Status = reservation.Status.ToString().ToLowerInvariant(),
            reservation.AmountMillicredits,
            reservation.CapturedMillicredits,
        });
    }

    private static IResult? IdempotencyKey(HttpRequest request, out string key)
    {
        key = request.Headers["Idempotency-Key"].ToString().Trim();
        if (key.Length == 0)
            return Problems.Problem(StatusCodes.Status400BadRequest, "idempotency-key-required",
                "An Idempotency-Key header is required.", "Send a unique value per operation, e.g. a UUID, and reuse it on retries.");
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
