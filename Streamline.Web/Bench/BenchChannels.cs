using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Campaigns;
using Streamline.Core.Credits;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Health;
using Streamline.Core.Channels.Ingest;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Web.Channels;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Bench;

/// <summary>
/// For bench/channels.sh, only with Bench:Enabled: a Messenger channel with a known app secret to sign webhooks for (in a
/// workspace with a Messenger campaign and credits),
/// and the floors the ingest is measured against: <c>POST /bench/channels/bare</c>, the same raw-body read and a 200, with
/// no signature check, lookup, storage or job; and <c>POST /bench/channels/unstored</c>, the webhook's whole request
/// (limiter, signature, parse, lookup, the rows made) except that nothing is stored, which says what storing costs.
/// </summary>
public static class BenchChannels
{
    public const string PageId = "990000000000001";

    public static void MapBenchChannels(this IEndpointRouteBuilder app)
    {
        app.MapPost("/bench/channels/setup", async (string secret, StreamlineDbContext db, ChannelSecrets secrets, WorkspaceService workspaces,
                CreditService credits, TimeProvider clock) =>
            {
                var existing = await db.MessagingChannels.IgnoreQueryFilters(QueryFilters.Workspace)
                    .SingleOrDefaultAsync(c => c.Channel == ConversationChannel.Messenger && c.RouteKey == PageId);
                if (existing is not null) return Results.Ok(new { pageId = PageId });
                var owner = new AppUser
                {
                    UserName = "bench-channels@streamline.local", Email = "bench-channels@streamline.local", EmailConfirmed = true,
                    DisplayName = "Bench", CreatedAt = clock.GetUtcNow().UtcDateTime,
                };
                db.Users.Add(owner);
                var workspace = workspaces.Create("Bench channels", owner.Id);
                db.MessagingChannels.Add(new MessagingChannel
                {
                    WorkspaceId = workspace.Id, Channel = ConversationChannel.Messenger, Name = "Bench page", RouteKey = PageId,
                    CredentialsCiphertext = secrets.Protect(new ChannelCredentials(PageId, AccessToken: "bench", AppSecret: secret)),
                    Connection = ChannelConnection.Connected, ConnectedAt = clock.GetUtcNow().UtcDateTime,
                });
                // A campaign on Messenger and credits, so every message gets the AI's real answer.
                var now = clock.GetUtcNow().UtcDateTime;
                db.Campaigns.Add(new Campaign
                {
                    WorkspaceId = workspace.Id, Name = "Website launch", Status = CampaignStatus.Active, Channels = CampaignChannels.Messenger,
                    ProductName = "Launch website", ProductDescription = "A five-page website designed and built in three weeks.",
                    PriceCents = 149_900, Features = ["Responsive design", "Contact form"], CreatedAt = now, UpdatedAt = now, ActivatedAt = now,
                });
                await db.SaveChangesAsync();
                await credits.GrantAsync(workspace.Id, 1_000_000_000, LedgerEntryType.AdminGrant, "bench credits", $"bench:{workspace.Id}", null, null,
                    CancellationToken.None);
                return Results.Ok(new { pageId = PageId });
            })
            .AllowAnonymous()
            .DisableAntiforgery();

        app.MapPost("/bench/channels/bare", async (HttpRequest request, CancellationToken ct) =>
                await ChannelWebhookBody.ReadAsync(request, ct) is null ? ChannelWebhookBody.TooLarge() : Results.Ok(new { received = true }))
            .AllowAnonymous()
            .DisableAntiforgery();

        app.MapPost("/bench/channels/unstored", (HttpRequest request, ChannelDirectory directory, ChannelSecrets secrets, ChannelHealth health,
                TimeProvider clock, CancellationToken ct) =>
                MetaWebhookEndpoint.ReceiveAsync(request, directory, secrets, new UnstoredIngest(clock), health, ct))
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimits.WebhookPolicy);
    }

    /// <summary>Makes each message's received row as the ingest does, then drops it.</summary>
    private sealed class UnstoredIngest(TimeProvider clock) : IChannelIngest
    {
        public Task<ChannelIngestResult> AcceptAsync(MessagingChannel channel, ChannelWebhookBatch batch, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var rows = batch.Messages.Select(m => ChannelInbound.From(channel, m, now)).ToList();
            return Task.FromResult(new ChannelIngestResult(rows.Count, 0, 0));
        }
    }
}
