using System.Net;
using Streamline.Core.Billing;
using Streamline.Tests.Support;

namespace Streamline.Tests.Billing;

/// <summary>A tight webhook limit so the limiter's answer can be seen without slowing other tests.</summary>
public sealed class WebhookRateLimitedApp : SandboxBillingApp
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["RateLimits:WebhookPermitLimit"] = "3";
    }
}

public sealed class StripeWebhookRateLimitTests(WebhookRateLimitedApp app) : IClassFixture<WebhookRateLimitedApp>
{
    [Fact]
    public async Task A_flood_of_webhook_posts_gets_429_problem_json_before_any_signature_check_and_stores_nothing()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await app.DeliverAsync("{\"id\":\"evt_flood\"}", signature: "t=1,v1=junk");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.True(last.Headers.Contains("Retry-After"));
        await using var db = app.Database.NewContext();
        Assert.Empty(db.StripeEvents);
    }
}
