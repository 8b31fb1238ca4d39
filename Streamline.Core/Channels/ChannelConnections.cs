using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Channels.Health;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Hosting;

namespace Streamline.Core.Channels;

/// <summary>What an owner types on a connect page; which fields apply depends on the provider.</summary>
public sealed record ChannelForm(
    string? Name = null,
    string? AccountId = null,
    string? BusinessAccountId = null,
    string? AccessToken = null,
    string? AppSecret = null,
    string? BotToken = null);

/// <summary><see cref="Errors"/> by form field ("" for the form as a whole); <see cref="Channel"/> when saved.</summary>
public sealed record ChannelSaveResult(MessagingChannel? Channel, IReadOnlyDictionary<string, string> Errors)
{
    public bool Ok => Channel is not null && Errors.Count == 0;
}

/// <summary>
/// Connects, checks and disconnects a workspace's channels, live or sandbox. Saving checks the credentials with the
/// provider, then lets it prepare its side (Telegram's <c>setWebhook</c> with a secret generated here); nothing is
/// stored unless both pass, and the credentials are stored only as ciphertext.
/// </summary>
public sealed partial class ChannelConnections(
    StreamlineDbContext db, ChannelSecrets secrets, IEnumerable<IChannelProvider> providers, ChannelHealth health, PublicUrl links,
    TimeProvider clock)
{
    public IChannelProvider? Provider(ConversationChannel channel) => providers.FirstOrDefault(p => p.Channel == channel);

    public string WebhookUrl(ConversationChannel channel, Guid channelId) => links.Link(ChannelWebhooks.PathFor(channel, channelId));

    /// <summary>The field errors of <paramref name="form"/> for <paramref name="channel"/>, by field name.</summary>
    public static Dictionary<string, string> Validate(ConversationChannel channel, ChannelForm form)
    {
        var errors = new Dictionary<string, string>();
        if (form.Name is { Length: > 100 }) errors[nameof(ChannelForm.Name)] = "Keep the name to 100 characters.";
        void Digits(string field, string? value, string what)
        {
            if (string.IsNullOrWhiteSpace(value)) errors[field] = $"Enter the {what}.";
            else if (!DigitsOnly().IsMatch(value.Trim())) errors[field] = $"The {what} is a number of up to 30 digits.";
        }
        void Secret(string field, string? value, string what)
        {
            if (string.IsNullOrWhiteSpace(value)) errors[field] = $"Enter the {what}.";
            else if (value.Trim().Length > 1000) errors[field] = $"That is too long for a {what}.";
        }
        switch (channel)
        {
            case ConversationChannel.WhatsApp:
                Digits(nameof(ChannelForm.AccountId), form.AccountId, "phone number ID");
                Digits(nameof(ChannelForm.BusinessAccountId), form.BusinessAccountId, "WhatsApp Business account ID");
                Secret(nameof(ChannelForm.AccessToken), form.AccessToken, "access token");
                Secret(nameof(ChannelForm.AppSecret), form.AppSecret, "app secret");
                break;
            case ConversationChannel.Messenger:
                Digits(nameof(ChannelForm.AccountId), form.AccountId, "Page ID");
                Secret(nameof(ChannelForm.AccessToken), form.AccessToken, "Page access token");
                Secret(nameof(ChannelForm.AppSecret), form.AppSecret, "app secret");
                break;
            case ConversationChannel.Instagram:
                Digits(nameof(ChannelForm.AccountId), form.AccountId, "Instagram account ID");
                Secret(nameof(ChannelForm.AccessToken), form.AccessToken, "Page access token");
                Secret(nameof(ChannelForm.AppSecret), form.AppSecret, "app secret");
                break;
            case ConversationChannel.Telegram:
                if (string.IsNullOrWhiteSpace(form.BotToken)) errors[nameof(ChannelForm.BotToken)] = "Enter the bot token BotFather gave you.";
                else if (!BotTokenShape().IsMatch(form.BotToken.Trim()))
                    errors[nameof(ChannelForm.BotToken)] = "A bot token looks like 123456789:AAE… (digits, a colon, then letters, digits, - and _).";
                break;
            default:
                errors[""] = "This channel cannot be connected here.";
                break;
        }
        return errors;
    }

    /// <summary>Asks the provider whether these credentials work, without storing anything.</summary>
    public async Task<ChannelCheck> TestAsync(Guid workspaceId, ConversationChannel channel, ChannelForm form, CancellationToken ct)
    {
        var errors = Validate(channel, form);
        if (errors.Count > 0) return ChannelCheck.Failed(string.Join(" ", errors.Values));
        if (Provider(channel) is not { } provider) return NoProvider(channel);
        var candidate = new MessagingChannel
        {
            WorkspaceId = workspaceId, Channel = channel, Name = Named(channel, form), RouteKey = "", CredentialsCiphertext = "",
        };
        return await CheckSafelyAsync(() => provider.TestConnectionAsync(candidate, Credentials(channel, form), ct));
    }

    /// <summary>
    /// Saves a channel of the current workspace: a new one, or <paramref name="channelId"/> again with freshly entered
    /// credentials (secrets are never shown back, so editing means entering them again). Null when that channel is not
    /// the workspace's.
    /// </summary>
    public async Task<ChannelSaveResult?> SaveAsync(Guid workspaceId, ConversationChannel kind, ChannelForm form, Guid? channelId, CancellationToken ct)
    {
        var errors = Validate(kind, form);
        if (errors.Count > 0) return new ChannelSaveResult(null, errors);
        MessagingChannel? channel = null;
        if (channelId is { } id)
        {
            channel = await db.MessagingChannels.SingleOrDefaultAsync(c => c.Id == id && c.Channel == kind, ct);
            if (channel is null) return null;
        }
        var credentials = Credentials(kind, form);
        if (kind != ConversationChannel.Telegram)
        {
            var owner = await db.MessagingChannels.IgnoreQueryFilters(QueryFilters.Workspace)
                .SingleOrDefaultAsync(c => c.Channel == kind && c.RouteKey == credentials.AccountId, ct);
            if (owner is not null && owner.WorkspaceId != workspaceId)
                return Failed(nameof(ChannelForm.AccountId), "This account is connected to another Streamline workspace. Disconnect it there first.");
            if (owner is not null && channel is not null && owner.Id != channel.Id)
                return Failed(nameof(ChannelForm.AccountId), "Another of your channels already uses this account.");
            channel ??= owner;
        }
        channel ??= new MessagingChannel { WorkspaceId = workspaceId, Channel = kind, Name = "", RouteKey = "", CredentialsCiphertext = "" };
        channel.Name = Named(kind, form, channel.Name);
        return await ConnectAsync(channel, credentials, ct);
    }

    /// <summary>
    /// A sandbox channel: generated credentials for the app's simulated provider, connected through the same provider
    /// code as a live one. Allowed wherever the embedded default runs (never in Production).
    /// </summary>
    public async Task<ChannelSaveResult> CreateSandboxAsync(Guid workspaceId, ConversationChannel kind, CancellationToken ct)
    {
        if (!ChannelWebhooks.Connectable.Contains(kind)) return Failed("", "This channel cannot be connected here.");
        string Digits(int length) => RandomNumberGenerator.GetInt32(1, 10) + string.Concat(Enumerable.Range(1, length - 1).Select(_ => RandomNumberGenerator.GetInt32(10)));
        var credentials = kind == ConversationChannel.Telegram
            ? new ChannelCredentials("", BotToken: $"{Digits(10)}:SBX{MessagingChannel.NewToken()[..32]}")
            : new ChannelCredentials(Digits(15), BusinessAccountId: kind == ConversationChannel.WhatsApp ? Digits(15) : null,
                AccessToken: "SANDBOX" + MessagingChannel.NewToken(), AppSecret: MessagingChannel.NewToken());
        var channel = new MessagingChannel
        {
            WorkspaceId = workspaceId, Channel = kind, Name = $"Sandbox {kind.Name()}", RouteKey = "", CredentialsCiphertext = "", IsSandbox = true,
        };
        return await ConnectAsync(channel, credentials, ct);
    }

    /// <summary>Stops taking webhooks and sending for the channel; its conversations and messages stay.</summary>
    public async Task<bool> DisconnectAsync(Guid channelId, CancellationToken ct)
    {
        var channel = await db.MessagingChannels.SingleOrDefaultAsync(c => c.Id == channelId, ct);
        if (channel is null) return false;
        if (channel.Connection == ChannelConnection.Connected)
        {
            channel.Connection = ChannelConnection.Disconnected;
            channel.DisconnectedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
        }
        return true;
    }

    private async Task<ChannelSaveResult> ConnectAsync(MessagingChannel channel, ChannelCredentials credentials, CancellationToken ct)
    {
        if (channel.Channel == ConversationChannel.Telegram)
        {
            channel.RouteKey = channel.Id.ToString();
            // Telegram sends it back in a header on every delivery: the only proof a delivery came from Telegram.
            credentials = credentials with { AccountId = channel.Id.ToString(), WebhookSecret = Telegram.TelegramWebhookSecret.New() };
        }
        else channel.RouteKey = credentials.AccountId;
        channel.CredentialsCiphertext = secrets.Protect(credentials);

        if (Provider(channel.Channel) is not { } provider) return Failed("", NoProvider(channel.Channel).Message);
        var test = await CheckSafelyAsync(() => provider.TestConnectionAsync(channel, credentials, ct));
        if (!test.Ok) return Failed("", test.Message);
        var connect = await CheckSafelyAsync(() => provider.ConnectAsync(channel, credentials, new Uri(WebhookUrl(channel.Channel, channel.Id)), ct));
        if (!connect.Ok) return Failed("", connect.Message);

        channel.Connection = ChannelConnection.Connected;
        channel.ConnectedAt = clock.GetUtcNow().UtcDateTime;
        channel.DisconnectedAt = null;
        if (db.Entry(channel).State == EntityState.Detached) db.MessagingChannels.Add(channel);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Failed(nameof(ChannelForm.AccountId), "This account was connected a moment ago, perhaps in another tab.");
        }
        await health.ResetAsync(channel, ct);
        return new ChannelSaveResult(channel, new Dictionary<string, string>());
    }

    /// <summary>A provider that throws (a network failure, an answer it cannot read) is one more thing to tell the owner.</summary>
    private static async Task<ChannelCheck> CheckSafelyAsync(Func<Task<ChannelCheck>> check)
    {
        try
        {
            return await check();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return ChannelCheck.Failed("The provider could not be reached or gave an answer we could not read. Try again in a minute.");
        }
    }

    private static ChannelCheck NoProvider(ConversationChannel channel) =>
        ChannelCheck.Failed($"{channel.Name()} is not available on this server yet.");

    private static ChannelSaveResult Failed(string field, string message) => new(null, new Dictionary<string, string> { [field] = message });

    private static ChannelCredentials Credentials(ConversationChannel channel, ChannelForm form) => channel == ConversationChannel.Telegram
        ? new ChannelCredentials("", BotToken: form.BotToken?.Trim())
        : new ChannelCredentials(form.AccountId!.Trim(), form.BusinessAccountId?.Trim() is { Length: > 0 } waba ? waba : null,
            AccessToken: form.AccessToken?.Trim(), AppSecret: form.AppSecret?.Trim());

    private static string Named(ConversationChannel channel, ChannelForm form, string? current = null) =>
        form.Name?.Trim() is { Length: > 0 } name ? name
        : !string.IsNullOrEmpty(current) ? current
        : channel == ConversationChannel.Telegram ? "Telegram bot" : $"{channel.Name()} {form.AccountId?.Trim()}";

    [GeneratedRegex(@"^\d{1,30}$")]
    private static partial Regex DigitsOnly();

    [GeneratedRegex(@"^\d{3,20}:[A-Za-z0-9_-]{20,100}$")]
    private static partial Regex BotTokenShape();
}
