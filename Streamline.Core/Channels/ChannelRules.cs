using System.Globalization;
using System.Text;
using Streamline.Core.Conversations;

namespace Streamline.Core.Channels;

/// <summary>The rules every messaging channel shares: the 24-hour window, opt-out words, how a message reads in the inbox, splitting.</summary>
public static class ChannelRules
{
    /// <summary>WhatsApp's customer-service window and Messenger's standard messaging window, both opened by the customer's message.</summary>
    public static readonly TimeSpan CustomerServiceWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// Whole-message words by which a customer asks for no more messages: English, Spanish, German, French, Portuguese.
    /// Only the whole message counts, so "stop by tomorrow" is an ordinary message.
    /// </summary>
    private static readonly HashSet<string> OptOutWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "stop", "unsubscribe", "stop all", "opt out", "optout", "cancel",
        "baja", "darme de baja", "parar", "detener", "cancelar suscripción",
        "abmelden", "stopp", "abbestellen",
        "arrêt", "arret", "désabonner", "desabonner", "se désabonner", "se desabonner", "désinscrire",
        "sair", "descadastrar", "cancelar inscrição",
    };

    public static bool IsOptOut(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        var word = text.Trim().TrimEnd('.', '!').Trim();
        return OptOutWords.Contains(word);
    }

    /// <summary>
    /// The text a customer's message is stored with: its words, or a label saying what it was (a file's is followed by the
    /// attachment once fetched), so nothing a customer sends is dropped. Text no keyboard types is removed, and what is
    /// longer than a visitor may write is cut and marked.
    /// </summary>
    public static string Render(InboundChannelMessage m)
    {
        var text = m.Text?.Trim();
        var rendered = m.Kind switch
        {
            InboundKind.Text => text ?? "",
            InboundKind.Image or InboundKind.Document or InboundKind.Audio or InboundKind.Video =>
                Join($"[{m.Kind.ToString().ToLowerInvariant()}{(m.Media?.FileName is { Length: > 0 } f ? ": " + f : "")}]", text),
            InboundKind.Location when m.Location is { } l => Join("[location] " + string.Join(", ",
                new[] { l.Name, l.Address }.Where(s => !string.IsNullOrWhiteSpace(s)).Append(
                    string.Create(CultureInfo.InvariantCulture, $"{l.Latitude:0.######}, {l.Longitude:0.######}"))), text),
            InboundKind.Contacts when m.Contacts is { Count: > 0 } cards => string.Join("\n", cards.Select(c =>
                "[contact] " + string.Join(", ", new[] { c.Name, c.Phone, c.Email }.Where(s => !string.IsNullOrWhiteSpace(s))))),
            InboundKind.Sticker => Join("[unsupported: sticker]", text),
            _ => Join($"[unsupported: {m.UnsupportedType ?? m.Kind.ToString().ToLowerInvariant()}]", text),
        };
        var clean = new StringBuilder(rendered.Length);
        foreach (var c in rendered)
            if (!char.IsControl(c) || c is '\n' or '\r' or '\t') clean.Append(c);
        var result = clean.ToString().Trim();
        if (result.Length == 0) result = "[empty message]";
        return result.Length <= ConversationLimits.VisitorMessage ? result : result[..(ConversationLimits.VisitorMessage - 1)] + "…";
    }

    private static string Join(string label, string? text) => string.IsNullOrEmpty(text) ? label : label + "\n" + text;

    /// <summary>
    /// How long one provider message may be, in the provider's own unit: WhatsApp, Telegram and Messenger count characters
    /// (UTF-16 code units, as their APIs measure), Instagram counts the UTF-8 bytes of the text.
    /// </summary>
    public static TextLimit TextLimitOf(ConversationChannel channel) => channel switch
    {
        ConversationChannel.WhatsApp or ConversationChannel.Telegram => new(4096, TextUnit.Characters),
        ConversationChannel.Messenger => new(2000, TextUnit.Characters),
        ConversationChannel.Instagram => new(1000, TextUnit.Utf8Bytes),
        _ => new(ConversationLimits.StoredText, TextUnit.Characters),
    };

    /// <summary><paramref name="text"/> in parts of at most <paramref name="max"/> characters (see <see cref="Split(string, TextLimit)"/>).</summary>
    public static IReadOnlyList<string> Split(string text, int max) => Split(text, new TextLimit(max, TextUnit.Characters));

    /// <summary>
    /// <paramref name="text"/> in parts no longer than <paramref name="limit"/>, cut at the last line break, else the last
    /// space, in the second half of a part; a word longer than that is cut where it must, but always between two
    /// user-perceived characters (an emoji with its modifiers, a letter with its accents stay whole), and only a
    /// character longer than a whole part is cut between its code points.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, TextLimit limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit.Max, limit.Unit == TextUnit.Utf8Bytes ? 4 : 2);
        var parts = new List<string>();
        var rest = text.Trim();
        while (limit.Size(rest) > limit.Max)
        {
            var (fits, size) = (0, 0); // how many UTF-16 units of rest fit, and their size in the limit's unit
            int lineBreak = -1, space = -1;
            var elements = StringInfo.GetTextElementEnumerator(rest);
            while (elements.MoveNext())
            {
                var element = elements.GetTextElement();
                var grown = size + limit.Size(element);
                if (grown > limit.Max) break;
                if (element is "\n" or "\r\n") lineBreak = fits;
                else if (element == " ") space = fits;
                (fits, size) = (fits + element.Length, grown);
            }
            var cut = lineBreak >= 0 && limit.Size(rest[..lineBreak]) >= limit.Max / 2 ? lineBreak
                : space >= 0 && limit.Size(rest[..space]) >= limit.Max / 2 ? space
                : fits > 0 ? fits
                : WholeRunes(rest, limit);
            parts.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0) parts.Add(rest);
        return parts;
    }

    /// <summary>The first character alone is longer than a part: as many of its code points as fit.</summary>
    private static int WholeRunes(string text, TextLimit limit)
    {
        var (length, size) = (0, 0);
        foreach (var rune in text.EnumerateRunes())
        {
            var runeSize = limit.Unit == TextUnit.Utf8Bytes ? rune.Utf8SequenceLength : rune.Utf16SequenceLength;
            if (size + runeSize > limit.Max) break;
            (length, size) = (length + rune.Utf16SequenceLength, size + runeSize);
        }
        return length;
    }

    /// <summary>How far along a delivery state is: a status callback only ever moves an outbound message forward.</summary>
    public static bool MayMove(ChannelDeliveryState from, ChannelDeliveryState to) => (from, to) switch
    {
        (ChannelDeliveryState.Failed or ChannelDeliveryState.Withheld, _) => false,
        (_, ChannelDeliveryState.Failed) => from != ChannelDeliveryState.Read,
        _ => Rank(to) > Rank(from),
    };

    public static int Rank(ChannelDeliveryState s) => s switch
    {
        ChannelDeliveryState.Queued => 0,
        ChannelDeliveryState.Sent => 1,
        ChannelDeliveryState.Delivered => 2,
        ChannelDeliveryState.Read => 3,
        _ => 4,
    };
}

public enum TextUnit { Characters, Utf8Bytes }

/// <summary>The most a provider takes in one message: <see cref="Max"/> of <see cref="Unit"/>.</summary>
public sealed record TextLimit(int Max, TextUnit Unit)
{
    public int Size(string text) => Unit == TextUnit.Utf8Bytes ? Encoding.UTF8.GetByteCount(text) : text.Length;
}
