using System.Text;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Telegram;

namespace Streamline.Tests.Channels;

public class TelegramUpdateParserTests
{
    private const string Route = "channel-1";

    private static InboundChannelMessage Single(string json)
    {
        var batch = TelegramUpdateParser.Parse(Encoding.UTF8.GetBytes(json), Route);
        Assert.NotNull(batch);
        return Assert.Single(batch.Messages);
    }

    [Fact]
    public void A_text_message_is_keyed_by_chat_and_message_id_and_ordered_by_update_id()
    {
        var batch = TelegramUpdateParser.Parse(ChannelFixtures.Bytes("telegram-text.json"), Route)!;

        var message = Assert.Single(batch.Messages);
        Assert.Equal(new InboundChannelMessage(Route, "1111111:1365", "1111111", DateTimeOffset.FromUnixTimeSeconds(1441645532),
            InboundKind.Text, "/start", SenderName: "Test Firstname Test Lastname", Sequence: 10000), message);
        Assert.Empty(batch.Statuses);
    }

    [Fact]
    public void A_photo_names_its_largest_size_and_an_update_id_beyond_32_bits_is_kept()
    {
        var message = Assert.Single(TelegramUpdateParser.Parse(ChannelFixtures.Bytes("telegram-photo.json"), Route)!.Messages);

        Assert.Equal(InboundKind.Image, message.Kind);
        Assert.Equal("AgACAgUAAxkBAAODYV3aGZlD6vhzKsE2WNmblsr6zKwAAi-tMRvCoeBWNQ1ENVBzJdwBAAMCAANzAAMhBA", message.Media!.ProviderMediaId);
        Assert.Equal(2342342343242, message.Sequence);
        Assert.Equal("23:1", message.ProviderMessageId);
        Assert.Equal("Sojan Jose", message.SenderName);

        var sizes = Single("""
            {"update_id":5,"message":{"message_id":9,"chat":{"id":7,"type":"private"},"date":1700000000,"caption":"our sofa",
             "photo":[{"file_id":"small","file_unique_id":"a","file_size":100,"width":90,"height":60},
                      {"file_id":"large","file_unique_id":"c","file_size":90000,"width":1280,"height":853},
                      {"file_id":"medium","file_unique_id":"b","file_size":9000,"width":320,"height":213}]}}
            """);
        Assert.Equal(("large", "our sofa"), (sizes.Media!.ProviderMediaId, sizes.Text));
    }

    [Fact]
    public void An_edit_is_stored_as_a_message_of_its_own_marked_edited()
    {
        var message = Assert.Single(TelegramUpdateParser.Parse(ChannelFixtures.Bytes("telegram-edited.json"), Route)!.Messages);

        Assert.Equal("1111111:1365:edited:1441646600", message.ProviderMessageId);
        Assert.Equal("(edited) Edited text", message.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1441646600), message.SentAt);
    }

    [Fact]
    public void Documents_voice_audio_locations_venues_and_contacts_are_read()
    {
        const string head = """{"update_id":1,"message":{"message_id":2,"chat":{"id":-1001234567890123,"type":"supergroup","title":"Buyers"},"date":1700000000""";

        var document = Single(head + ""","document":{"file_id":"doc","file_unique_id":"d","file_name":"quote.pdf","mime_type":"application/pdf"}}}""");
        Assert.Equal((InboundKind.Document, "doc", "quote.pdf", "application/pdf"),
            (document.Kind, document.Media!.ProviderMediaId, document.Media.FileName, document.Media.ContentType));
        Assert.Equal("-1001234567890123", document.SenderId);
        Assert.Equal("Buyers", document.SenderName);

        var voice = Single(head + ""","voice":{"file_id":"v","file_unique_id":"v1","duration":3}}}""");
        Assert.Equal((InboundKind.Audio, "audio/ogg"), (voice.Kind, voice.Media!.ContentType));

        var audio = Single(head + ""","audio":{"file_id":"a","file_unique_id":"a1","duration":3,"mime_type":"audio/mp4","file_name":"song.m4a"}}}""");
        Assert.Equal((InboundKind.Audio, "audio/mp4", "song.m4a"), (audio.Kind, audio.Media!.ContentType, audio.Media.FileName));

        var location = Single(head + ""","location":{"latitude":52.52,"longitude":13.405}}}""");
        Assert.Equal(new InboundLocation(52.52, 13.405), location.Location);

        var venue = Single(head + ""","location":{"latitude":1.5,"longitude":2.5},"venue":{"location":{"latitude":1.5,"longitude":2.5},"title":"Shop","address":"Main St 1"}}}""");
        Assert.Equal(new InboundLocation(1.5, 2.5, "Shop", "Main St 1"), venue.Location);

        var contact = Single(head + ""","contact":{"phone_number":"+15550001111","first_name":"Ana","last_name":"Lee"}}}""");
        Assert.Equal(InboundKind.Contacts, contact.Kind);
        Assert.Equal(new InboundContactCard("Ana Lee", "+15550001111"), Assert.Single(contact.Contacts!));
    }

    [Theory]
    [InlineData(""","sticker":{"file_id":"s","file_unique_id":"s1","type":"regular","width":512,"height":512,"is_animated":false,"is_video":false}""", "sticker")]
    [InlineData(""","dice":{"emoji":"🎲","value":4}""", "dice")]
    [InlineData(""","poll":{"id":"1","question":"?","options":[],"total_voter_count":0,"is_closed":false,"is_anonymous":true,"type":"regular","allows_multiple_answers":false}""", "poll")]
    public void Stickers_and_other_types_are_stored_labelled_with_their_type(string content, string type)
    {
        var message = Single("""{"update_id":1,"message":{"message_id":2,"from":{"id":3,"is_bot":false,"first_name":"A"},"chat":{"id":3,"type":"private"},"date":1700000000""" + content + "}}");

        Assert.Equal((InboundKind.Unsupported, type), (message.Kind, message.UnsupportedType));
    }

    [Fact]
    public void Updates_that_carry_no_customer_message_are_acknowledged_and_ignored()
    {
        var batch = TelegramUpdateParser.Parse("""{"update_id":7,"my_chat_member":{"chat":{"id":1,"type":"private"}}}"""u8, Route);

        Assert.Same(ChannelWebhookBatch.Empty, batch);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"message":{}}""")]
    [InlineData("""{"update_id":"x"}""")]
    [InlineData("""{"update_id":1,"message":{"message_id":2}}""")]
    [InlineData("""{"update_id":1,"message":{"message_id":2,"chat":{"id":"abc"},"date":1}}""")]
    public void A_body_that_is_not_an_update_is_refused(string body)
    {
        Assert.Null(TelegramUpdateParser.Parse(Encoding.UTF8.GetBytes(body), Route));
    }
}
