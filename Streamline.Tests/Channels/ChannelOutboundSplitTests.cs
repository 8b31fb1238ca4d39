using System.Globalization;
using System.Text;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;

namespace Streamline.Tests.Channels;

public class ChannelOutboundSplitTests
{
    [Fact]
    public void Instagram_counts_the_utf8_bytes_of_a_message_and_the_others_its_characters()
    {
        Assert.Equal(new TextLimit(1000, TextUnit.Utf8Bytes), ChannelRules.TextLimitOf(ConversationChannel.Instagram));
        Assert.Equal(new TextLimit(2000, TextUnit.Characters), ChannelRules.TextLimitOf(ConversationChannel.Messenger));
        Assert.Equal(new TextLimit(4096, TextUnit.Characters), ChannelRules.TextLimitOf(ConversationChannel.WhatsApp));
        Assert.Equal(new TextLimit(4096, TextUnit.Characters), ChannelRules.TextLimitOf(ConversationChannel.Telegram));
    }

    [Fact]
    public void A_reply_in_accented_words_fits_instagrams_bytes_not_only_its_characters()
    {
        // 900 characters, but 1,500 bytes: one Instagram message by characters, two by bytes.
        var text = string.Join(" ", Enumerable.Repeat("äöüäöü", 900 / 7 + 1))[..900].TrimEnd();

        var parts = ChannelRules.Split(text, ChannelRules.TextLimitOf(ConversationChannel.Instagram));

        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= 1000, $"{Encoding.UTF8.GetByteCount(p)} bytes"));
        Assert.Equal(text.Split(' '), parts.SelectMany(p => p.Split(' ')));
    }

    [Fact]
    public void An_emoji_with_its_skin_tone_is_never_cut_in_two()
    {
        const string thumbs = "👍🏽"; // two code points, four UTF-16 units, eight bytes
        var text = string.Concat(Enumerable.Repeat(thumbs, 300));

        var parts = ChannelRules.Split(text, ChannelRules.TextLimitOf(ConversationChannel.Instagram));

        Assert.Equal(3, parts.Count); // 125 a part: 1,000 bytes
        Assert.All(parts, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= 1000));
        Assert.All(parts, p => Assert.All(TextElements(p), e => Assert.Equal(thumbs, e)));
        Assert.Equal(text, string.Concat(parts));
    }

    [Fact]
    public void A_character_limit_never_cuts_a_surrogate_pair_or_a_joined_family()
    {
        const string family = "👨‍👩‍👧‍👦"; // seven code points joined: eleven UTF-16 units
        var text = string.Concat(Enumerable.Repeat("😀" + family, 20));

        var parts = ChannelRules.Split(text, 30);

        Assert.All(parts, p => Assert.True(p.Length <= 30, $"{p.Length} characters"));
        Assert.All(parts, p => Assert.All(TextElements(p), e => Assert.Contains(e, new[] { "😀", family })));
        Assert.Equal(text, string.Concat(parts));
    }

    [Fact]
    public void A_single_character_longer_than_a_part_is_cut_between_its_code_points_only()
    {
        var text = "e" + new string('\u0301', 9); // one letter with nine accents: one user-perceived character

        var parts = ChannelRules.Split(text, 4);

        Assert.Equal(["e\u0301\u0301\u0301", "\u0301\u0301\u0301\u0301", "\u0301\u0301"], parts);
    }

    private static List<string> TextElements(string s)
    {
        var elements = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext()) elements.Add(e.GetTextElement());
        return elements;
    }
}
