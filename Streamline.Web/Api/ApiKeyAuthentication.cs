using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Streamline.Core.Credits;
using Streamline.Core.Data;

namespace Streamline.Web.Api;

/// <summary>
/// Authenticates <c>Authorization: Bearer sl_live_…</c> (or <c>X-Api-Key</c>) as the key's workspace
/// and enters that workspace into the request's scope. Challenges and refusals answer in problem+json.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys, WorkspaceScope scope)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string WorkspaceClaim = "streamline:api-workspace";
    public const string KeyClaim = "streamline:api-key";
    public const string ScopeClaim = "scope";

    public static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers["X-Api-Key"].ToString() is { Length: > 0 } header) return header.Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (string.IsNullOrEmpty(presented)) return AuthenticateResult.NoResult();
        var key = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("Invalid or revoked API key.");

        scope.Enter(key.WorkspaceId);
        var claims = new List<Claim>
        {
            new(WorkspaceClaim, key.WorkspaceId.ToString()),
            new(KeyClaim, key.Id.ToString()),
        };
        claims.AddRange(key.ScopeList.Select(s => new Claim(ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Write(Context, Problems.Unauthorized());
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, Problems.InsufficientScope());
}
