using System.Runtime.CompilerServices;
using Streamline.Core.Channels;
using Streamline.Core.Channels.WhatsApp;

namespace Streamline.Tests.Channels;

/// <summary>Every real WhatsApp webhook payload we hold reads into the events the ingest takes.</summary>
public class WhatsAppPayloadTests
{
    private static byte[] Fixture(string name, [CallerFilePath] string here = "") =>
        File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(here)!, "Fixtures", name));

    [Fact]
    public void A_text_message_names_its_number_sender_and_words()
    {
        var batch = WhatsAppPayload.Parse(Fixture("whatsapp-text.json"));

        var m = Assert.Single(batch.Messages);
        Assert.Equal("409552778964973", m.RouteKey);
        Assert.Equal("1111111111111", m.SenderId);
        Assert.Equal("1111111111111", m.SenderPhone);
        Assert.Equal("Mauricio Binda", m.SenderName);
        Assert.Equal(InboundKind.Text, m.Kind);
        Assert.Equal("hi everyone!", m.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1672947578), m.SentAt);
        Assert.StartsWith("wamid.", m.ProviderMessageId);
        Assert.Equal(["409552778964973"], WhatsAppPayload.RouteKeys(Fixture("whatsapp-text.json")));
    }

    [Fact]
    public void A_customer_with_a_username_is_keyed_on_their_business_scoped_id_without_a_phone()
    {
        var m = Assert.Single(WhatsAppPayload.Parse(Fixture("whatsapp-text-bsuid.json")).Messages);

        Assert.Equal("US.13491208655302741918", m.SenderId);
        Assert.Null(m.SenderPhone);
        Assert.Equal("Sheena Nelson", m.SenderName);
        Assert.Equal("Does it come in another color?", m.Text);
    }

    [Fact]
    public void An_image_carries_its_media_id_for_the_download()
    {
        var m = Assert.Single(WhatsAppPayload.Parse(Fixture("whatsapp-image.json")).Messages);

        Assert.Equal(InboundKind.Image, m.Kind);
        Assert.Equal(new InboundMedia("8472976218001204", "image/jpeg"), m.Media);
        Assert.Equal("[image]", ChannelRules.Render(m));
    }

    [Theory]
    [InlineData("whatsapp-status-delivered.json", "409552778964973")]
    [InlineData("whatsapp-status-delivered-bsuid.json", "106540352242922")]
    public void Delivery_statuses_name_the_message_sent(string fixture, string route)
    {
        var batch = WhatsAppPayload.Parse(Fixture(fixture));

        Assert.Empty(batch.Messages);
        var s = Assert.Single(batch.Statuses);
        Assert.Equal(ChannelDeliveryState.Delivered, s.State);
        Assert.Equal(route, s.RouteKey);
        Assert.StartsWith("wamid.", s.ProviderMessageId);
    }

    [Fact]
    public void A_failed_status_keeps_graphs_code_and_details()
    {
        var s = Assert.Single(WhatsAppPayload.Parse(Fixture("whatsapp-status-failed.json")).Statuses);

        Assert.Equal(ChannelDeliveryState.Failed, s.State);
        Assert.Equal("131047", s.ErrorCode);
        Assert.Contains("more than 24 hours have passed", s.ErrorMessage);
    }

    [Fact]
    public void A_changed_user_id_notice_is_kept_and_labelled()
    {
        var m = Assert.Single(WhatsAppPayload.Parse(Fixture("whatsapp-system-user-changed-user-id.json")).Messages);

        Assert.Equal("US.13491208655302741918", m.SenderId);
        Assert.Equal(InboundKind.Unsupported, m.Kind);
        Assert.Equal("system:user_changed_user_id", m.UnsupportedType);
        Assert.StartsWith("[unsupported: system:user_changed_user_id]\nUser Sheena Nelson changed", ChannelRules.Render(m));
    }

    [Fact]
    public void Other_objects_and_fields_read_as_nothing()
    {
        var batch = WhatsAppPayload.Parse("""{"object":"page","entry":[{"id":"1","messaging":[]}]}"""u8.ToArray());

        Assert.Empty(batch.Messages);
        Assert.Empty(batch.Statuses);
    }
}

/// <summary>The rules every channel shares: opt-out words, splitting, and statuses that only move forward.</summary>
public class ChannelRulesTests
{
    [Theory]
    [InlineData("STOP", true)]
    [InlineData(" unsubscribe! ", true)]
    [InlineData("Baja", true)]
    [InlineData("abmelden", true)]
    [InlineData("arrêt", true)]
    [InlineData("sair", true)]
    [InlineData("stop by tomorrow?", false)]
    [InlineData("hello", false)]
    public void Only_a_whole_opt_out_word_opts_out(string text, bool optOut) => Assert.Equal(optOut, ChannelRules.IsOptOut(text));

    [Fact]
    public void Long_text_is_split_at_line_breaks_and_spaces_within_the_limit()
    {
        var text = string.Join(" ", Enumerable.Repeat("word", 30)) + "\n" + string.Join(" ", Enumerable.Repeat("more", 30));

        var parts = ChannelRules.Split(text, 100);

        Assert.All(parts, p => Assert.True(p.Length <= 100, p));
        Assert.All(parts, p => Assert.DoesNotContain("wor ", p + " "));
        Assert.Equal(text.Replace("\n", " ").Split(' ').Length, parts.Sum(p => p.Split(' ', '\n').Length));
        Assert.Equal(["x"], ChannelRules.Split("x", 100));
        Assert.Equal(["abcd", "efgh", "ij"], ChannelRules.Split("abcdefghij", 4));
    }

    [Theory]
    [InlineData(ChannelDeliveryState.Sent, ChannelDeliveryState.Delivered, true)]
    [InlineData(ChannelDeliveryState.Sent, ChannelDeliveryState.Read, true)]
    [InlineData(ChannelDeliveryState.Read, ChannelDeliveryState.Delivered, false)]
    [InlineData(ChannelDeliveryState.Delivered, ChannelDeliveryState.Failed, true)]
    [InlineData(ChannelDeliveryState.Failed, ChannelDeliveryState.Delivered, false)]
    [InlineData(ChannelDeliveryState.Withheld, ChannelDeliveryState.Sent, false)]
    public void A_status_only_moves_forward(ChannelDeliveryState from, ChannelDeliveryState to, bool moves) =>
        Assert.Equal(moves, ChannelRules.MayMove(from, to));
}
