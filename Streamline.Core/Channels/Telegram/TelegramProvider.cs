using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using Streamline.Core.Conversations;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace Streamline.Core.Channels.Telegram;

/// <summary>
/// The Telegram Bot API through Telegram.Bot, over the channel's <see cref="ChannelHttp"/> client and
/// <c>Channels:Telegram:ApiBase</c>. The client's own 429 retries are off: it would sleep up to a minute inside a
/// request, while the send job retries on its own schedule with the <c>retry_after</c> Telegram gave.
/// </summary>
public sealed class TelegramProvider(ChannelHttp http, IOptions<ChannelOptions> options) : IChannelProvider
{
    public ConversationChannel Channel => ConversationChannel.Telegram;

    /// <summary>Telegram's limit for one <c>sendMessage</c> text.</summary>
    public int MaxTextLength => ChannelRules.TextLimitOf(Channel).Max;

    private static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage];

    private TelegramBotClient? Client(MessagingChannel channel, ChannelCredentials credentials)
    {
        if (string.IsNullOrWhiteSpace(credentials.BotToken)) return null;
        try
        {
            var clientOptions = new TelegramBotClientOptions(credentials.BotToken.Trim(), options.Value.Telegram.ApiBase)
            {
                RetryThreshold = 0,
                RetryCount = 0,
            };
            return new TelegramBotClient(clientOptions, http.For(channel));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public async Task<ChannelCheck> TestConnectionAsync(MessagingChannel channel, ChannelCredentials credentials, CancellationToken ct)
    {
        if (Client(channel, credentials) is not { } bot) return NotAToken;
        try
        {
            var me = await bot.GetMe(ct);
            return ChannelCheck.Passed($"Connected to the bot @{me.Username}.");
        }
        catch (RequestException e)
        {
            return Explain(e);
        }
        catch (Exception e) when (IsTimeout(e, ct))
        {
            return ChannelCheck.Failed("Telegram did not answer in time. Try again in a minute.");
        }
    }

    public async Task<ChannelCheck> ConnectAsync(MessagingChannel channel, ChannelCredentials credentials, Uri webhookUrl, CancellationToken ct)
    {
        if (Client(channel, credentials) is not { } bot) return NotAToken;
        if (string.IsNullOrEmpty(credentials.WebhookSecret))
            throw new InvalidOperationException("A Telegram channel is connected with its webhook secret (TelegramWebhookSecret.New()).");
        try
        {
            await bot.SetWebhook(webhookUrl.AbsoluteUri, allowedUpdates: AllowedUpdates, secretToken: credentials.WebhookSecret,
                cancellationToken: ct);
            return ChannelCheck.Passed("Telegram will deliver the bot's messages to Streamline.");
        }
        catch (RequestException e)
        {
            return Explain(e);
        }
        catch (Exception e) when (IsTimeout(e, ct))
        {
            return ChannelCheck.Failed("Telegram did not answer in time. Try again in a minute.");
        }
    }

    public async Task<SendOutcome> SendAsync(MessagingChannel channel, ChannelCredentials credentials, OutboundChannelMessage message,
        CancellationToken ct)
    {
        if (string.IsNullOrEmpty(message.Text)) return new SendOutcome.Rejected("unsupported", "Telegram messages are sent as text.");
        if (!long.TryParse(message.RecipientId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
            return new SendOutcome.Rejected("400", $"'{message.RecipientId}' is not a Telegram chat id.");
        if (Client(channel, credentials) is not { } bot) return new SendOutcome.Rejected("401", NotAToken.Message);
        try
        {
            var sent = await bot.SendMessage(chatId, message.Text, cancellationToken: ct);
            return new SendOutcome.Sent($"{chatId}:{sent.Id}");
        }
        catch (ApiRequestException e) when (e.ErrorCode == 429)
        {
            var after = e.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            return new SendOutcome.RetryLater(e.Message, after);
        }
        catch (ApiRequestException e) when (e.ErrorCode >= 500)
        {
            return new SendOutcome.RetryLater(e.Message, null);
        }
        catch (ApiRequestException e)
        {
            // 400 (chat not found, text too long) and 403 (the customer blocked the bot) will not change on a retry.
            return new SendOutcome.Rejected(e.ErrorCode.ToString(CultureInfo.InvariantCulture), e.Message);
        }
        catch (RequestException e) when (e.HttpStatusCode is { } status && (int)status is >= 400 and < 500 and not 429)
        {
            return new SendOutcome.Rejected(((int)status).ToString(CultureInfo.InvariantCulture), e.Message);
        }
        catch (RequestException e)
        {
            return new SendOutcome.RetryLater(e.Message, null);
        }
        catch (Exception e) when (IsTimeout(e, ct))
        {
            return new SendOutcome.RetryLater("Telegram did not answer in time.", null);
        }
    }

    public async Task<FetchedMedia?> FetchMediaAsync(MessagingChannel channel, ChannelCredentials credentials, InboundMedia media,
        long maxBytes, CancellationToken ct)
    {
        if (Client(channel, credentials) is not { } bot) return null;
        try
        {
            var file = await bot.GetFile(media.ProviderMediaId, ct);
            // Too big is as unavailable as gone: the Bot API serves files up to 20 MB, so the download is bounded anyway.
            if (file.FilePath is null || file.FileSize > maxBytes) return null;
            using var content = new MemoryStream();
            await bot.DownloadFile(file.FilePath, content, ct);
            if (content.Length > maxBytes) return null;
            var name = media.FileName ?? Path.GetFileName(file.FilePath);
            return new FetchedMedia(content.ToArray(), media.ContentType ?? "application/octet-stream", name);
        }
        catch (ApiRequestException e) when (e.ErrorCode is 400 or 404)
        {
            return null;
        }
    }

    private static readonly ChannelCheck NotAToken =
        ChannelCheck.Failed("That is not a bot token. Copy the whole token BotFather gave you (digits, a colon, then letters).");

    private static ChannelCheck Explain(RequestException e) => e switch
    {
        ApiRequestException { ErrorCode: 401 or 404 } =>
            ChannelCheck.Failed("Telegram does not know this bot token. Copy it again from BotFather (/token), or revoke and paste the new one."),
        ApiRequestException api => ChannelCheck.Failed($"Telegram refused: {api.Message}"),
        { HttpStatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.NotFound } =>
            ChannelCheck.Failed("Telegram does not know this bot token. Copy it again from BotFather (/token), or revoke and paste the new one."),
        _ => ChannelCheck.Failed($"Telegram could not be reached: {e.Message}"),
    };

    private static bool IsTimeout(Exception e, CancellationToken ct) =>
        e is TaskCanceledException or HttpRequestException && !ct.IsCancellationRequested;
}
