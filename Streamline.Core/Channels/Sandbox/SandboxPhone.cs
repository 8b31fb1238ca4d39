using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Channels.Sandbox;

/// <summary>A webhook delivery as the provider would make it: the path, the exact bytes and the headers (the signature).</summary>
public sealed record SandboxDelivery(string Path, byte[] Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Hands a delivery to the app's own webhook endpoint, in-process, through the same handler and signature check a
/// provider's request meets. Implemented by the web host; answers the endpoint's status code.
/// </summary>
public interface IWebhookLoopback
{
    Task<int> PostAsync(SandboxDelivery delivery, CancellationToken ct);
}

public abstract record PhoneResult
{
    public sealed record Delivered : PhoneResult;
    public sealed record Refused(int Status) : PhoneResult;
    public sealed record NotFound : PhoneResult;

    /// <summary>The channel was disconnected: its webhooks are no longer taken, so the phone sends nothing.</summary>
    public sealed record Disconnected : PhoneResult;
}

/// <summary>
/// The sandbox phone: the owner writes as the customer, and the message reaches the app as the provider's own webhook
/// would (same payload shape, signed with the channel's generated secret). What the app sends back arrives through the
/// simulated provider (<see cref="SandboxProviderHandler"/>); both sides are kept in <see cref="SandboxMessage"/>.
/// </summary>
public sealed class SandboxPhone(StreamlineDbContext db, ChannelSecrets secrets, IWebhookLoopback loopback, TimeProvider clock)
{
    public const string CustomerName = "Sandbox Customer";
    public const int MaxText = 4096;

    /// <summary>The simulated customer's id on each channel: a phone number, a Telegram chat id, a page- or Instagram-scoped id.</summary>
    public static string CustomerId(ConversationChannel channel) => channel switch
    {
        ConversationChannel.WhatsApp => "15550100001",
        ConversationChannel.Telegram => "700000001",
        ConversationChannel.Messenger => "7100000000000001",
        _ => "17841400000000001",
    };

    /// <summary>The current workspace's sandbox channel (through the workspace filter), or null.</summary>
    public Task<MessagingChannel?> FindAsync(Guid channelId, CancellationToken ct) =>
        db.MessagingChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.IsSandbox, ct);

    public Task<List<SandboxMessage>> MessagesAsync(Guid channelId, CancellationToken ct) =>
        db.SandboxMessages.AsNoTracking().Where(m => m.ChannelId == channelId).OrderBy(m => m.At).ToListAsync(ct);

    public async Task<PhoneResult> SendAsync(Guid channelId, string text, CancellationToken ct)
    {
        if (await FindAsync(channelId, ct) is not { } channel) return new PhoneResult.NotFound();
        if (channel.Connection != ChannelConnection.Connected) return new PhoneResult.Disconnected();
        var credentials = secrets.Unprotect(channel);
        var now = clock.GetUtcNow();
        var sequence = await db.SandboxMessages.CountAsync(m => m.ChannelId == channel.Id && !m.Outbound, ct) + 1;
        var (delivery, providerId) = Inbound(channel, credentials, text, sequence, now);
        var status = await loopback.PostAsync(delivery, ct);
        if (status is < 200 or >= 300) return new PhoneResult.Refused(status);
        db.SandboxMessages.Add(new SandboxMessage
        {
            WorkspaceId = channel.WorkspaceId, ChannelId = channel.Id, Text = text, ProviderMessageId = providerId, At = now.UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return new PhoneResult.Delivered();
    }

    /// <summary>
    /// The customer reads what the app sent: WhatsApp's <c>read</c> status for each unread message, Messenger's and
    /// Instagram's read event. Telegram tells bots nothing of the kind, so there it only marks the phone.
    /// </summary>
    public async Task<PhoneResult> MarkReadAsync(Guid channelId, CancellationToken ct)
    {
        if (await FindAsync(channelId, ct) is not { } channel) return new PhoneResult.NotFound();
        if (channel.Connection != ChannelConnection.Connected) return new PhoneResult.Disconnected();
        var unread = await db.SandboxMessages.Where(m => m.ChannelId == channel.Id && m.Outbound && !m.Read).OrderBy(m => m.At).ToListAsync(ct);
        if (unread.Count == 0) return new PhoneResult.Delivered();
        if (Read(channel, secrets.Unprotect(channel), unread, clock.GetUtcNow()) is { } delivery)
        {
            var status = await loopback.PostAsync(delivery, ct);
            if (status is < 200 or >= 300) return new PhoneResult.Refused(status);
        }
        foreach (var message in unread) message.Read = true;
        await db.SaveChangesAsync(ct);
        return new PhoneResult.Delivered();
    }

    /// <summary>The provider's inbound webhook for one text, signed, and the message id it carries.</summary>
    public static (SandboxDelivery Delivery, string ProviderMessageId) Inbound(
        MessagingChannel channel, ChannelCredentials credentials, string text, int sequence, DateTimeOffset at)
    {
        var customer = CustomerId(channel.Channel);
        var seconds = at.ToUnixTimeSeconds();
        var millis = at.ToUnixTimeMilliseconds();
        switch (channel.Channel)
        {
            case ConversationChannel.WhatsApp:
            {
                var wamid = "wamid.SANDBOX" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
                var message = new JsonObject
                {
                    ["from"] = customer, ["id"] = wamid, ["timestamp"] = seconds.ToString(), ["text"] = new JsonObject { ["body"] = text }, ["type"] = "text",
                };
                return (Meta(ChannelWebhooks.WhatsAppPath, WhatsAppEnvelope(credentials, new JsonObject
                {
                    ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = CustomerName }, ["wa_id"] = customer }),
                    ["messages"] = new JsonArray(message),
                }), credentials), wamid);
            }
            case ConversationChannel.Telegram:
            {
                var messageId = sequence;
                var update = new JsonObject
                {
                    ["update_id"] = 100000 + sequence,
                    ["message"] = new JsonObject
                    {
                        ["message_id"] = messageId,
                        ["from"] = new JsonObject { ["id"] = long.Parse(customer), ["is_bot"] = false, ["first_name"] = "Sandbox", ["last_name"] = "Customer", ["language_code"] = "en" },
                        ["chat"] = new JsonObject { ["id"] = long.Parse(customer), ["first_name"] = "Sandbox", ["last_name"] = "Customer", ["type"] = "private" },
                        ["date"] = seconds,
                        ["text"] = text,
                    },
                };
                var headers = new Dictionary<string, string> { [Telegram.TelegramWebhookSecret.Header] = credentials.WebhookSecret ?? "" };
                return (new SandboxDelivery(ChannelWebhooks.PathFor(channel), Bytes(update), headers), $"{customer}:{messageId}");
            }
            default:
            {
                var mid = "m_SANDBOX" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
                var payload = new JsonObject
                {
                    ["object"] = channel.Channel == ConversationChannel.Instagram ? "instagram" : "page",
                    ["entry"] = new JsonArray(new JsonObject
                    {
                        ["id"] = credentials.AccountId,
                        ["time"] = millis,
                        ["messaging"] = new JsonArray(new JsonObject
                        {
                            ["sender"] = new JsonObject { ["id"] = customer },
                            ["recipient"] = new JsonObject { ["id"] = credentials.AccountId },
                            ["timestamp"] = millis,
                            ["message"] = new JsonObject { ["mid"] = mid, ["seq"] = sequence, ["text"] = text },
                        }),
                    }),
                };
                return (Meta(ChannelWebhooks.MetaPath, payload, credentials), mid);
            }
        }
    }

    /// <summary>The read receipt for <paramref name="messages"/>; null on Telegram, which has none.</summary>
    public static SandboxDelivery? Read(MessagingChannel channel, ChannelCredentials credentials, IReadOnlyList<SandboxMessage> messages, DateTimeOffset at)
    {
        var customer = CustomerId(channel.Channel);
        switch (channel.Channel)
        {
            case ConversationChannel.WhatsApp:
                var statuses = new JsonArray(messages.Select(m => (JsonNode)new JsonObject
                {
                    ["id"] = m.ProviderMessageId, ["status"] = "read", ["timestamp"] = at.ToUnixTimeSeconds().ToString(), ["recipient_id"] = customer,
                }).ToArray());
                return Meta(ChannelWebhooks.WhatsAppPath, WhatsAppEnvelope(credentials, new JsonObject { ["statuses"] = statuses }), credentials);
            case ConversationChannel.Messenger:
            case ConversationChannel.Instagram:
                var millis = at.ToUnixTimeMilliseconds();
                var read = channel.Channel == ConversationChannel.Messenger
                    ? new JsonObject { ["watermark"] = millis }
                    : new JsonObject { ["mid"] = messages[^1].ProviderMessageId };
                return Meta(ChannelWebhooks.MetaPath, new JsonObject
                {
                    ["object"] = channel.Channel == ConversationChannel.Instagram ? "instagram" : "page",
                    ["entry"] = new JsonArray(new JsonObject
                    {
                        ["id"] = credentials.AccountId,
                        ["time"] = millis,
                        ["messaging"] = new JsonArray(new JsonObject
                        {
                            ["sender"] = new JsonObject { ["id"] = customer },
                            ["recipient"] = new JsonObject { ["id"] = credentials.AccountId },
                            ["timestamp"] = millis,
                            ["read"] = read,
                        }),
                    }),
                }, credentials);
            default:
                return null;
        }
    }

    private static JsonObject WhatsAppEnvelope(ChannelCredentials credentials, JsonObject value)
    {
        value["messaging_product"] = "whatsapp";
        value["metadata"] = new JsonObject { ["display_phone_number"] = "15550100000", ["phone_number_id"] = credentials.AccountId };
        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = credentials.BusinessAccountId ?? credentials.AccountId,
                ["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = "messages" }),
            }),
        };
    }

    private static SandboxDelivery Meta(string path, JsonObject payload, ChannelCredentials credentials)
    {
        var body = Bytes(payload);
        return new SandboxDelivery(path, body, new Dictionary<string, string> { [MetaSignature.Header] = MetaSignature.Sign(body, credentials.AppSecret ?? "") });
    }

    /// <summary>Escaped as Meta escapes (non-ASCII as <c>\uXXXX</c>), which the signature must survive.</summary>
    private static byte[] Bytes(JsonNode payload) => Encoding.UTF8.GetBytes(payload.ToJsonString());
}
