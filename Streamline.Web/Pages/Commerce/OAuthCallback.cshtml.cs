using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Commerce;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Commerce;

/// <summary>
/// Where Shopify sends the merchant back after the install: every check passes (genuine HMAC and fresh timestamp, this
/// browser's state, the shop it was started for, an owner of that workspace) before the code is exchanged.
/// </summary>
public class OAuthCallbackModel(CurrentWorkspace current, ShopifyOAuth oauth, ShopifyConnections connections, InstallState installs) : PageModel
{
    public const string Path = "/commerce/oauth/callback";

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!oauth.Enabled) return NotFound();
        var query = Request.Query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString())).ToList();
        var started = installs.Finish(HttpContext, Request.Query["state"]);
        var shop = ShopifyConnections.NormalizeShopDomain(Request.Query["shop"]);
        if (started is null || shop is null || shop != started.Shop || !oauth.CallbackIsGenuine(query))
            return Fail("This install link is not valid or has expired. Start again from the Commerce page.");
        if (current.Active is null || current.Id != started.WorkspaceId || !current.IsOwner) return Forbid();
        if (Request.Query["code"].ToString() is not { Length: > 0 and <= 500 } code) return Fail("Shopify sent no authorization code. Start again.");

        ShopifyTokenSet tokens;
        try
        {
            tokens = await oauth.ExchangeCodeAsync(shop, code, ct);
        }
        catch (Exception e) when (e is ShopifyApiException or HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return Fail("Shopify did not issue a token for this install. Start again from the Commerce page.");
        }
        var result = await connections.ConnectWithOAuthAsync(started.WorkspaceId, shop, tokens, oauth.ExpiresAt(tokens), ct);
        if (result.Error is not null) return Fail(result.Error);
        TempData["Flash"] = "Your store is installed and connected: its orders are syncing now.";
        return Redirect("/commerce");
    }

    private IActionResult Fail(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
