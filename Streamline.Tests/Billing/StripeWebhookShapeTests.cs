using System.Net;
using Streamline.Tests.Support;

namespace Streamline.Tests.Billing;

/// <summary>A correctly signed body that is not a Stripe event is a 400 that stores nothing, whatever its values' kinds.</summary>
public sealed class StripeWebhookShapeTests(SandboxBillingSqliteApp app) : IClassFixture<SandboxBillingSqliteApp>
{
    [Theory]
    [InlineData("""{"id":"evt_shape_1","type":"checkout.session.completed","created":"1765000000","data":{"object":{}}}""")]
    [InlineData("""{"id":"evt_shape_2","type":42,"created":1765000000,"data":{"object":{}}}""")]
    [InlineData("""{"id":"evt_shape_3","type":"invoice.paid","created":99999999999999999,"data":{"object":{}}}""")]
    [InlineData("""{"id":"evt_shape_4","type":"invoice.paid","created":-5,"data":{"object":{}}}""")]
    [InlineData("""{"id":"evt_shape_5","type":"invoice.paid","created":1.5,"data":{"object":{}}}""")]
    [InlineData("""["not","an","object"]""")]
    public async Task A_signed_body_with_values_of_the_wrong_kind_is_a_400_and_stores_nothing(string payload)
    {
        var response = await app.DeliverAsync(payload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = app.Database.NewContext();
        Assert.DoesNotContain(db.StripeEvents, e => e.Id.StartsWith("evt_shape_"));
    }
}
