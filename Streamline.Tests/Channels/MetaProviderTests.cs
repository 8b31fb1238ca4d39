using System.Text;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;

namespace Streamline.Tests.Channels;

[Collection(MetaTelegramApps.Sqlite)]
public class MetaProviderTests(MetaTelegramSqliteApp app)
{
    private static readonly ChannelCredentials Page = new(FakeMetaGraph.PageId, AccessToken: FakeMetaGraph.Token, AppSecret: MetaTelegramApp.AppSecret);
    private static readonly ChannelCredentials Instagram = Page with { AccountId = FakeMetaGraph.InstagramId };

    private IChannelProvider Messenger => app.ProviderFor(ConversationChannel.Messenger);

    private Task<MessagingChannel> ChannelAsync() => app.InsertChannelAsync(ConversationChannel.Messenger, Page);

    private async Task<(SendOutcome Outcome, GraphSend? Request)> SendAsync(OutboundChannelMessage message, IChannelProvider? provider = null,
        ChannelCredentials? credentials = null)
    {
        var channel = await ChannelAsync();
        var before = app.Graph.Sends.Count;
        var outcome = await (provider ?? Messenger).SendAsync(channel, credentials ?? Page, message, default);
        return (outcome, app.Graph.Sends.Count > before ? app.Graph.Sends[^1] : null);
    }

    [Fact]
    public async Task A_reply_inside_the_window_goes_as_a_response_from_the_page()
    {
        var (outcome, request) = await SendAsync(new OutboundChannelMessage("PSID-1", "Yes, in stock.", WrittenByPerson: false));

        Assert.StartsWith("m_fake", Assert.IsType<SendOutcome.Sent>(outcome).ProviderMessageId);
        Assert.NotNull(request);
        Assert.Equal((FakeMetaGraph.PageId, FakeMetaGraph.Token), (request.AccountId, request.Token));
        Assert.Equal("""{"recipient":{"id":"PSID-1"},"messaging_type":"RESPONSE","message":{"text":"Yes, in stock."}}""", request.Body.ToJsonString());
    }

    [Fact]
    public async Task Outside_the_window_only_a_persons_reply_goes_under_the_human_agent_tag()
    {
        var (person, request) = await SendAsync(new OutboundChannelMessage("PSID-1", "Sorry for the wait!", WrittenByPerson: true, OutsideWindow: true));
        Assert.IsType<SendOutcome.Sent>(person);
        Assert.Equal(("MESSAGE_TAG", "HUMAN_AGENT"), (request!.Body["messaging_type"]!.ToString(), request.Body["tag"]!.ToString()));

        var (ai, none) = await SendAsync(new OutboundChannelMessage("PSID-1", "Any news?", WrittenByPerson: false, OutsideWindow: true));
        Assert.Equal("outside-window", Assert.IsType<SendOutcome.Rejected>(ai).Code);
        Assert.Null(none);
    }

    [Fact]
    public async Task Rate_limits_and_server_errors_are_retried_later_honouring_retry_after()
    {
        app.Graph.FailNext(429, 4, "Application request limit reached", retryAfter: "30");
        var (limited, _) = await SendAsync(new OutboundChannelMessage("PSID-1", "Hi", false));
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.IsType<SendOutcome.RetryLater>(limited).After);

        app.Graph.FailNext(400, 613, "Calls to this api have exceeded the rate limit.");
        Assert.IsType<SendOutcome.RetryLater>((await SendAsync(new OutboundChannelMessage("PSID-1", "Hi", false))).Outcome);

        app.Graph.FailNext(503, 2, "Service temporarily unavailable");
        Assert.IsType<SendOutcome.RetryLater>((await SendAsync(new OutboundChannelMessage("PSID-1", "Hi", false))).Outcome);
    }

    [Fact]
    public async Task Other_errors_are_rejected_with_metas_code_and_words()
    {
        app.Graph.FailNext(400, 10, "(#10) This message is sent outside of allowed window.");
        var (outcome, _) = await SendAsync(new OutboundChannelMessage("PSID-1", "Hi", false));

        Assert.Equal(new SendOutcome.Rejected("10", "(#10) This message is sent outside of allowed window."), outcome);

        var (badToken, _) = await SendAsync(new OutboundChannelMessage("PSID-1", "Hi", false), credentials: Page with { AccessToken = "expired" });
        Assert.Equal("190", Assert.IsType<SendOutcome.Rejected>(badToken).Code);
    }

    [Fact]
    public async Task Instagram_sends_from_its_account_with_its_own_limit()
    {
        var instagram = app.ProviderFor(ConversationChannel.Instagram);
        var (outcome, request) = await SendAsync(new OutboundChannelMessage("IGSID-1", "Hello!", false), instagram, Instagram);

        Assert.IsType<SendOutcome.Sent>(outcome);
        Assert.Equal(FakeMetaGraph.InstagramId, request!.AccountId);
        Assert.Equal((2000, 1000), (Messenger.MaxTextLength, instagram.MaxTextLength));
    }

    [Fact]
    public async Task Testing_the_connection_reads_the_page_name_or_instagram_username_and_explains_failures()
    {
        var channel = await ChannelAsync();

        Assert.Equal(ChannelCheck.Passed("Connected to the Page Fake Shop."), await Messenger.TestConnectionAsync(channel, Page, default));
        Assert.Equal(ChannelCheck.Passed("Connected to the Instagram account fakeshop."),
            await app.ProviderFor(ConversationChannel.Instagram).TestConnectionAsync(channel, Instagram, default));

        var expired = await Messenger.TestConnectionAsync(channel, Page with { AccessToken = "expired" }, default);
        Assert.False(expired.Ok);
        Assert.Contains("access token is invalid or expired", expired.Message);

        var unknown = await Messenger.TestConnectionAsync(channel, Page with { AccountId = "999" }, default);
        Assert.Contains("does not find the Page 999", unknown.Message);

        Assert.False((await Messenger.TestConnectionAsync(channel, Page with { AccessToken = null }, default)).Ok);
    }

    [Fact]
    public async Task An_attachment_is_downloaded_from_its_url_unless_gone_or_too_big()
    {
        var channel = await ChannelAsync();
        var bytes = Encoding.UTF8.GetBytes(new string('x', 3000));
        var url = app.Graph.AddFile("quote.pdf", bytes, "application/pdf");

        var fetched = await Messenger.FetchMediaAsync(channel, Page, new InboundMedia(url), maxBytes: 5000, default);

        Assert.Equal(bytes, fetched!.Content);
        Assert.Equal("application/pdf", fetched.ContentType);
        Assert.Null(await Messenger.FetchMediaAsync(channel, Page, new InboundMedia(url), maxBytes: 2999, default));
        Assert.Null(await Messenger.FetchMediaAsync(channel, Page, new InboundMedia($"{app.Graph.Url}/cdn/gone"), maxBytes: 5000, default));
        Assert.Null(await Messenger.FetchMediaAsync(channel, Page, new InboundMedia("not a url"), maxBytes: 5000, default));
    }
}
