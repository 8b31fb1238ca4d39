namespace Streamline.Web.Api;

/// <summary>One kind of problem+json answer: clients switch on its <see cref="Uri"/>, the API document lists it.</summary>
public sealed record ProblemType(int Status, string Slug, string Title)
{
    public string Uri => Problems.BaseUri + Slug;
}

/// <summary>The API's problem+json answers, each with a stable <c>type</c> clients can switch on.</summary>
public static class Problems
{
    public const string BaseUri = "https://streamline.local/problems/";

    public static readonly ProblemType InvalidRequest = new(StatusCodes.Status400BadRequest, "invalid-request", "The request is not valid.");
    public static readonly ProblemType IdempotencyKeyRequired =
        new(StatusCodes.Status400BadRequest, "idempotency-key-required", "An Idempotency-Key header is required.");
    public static readonly ProblemType InvalidApiKey = new(StatusCodes.Status401Unauthorized, "invalid-api-key", "A valid API key is required.");
    public static readonly ProblemType InsufficientCreditsType = new(StatusCodes.Status402PaymentRequired, "insufficient-credits", "Not enough credits.");
    public static readonly ProblemType InsufficientScopeType =
        new(StatusCodes.Status403Forbidden, "insufficient-scope", "This API key lacks the scope this endpoint needs.");
    public static readonly ProblemType WalletPausedType =
        new(StatusCodes.Status403Forbidden, "wallet-paused", "Credit use is paused for this workspace.");
    public static readonly ProblemType WorkspaceSuspendedType =
        new(StatusCodes.Status403Forbidden, "workspace-suspended", "This workspace is suspended.");
    public static readonly ProblemType ReservationNotFoundType = new(StatusCodes.Status404NotFound, "reservation-not-found", "No such reservation.");
    public static readonly ProblemType ReservationClosed = new(StatusCodes.Status409Conflict, "reservation-closed", "The reservation is already closed.");
    public static readonly ProblemType ReservationExpired = new(StatusCodes.Status409Conflict, "reservation-expired", "The reservation has expired.");
    public static readonly ProblemType CaptureExceedsHold =
        new(StatusCodes.Status422UnprocessableEntity, "capture-exceeds-hold", "The capture is larger than the amount held.");
    public static readonly ProblemType IdempotencyKeyReusedType =
        new(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "This Idempotency-Key was already used for a different request.");
    public static readonly ProblemType RateLimited = new(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.");

    public static IResult Problem(int status, string type, string title, string? detail = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: BaseUri + type);

    public static IResult Problem(ProblemType problem, string? detail = null) =>
        Results.Problem(detail: detail, statusCode: problem.Status, title: problem.Title, type: problem.Uri);

    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            title: InvalidRequest.Title, type: InvalidRequest.Uri);

    public static IResult Unauthorized() =>
        Problem(InvalidApiKey, "Send an active key as 'Authorization: Bearer sl_live_…' or 'X-Api-Key'.");

    public static IResult InsufficientScope() => Problem(InsufficientScopeType);

    public static IResult InsufficientCredits(long balance) =>
        Problem(InsufficientCreditsType, $"The balance is {balance} millicredits.");

    public static IResult WalletPaused() =>
        Problem(WalletPausedType, "Spending and reservations are refused until the workspace's credit use is resumed.");

    public static IResult WorkspaceSuspended() =>
        Problem(WorkspaceSuspendedType, "Every API call is refused until the workspace is reactivated. Contact the agency.");

    public static IResult ReservationNotFound() => Problem(ReservationNotFoundType);

    /// <summary>Replaying the first answer to a different request would hide the client's bug; refusing shows it.</summary>
    public static IResult IdempotencyKeyReused() =>
        Problem(IdempotencyKeyReusedType, "Reuse a key only to retry the very same request; use a new key for a new operation.");

    public static IResult TooManyRequests() => Problem(RateLimited, "Wait a moment and try again.");

    public static Task Write(HttpContext context, IResult problem) => problem.ExecuteAsync(context);
}
