namespace Streamline.Web.Api;

/// <summary>The API's problem+json answers, each with a stable <c>type</c> clients can switch on.</summary>
public static class Problems
{
    public const string BaseUri = "https://streamline.local/problems/";

    public static IResult Problem(int status, string type, string title, string? detail = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: BaseUri + type);

    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            title: "The request is not valid.", type: BaseUri + "invalid-request");

    public static IResult Unauthorized() =>
        Problem(StatusCodes.Status401Unauthorized, "invalid-api-key", "A valid API key is required.",
            "Send an active key as 'Authorization: Bearer sl_live_…' or 'X-Api-Key'.");

    public static IResult InsufficientScope() =>
        Problem(StatusCodes.Status403Forbidden, "insufficient-scope", "This API key lacks the scope this endpoint needs.");

    public static IResult InsufficientCredits(long balance) =>
        Problem(StatusCodes.Status402PaymentRequired, "insufficient-credits", "Not enough credits.",
            $"The balance is {balance} millicredits.");

    public static IResult WalletPaused() =>
        Problem(StatusCodes.Status403Forbidden, "wallet-paused", "Credit use is paused for this workspace.",
            "Spending and reservations are refused until the workspace's credit use is resumed.");

    public static IResult WorkspaceSuspended() =>
        Problem(StatusCodes.Status403Forbidden, "workspace-suspended", "This workspace is suspended.",
            "Every API call is refused until the workspace is reactivated. Contact the agency.");

    public static IResult ReservationNotFound() =>
        Problem(StatusCodes.Status404NotFound, "reservation-not-found", "No such reservation.");

    /// <summary>Replaying the first answer to a different request would hide the client's bug; refusing shows it.</summary>
    public static IResult IdempotencyKeyReused() =>
        Problem(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "This Idempotency-Key was already used for a different request.",
            "Reuse a key only to retry the very same request; use a new key for a new operation.");

    public static IResult TooManyRequests() =>
        Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.", "Wait a moment and try again.");

    public static Task Write(HttpContext context, IResult problem) => problem.ExecuteAsync(context);
}
