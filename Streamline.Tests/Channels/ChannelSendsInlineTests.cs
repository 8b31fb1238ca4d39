using Streamline.Core.Channels;

namespace Streamline.Tests.Channels;

public class ChannelSendsInlineTests
{
    [Fact]
    public async Task Only_the_named_conversation_is_covered_and_only_while_the_method_runs()
    {
        var answered = Guid.NewGuid();
        var other = Guid.NewGuid();
        (bool Answered, bool Other) inside = default;

        async Task AnswerAsync()
        {
            ChannelSendsInline.Begin(answered);
            await Task.Yield();
            inside = (ChannelSendsInline.Covers(answered), ChannelSendsInline.Covers(other));
        }

        await AnswerAsync();

        Assert.Equal((true, false), inside);
        Assert.False(ChannelSendsInline.Covers(answered));
    }
}
