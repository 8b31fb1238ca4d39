using Streamline.Core.Channels;

namespace Streamline.Tests.Channels;

public class ChannelHttpTests
{
    [Fact]
    public void A_failed_call_is_described_with_its_innermost_cause()
    {
        var failure = new HttpRequestException("An error occurred while sending the request.",
            new IOException("The response ended prematurely.", new Exception("The response ended prematurely.")));

        Assert.Equal("An error occurred while sending the request. (The response ended prematurely.)", ChannelHttp.Describe(failure));
    }

    [Fact]
    public void A_failure_without_a_cause_is_described_by_its_own_message()
    {
        Assert.Equal("Connection refused", ChannelHttp.Describe(new HttpRequestException("Connection refused")));
    }
}

public class ChannelWebhookBatchTests
{
    private static InboundChannelMessage Message(string id, string sender) =>
        new("route", id, sender, DateTimeOffset.UtcNow, InboundKind.Text, Text: "hi");

    [Fact]
    public void Ids_up_to_the_stored_length_fit_and_a_longer_message_sender_or_status_id_does_not()
    {
        var longest = new string('a', ChannelWebhookBatch.MaxIdLength);
        var tooLong = longest + "a";
        var status = (string id) => new ChannelDeliveryUpdate("route", id, ChannelDeliveryState.Read, DateTimeOffset.UtcNow);

        Assert.True(new ChannelWebhookBatch([Message(longest, longest)], [status(longest)]).IdsFit);
        Assert.False(new ChannelWebhookBatch([Message(tooLong, "sender")], []).IdsFit);
        Assert.False(new ChannelWebhookBatch([Message("mid", tooLong)], []).IdsFit);
        Assert.False(new ChannelWebhookBatch([], [status(tooLong)]).IdsFit);
    }
}
