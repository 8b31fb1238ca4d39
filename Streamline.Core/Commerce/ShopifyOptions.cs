namespace Streamline.Core.Commerce;

/// <summary><c>Shopify:*</c> settings. Without them the workspace can still connect the demo store or paste a token.</summary>
public sealed class ShopifyOptions
{
    public const string Section = "Shopify";

    /// <summary>One pinned Admin API version: every query and webhook shape here is written against it.</summary>
    public const string ApiVersion = "2026-07";

    /// <summary>
    /// Replaces <c>https://{shop}</c> for every Admin API call (a local server that speaks the API in tests and the
    /// benchmark); the path <c>/admin/api/{version}/graphql.json</c> follows it.
    /// </summary>
    public string? ApiBase { get; set; }

    /// <summary>The app's client id and secret: the OAuth install, and the key of webhook signatures.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The secret before a rotation: Shopify may still sign with it for up to an hour.</summary>
    public string? PreviousClientSecret { get; set; }

    public int SyncIntervalMinutes { get; set; } = 15;

    /// <summary>Objects per page; Shopify allows up to 250.</summary>
    public int PageSize { get; set; } = 100;

    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>An order placed this long after a conversation's last message still counts as that conversation's sale.</summary>
    public int AttributionWindowDays { get; set; } = 30;

    public bool OAuthEnabled => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);

    /// <summary>Every secret a webhook signature may be made with right now.</summary>
    public IEnumerable<string> WebhookSecrets()
    {
        if (!string.IsNullOrWhiteSpace(ClientSecret)) yield return ClientSecret;
        if (!string.IsNullOrWhiteSpace(PreviousClientSecret)) yield return PreviousClientSecret;
    }

    public Uri GraphQlEndpoint(string shopDomain) =>
        new($"{(string.IsNullOrWhiteSpace(ApiBase) ? $"https://{shopDomain}" : ApiBase.TrimEnd('/'))}/admin/api/{ApiVersion}/graphql.json");
}
