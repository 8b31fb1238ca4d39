using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Channels.Ingest;

/// <summary>
/// A customer's message as the webhook received it, before anything else is made of it: the one row a webhook request
/// writes per message, unique by (channel, provider message id), so a redelivery, however concurrent, is stored once and
/// answered 200. The pump (<see cref="ChannelInboundPump"/>) then makes it the customer's identity, conversation, chat
/// message and channel row, fetches its media and runs the chat turn; <see cref="ProcessedAt"/> says it is done.
/// </summary>
public class ChannelInbound : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid ChannelId { get; set; }
    public required string ProviderMessageId { get; set; }

    /// <summary>The customer's id on the channel: a customer's messages are processed one at a time, in the order they wrote them.</summary>
    public required string SenderId { get; set; }

    /// <summary>When the provider says the customer sent it (never later than <see cref="ReceivedAt"/>), then the provider's order within that.</summary>
    public DateTime SentAt { get; set; }
    public long Sequence { get; set; }

    /// <summary>The parsed <see cref="InboundChannelMessage"/> as JSON.</summary>
    public required string Payload { get; set; }
    public DateTime ReceivedAt { get; set; }

    /// <summary>Claimed by a pump until then; a pump that died holding it is replaced once it passes.</summary>
    public DateTime? LeaseUntil { get; set; }
    public int Attempts { get; set; }

    /// <summary>The channel row (and so the chat message) stored from it: set in the same transaction, so stored once.</summary>
    public Guid? ChannelMessageId { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public string? Error { get; set; }

    /// <summary>
    /// How long a processed row is kept after it was processed: long enough that a provider's late redelivery still finds it
    /// (WhatsApp retries for days), short enough that the table does not keep a second copy of every message for ever.
    /// </summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    /// <summary>The rows of IX_ChannelInbound_Waiting; <c>"Sequence" &gt;= 0</c> is how a statement asks for that index.</summary>
    public const string WaitingFilter = "\"ProcessedAt\" IS NULL AND \"Sequence\" >= 0";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ChannelInbound From(MessagingChannel channel, InboundChannelMessage message, DateTime now) => new()
    {
        WorkspaceId = channel.WorkspaceId, ChannelId = channel.Id, ProviderMessageId = message.ProviderMessageId, SenderId = message.SenderId,
        SentAt = message.SentAt.UtcDateTime < now ? message.SentAt.UtcDateTime : now,
        // Never negative (no provider numbers below 0), so every waiting row is in IX_ChannelInbound_Waiting.
        Sequence = Math.Max(0, message.Sequence ?? 0),
        Payload = JsonSerializer.Serialize(message, Json), ReceivedAt = now,
    };

    public InboundChannelMessage Message() =>
        JsonSerializer.Deserialize<InboundChannelMessage>(Payload, Json) ?? throw new InvalidOperationException($"Inbound row {Id} has no message.");
}

internal sealed class ChannelInboundConfiguration : IEntityTypeConfiguration<ChannelInbound>
{
    public void Configure(EntityTypeBuilder<ChannelInbound> b)
    {
        b.ToTable("ChannelInbound");
        b.Property(i => i.ProviderMessageId).HasMaxLength(200);
        b.Property(i => i.SenderId).HasMaxLength(200);
        b.Property(i => i.Error).HasMaxLength(1000);
        // The dedupe: a redelivered message conflicts here and is ignored.
        b.HasIndex(i => new { i.ChannelId, i.ProviderMessageId }).IsUnique();
        // What the pump claims (not yet processed), oldest first, one step at a time (the id orders rows received together);
        // and the processed rows the sweep deletes.
        b.HasIndex(i => new { i.ProcessedAt, i.ReceivedAt, i.Id });
        // Each waiting customer's messages in the order they wrote them: whether a message has an earlier one waiting is one
        // probe, and so is the step from one waiting customer to the next (ChannelInboundClaims). Only statements that say
        // "Sequence" >= 0 (always true, see From) can use it: the index is empty whenever the pump has caught up, so the
        // planner's statistics usually call it empty, and a statement that merely says "ProcessedAt" IS NULL (a lease by
        // id, say) was planned as a scan of the whole backlog through it.
        b.HasIndex(i => new { i.ChannelId, i.SenderId, i.SentAt, i.Sequence, i.ReceivedAt }, "IX_ChannelInbound_Waiting")
            .HasFilter(ChannelInbound.WaitingFilter);
        b.HasIndex(i => i.WorkspaceId);
        b.HasOne<MessagingChannel>().WithMany().HasForeignKey(i => i.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}
