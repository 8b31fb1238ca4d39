using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Campaigns;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Tests.Conversations;
using Streamline.Tests.Support;

namespace Streamline.Tests.Channels;

/// <summary>The app with <c>Channels:WhatsApp:ApiBase</c> pointing at a <see cref="FakeWhatsApp"/> started with it.</summary>
public abstract class WhatsAppApp : StreamlineApp
{
    public FakeWhatsApp WhatsApp { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        WhatsApp = await FakeWhatsApp.StartAsync();
        await base.InitializeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Channels:WhatsApp:ApiBase"] = WhatsApp.Url;
        settings["Channels:GraphApiVersion"] = FakeWhatsApp.Version;
    }

    /// <summary>WebApplicationFactory's DisposeAsync ends here once the app has stopped.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) WhatsApp?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}

public sealed class SqliteWhatsAppApp : WhatsAppApp;

public sealed class PostgresWhatsAppApp : WhatsAppApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>A workspace with a campaign on WhatsApp, credits and a connected WhatsApp number, and a customer writing to it.</summary>
public sealed class WhatsAppScene(WhatsAppApp app, Guid workspaceId, string ownerEmail, MessagingChannel channel, string appSecret)
{
    public Guid WorkspaceId => workspaceId;
    public string OwnerEmail => ownerEmail;
    public MessagingChannel Channel => channel;
    public string AppSecret => appSecret;
    public string Customer { get; } = "1" + RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<WhatsAppScene> CreateAsync(WhatsAppApp app)
    {
        var scene = await ConversationScene.CreateAsync(app);
        await using (var db = app.Database.NewContext())
            await db.Campaigns.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.Id == scene.CampaignId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Channels, CampaignChannels.Web | CampaignChannels.WhatsApp));
        return await ConnectAsync(app, scene.WorkspaceId, scene.OwnerEmail);
    }

    /// <summary>A WhatsApp number connected to an existing workspace (one a signed-in test user owns).</summary>
    public static async Task<WhatsAppScene> ConnectAsync(WhatsAppApp app, Guid workspaceId, string ownerEmail)
    {
        var secret = "app-secret-" + Guid.NewGuid().ToString("N")[..8];
        var route = RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "123456";
        await using var db = app.Database.NewContext();
        var channel = new MessagingChannel
        {
            WorkspaceId = workspaceId, Channel = ConversationChannel.WhatsApp, Name = "Sales line", RouteKey = route,
            CredentialsCiphertext = app.Services.GetRequiredService<ChannelSecrets>()
                .Protect(new ChannelCredentials(route, "880480571844883", FakeWhatsApp.Token, secret)),
            Connection = ChannelConnection.Connected, ConnectedAt = DateTime.UtcNow,
        };
        db.MessagingChannels.Add(channel);
        await db.SaveChangesAsync();
        return new WhatsAppScene(app, workspaceId, ownerEmail, channel, secret);
    }

    public string TextPayload(string text, string? wamid = null, DateTimeOffset? at = null) => Payload(new JsonObject
    {
        ["from"] = Customer, ["id"] = wamid ?? NewWamid(), ["timestamp"] = Unix(at), ["type"] = "text", ["text"] = new JsonObject { ["body"] = text },
    });

    public string Payload(JsonObject message) => Envelope(new JsonObject
    {
        ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Mauricio Binda" }, ["wa_id"] = Customer }),
        ["messages"] = new JsonArray(message),
    });

    public string StatusPayload(string wamid, string status, int? errorCode = null) => Envelope(new JsonObject
    {
        ["statuses"] = new JsonArray(new JsonObject
        {
            ["id"] = wamid, ["status"] = status, ["timestamp"] = Unix(null), ["recipient_id"] = Customer,
            ["errors"] = errorCode is null ? null : new JsonArray(new JsonObject
            {
                ["code"] = errorCode, ["title"] = "Message undeliverable", ["message"] = "Message undeliverable",
                ["error_data"] = new JsonObject { ["details"] = "Message failed to send." },
            }),
        }),
    });

    private string Envelope(JsonObject value)
    {
        value["messaging_product"] = "whatsapp";
        value["metadata"] = new JsonObject { ["display_phone_number"] = "15550000000", ["phone_number_id"] = channel.RouteKey };
        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = "880480571844883",
                ["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = "messages" }),
            }),
        }.ToJsonString();
    }

    public static string NewWamid() => "wamid." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    private static string Unix(DateTimeOffset? at) =>
        (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Posts to <c>/webhooks/whatsapp</c> as Meta does: the bytes, signed with the app secret (or <paramref name="signature"/>).</summary>
    public async Task<HttpResponseMessage> DeliverAsync(HttpClient http, string payload, string? signature = null)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = content };
        request.Headers.Add(MetaSignature.Header, signature ?? MetaSignature.Sign(bytes, appSecret));
        return await http.SendAsync(request);
    }

    public async Task<List<ChatMessage>> MessagesAsync()
    {
        await using var db = app.Database.NewContext();
        return await db.ChatMessages.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId).OrderBy(m => m.CreatedAt).ThenBy(m => m.Sequence).ToListAsync();
    }

    public async Task<List<ChannelMessage>> RowsAsync(ChannelDirection direction)
    {
        await using var db = app.Database.NewContext();
        return await db.ChannelMessages.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(r => r.ChannelId == channel.Id && r.Direction == direction).OrderBy(r => r.CreatedAt).ThenBy(r => r.Part).ToListAsync();
    }

    /// <summary>
    /// Waits until the pump has processed every message the channel received: a webhook stores only the received row, and
    /// the identity, conversation and chat message come after.
    /// </summary>
    public Task ProcessedAsync() => EventuallyAsync(async () =>
    {
        await using var db = app.Database.NewContext();
        return await db.ChannelInbound.IgnoreQueryFilters(QueryFilters.Workspace).CountAsync(r => r.ChannelId == channel.Id && r.ProcessedAt == null);
    }, pending => pending == 0);

    public async Task<ChannelIdentity> IdentityAsync()
    {
        await using var db = app.Database.NewContext();
        return await db.ChannelIdentities.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking().SingleAsync(i => i.ChannelId == channel.Id);
    }

    /// <summary>A service resolved in a scope that has entered this workspace, as the middleware does for a member's request.</summary>
    public Task<T> InWorkspaceAsync<T>(Func<IServiceProvider, Task<T>> action) => app.WithScopeAsync(sp =>
    {
        sp.GetRequiredService<WorkspaceScope>().Enter(workspaceId);
        return action(sp);
    });

    public async Task<Core.Conversations.Inbox.InboxActor> OwnerAsync()
    {
        await using var db = app.Database.NewContext();
        var id = await db.Users.Where(u => u.Email == ownerEmail).Select(u => u.Id).SingleAsync();
        return new(id, "Olivia");
    }

    public IReadOnlyList<WhatsAppSend> SendsToCustomer => [.. app.WhatsApp.Sends.Where(s => s.PhoneNumberId == channel.RouteKey)];

    /// <summary>Polls until <paramref name="done"/> holds: the background jobs run on their own schedule.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > until) Assert.Fail($"Still not done after {seconds} s: {value}");
            await Task.Delay(100);
        }
    }
}
