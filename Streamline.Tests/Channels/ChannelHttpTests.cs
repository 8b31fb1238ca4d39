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
