using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Channels;

/// <summary>Every delivery an endpoint handed on, in order: what the endpoint tests assert "stored" and "nothing stored" on.</summary>
public sealed class RecordingChannelIngest : IChannelIngest
{
    private readonly ConcurrentQueue<(Guid ChannelId, ChannelWebhookBatch Batch)> _accepted = new();

    public IReadOnlyList<(Guid ChannelId, ChannelWebhookBatch Batch)> Accepted => [.. _accepted];

    public IEnumerable<InboundChannelMessage> MessagesFor(Guid channelId) =>
        _accepted.Where(a => a.ChannelId == channelId).SelectMany(a => a.Batch.Messages);

    public Task<ChannelIngestResult> AcceptAsync(MessagingChannel channel, ChannelWebhookBatch batch, CancellationToken ct)
    {
        _accepted.Enqueue((channel.Id, batch));
        return Task.FromResult(new ChannelIngestResult(batch.Messages.Count, 0, batch.Statuses.Count));
    }
}

/// <summary>
/// The app with <c>Channels:Telegram:ApiBase</c> and the Messenger and Instagram API bases pointing at a
/// <see cref="FakeTelegram"/> and a <see cref="FakeMetaGraph"/> started with it, and the webhook endpoints' ingest recorded
/// (or, with <see cref="RecordsIngest"/> off, the real ingest, chat turn and outbox).
/// </summary>
public abstract class MetaTelegramApp : StreamlineApp
{
    public const string AppSecret = "meta-app-secret-for-tests";

    public FakeTelegram Telegram { get; private set; } = null!;
    public FakeMetaGraph Graph { get; private set; } = null!;
    public RecordingChannelIngest Ingest { get; } = new();

    protected virtual bool RecordsIngest => true;

    public override async Task InitializeAsync()
    {
        Telegram = await FakeTelegram.StartAsync();
        Graph = await FakeMetaGraph.StartAsync();
        await base.InitializeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Channels:Telegram:ApiBase"] = Telegram.Url;
        settings["Channels:Messenger:ApiBase"] = Graph.Url;
        settings["Channels:Instagram:ApiBase"] = Graph.Url;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (RecordsIngest) builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IChannelIngest>();
            services.AddSingleton<IChannelIngest>(Ingest);
        });
    }

    public IChannelProvider ProviderFor(ConversationChannel channel) =>
        Services.CreateScope().ServiceProvider.GetServices<IChannelProvider>().Single(p => p.Channel == channel);

    /// <summary>A connected channel of a new workspace, written straight to the database with its credentials encrypted.</summary>
    public async Task<MessagingChannel> InsertChannelAsync(ConversationChannel kind, ChannelCredentials credentials, string? routeKey = null,
        ChannelConnection connection = ChannelConnection.Connected, Guid? workspaceId = null)
    {
        await using var db = Database.NewContext();
        if (workspaceId is null)
        {
            var workspace = new Workspace { Name = $"Shop {Guid.NewGuid():N}"[..13], CreatedAt = DateTime.UtcNow };
            db.Workspaces.Add(workspace);
            workspaceId = workspace.Id;
        }
        var id = Guid.NewGuid();
        var channel = new MessagingChannel
        {
            Id = id, WorkspaceId = workspaceId.Value, Channel = kind, Name = $"{kind} test",
            // Telegram's webhook URL carries the channel, so its route key is its own id.
            RouteKey = routeKey ?? (kind == ConversationChannel.Telegram ? id.ToString() : Guid.NewGuid().ToString("N")),
            CredentialsCiphertext = Services.GetRequiredService<ChannelSecrets>().Protect(credentials),
            Connection = connection, ConnectedAt = DateTime.UtcNow,
        };
        db.MessagingChannels.Add(channel);
        await db.SaveChangesAsync();
        return channel;
    }

    /// <summary>WebApplicationFactory's DisposeAsync ends here once the app has stopped.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Telegram?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Graph?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        base.Dispose(disposing);
    }
}

public sealed class MetaTelegramSqliteApp : MetaTelegramApp;

public sealed class MetaTelegramPostgresApp : MetaTelegramApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>With the real ingest: a webhook's message is stored, answered by the chat turn and sent through the outbox.</summary>
public sealed class MetaTelegramIngestSqliteApp : MetaTelegramApp
{
    protected override bool RecordsIngest => false;
}

public sealed class MetaTelegramIngestPostgresApp : MetaTelegramApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    protected override bool RecordsIngest => false;
}

/// <summary>The channel provider and endpoint classes share one app per database: starting one is the slow part.</summary>
public static class MetaTelegramApps
{
    public const string Sqlite = "Meta and Telegram app on SQLite";
    public const string Postgres = "Meta and Telegram app on PostgreSQL";
}

[CollectionDefinition(MetaTelegramApps.Sqlite)]
public sealed class MetaTelegramSqliteCollection : ICollectionFixture<MetaTelegramSqliteApp>;

[CollectionDefinition(MetaTelegramApps.Postgres)]
public sealed class MetaTelegramPostgresCollection : ICollectionFixture<MetaTelegramPostgresApp>;
