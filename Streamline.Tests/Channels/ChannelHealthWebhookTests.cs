using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Health;
using Streamline.Tests.Support;

namespace Streamline.Tests.Channels;

/// <summary>Channel health fed by the real WhatsApp webhook and the real send job, against a fake Graph API.</summary>
public abstract class ChannelHealthWebhookTests<TApp>(TApp app) where TApp : WhatsAppApp
{
    private async Task<ChannelHealthRecord?> HealthAsync(WhatsAppScene scene)
    {
        await using var db = app.Database.NewContext();
        return await db.ChannelHealth.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(h => h.ChannelId == scene.Channel.Id);
    }

    private async Task<int> TroubleMailsAsync(WhatsAppScene scene)
    {
        await using var db = app.Database.NewContext();
        return await db.EmailMessages.CountAsync(m => m.To == scene.OwnerEmail && m.Template == "channel-trouble");
    }

    [Fact]
    public async Task Bad_signatures_through_the_webhook_open_one_incident_and_a_good_delivery_closes_it()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();

        for (var i = 0; i < ChannelHealth.SignatureFailuresForIncident + 2; i++)
        {
            var response = await scene.DeliverAsync(client.Http, scene.TextPayload("Hello"), signature: "sha256=" + new string('0', 64));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var troubled = await HealthAsync(scene);
        Assert.Equal(ChannelTrouble.BadSignatures, troubled!.Trouble);
        Assert.Equal(ChannelHealth.SignatureFailuresForIncident + 2, troubled.SignatureFailures);
        Assert.Equal(1, await TroubleMailsAsync(scene));

        Assert.Equal(HttpStatusCode.OK, (await scene.DeliverAsync(client.Http, scene.TextPayload("Hello again"))).StatusCode);
        var healed = await HealthAsync(scene);
        Assert.Equal(ChannelTrouble.None, healed!.Trouble);
        Assert.Equal(0, healed.SignatureFailuresInARow);
        Assert.NotNull(healed.LastInboundAt);
        Assert.Equal(1, await TroubleMailsAsync(scene));
    }

    [Fact]
    public async Task A_token_graph_refuses_on_a_send_opens_an_incident_and_the_next_sent_reply_closes_it()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        app.WhatsApp.FailNext(scene.Channel.RouteKey, HttpStatusCode.Unauthorized, graphCode: 190, message: "Error validating access token");
        using var client = app.NewClient();

        await scene.DeliverAsync(client.Http, scene.TextPayload("Hello there"));

        var troubled = await WhatsAppScene.EventuallyAsync(() => HealthAsync(scene), h => h?.Trouble == ChannelTrouble.TokenExpired);
        Assert.Equal("190: Error validating access token", troubled!.LastError);
        Assert.Equal(1, await TroubleMailsAsync(scene));

        await scene.DeliverAsync(client.Http, scene.TextPayload("Anyone?"));

        var healed = await WhatsAppScene.EventuallyAsync(() => HealthAsync(scene), h => h?.Trouble == ChannelTrouble.None && h.LastSentAt != null);
        Assert.Equal(0, healed!.ProviderErrorsInARow);
        Assert.Equal(1, await TroubleMailsAsync(scene));
    }
}

public sealed class ChannelHealthWebhookTests_Sqlite(SqliteWhatsAppApp app)
    : ChannelHealthWebhookTests<SqliteWhatsAppApp>(app), IClassFixture<SqliteWhatsAppApp>;

public sealed class ChannelHealthWebhookTests_Postgres(PostgresWhatsAppApp app)
    : ChannelHealthWebhookTests<PostgresWhatsAppApp>(app), IClassFixture<PostgresWhatsAppApp>;
