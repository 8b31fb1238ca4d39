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
    /// <paramref name="text"/> in parts of at most <paramref name="max"/> characters, cut at the last line break, else the
    /// last space, in the second half of a part; a word longer than that is cut where it must.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        var parts = new List<string>();
        var rest = text.Trim();
        while (rest.Length > max)
        {
            var window = rest[..max];
            var cut = window.LastIndexOf('\n');
            if (cut < max / 2) cut = window.LastIndexOf(' ');
            if (cut < max / 2) cut = char.IsHighSurrogate(rest[max - 1]) ? max - 1 : max;
            parts.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0) parts.Add(rest);
        return parts;
    }

    /// <summary>How far along a delivery state is: a status callback only ever moves an outbound message forward.</summary>
    public static bool MayMove(ChannelDeliveryState from, ChannelDeliveryState to) => (from, to) switch
    {
        (ChannelDeliveryState.Failed or ChannelDeliveryState.Withheld, _) => false,
        (_, ChannelDeliveryState.Failed) => from != ChannelDeliveryState.Read,
        _ => Rank(to) > Rank(from),
    };

    private static int Rank(ChannelDeliveryState s) => s switch
    {
        ChannelDeliveryState.Queued => 0,
        ChannelDeliveryState.Sent => 1,
        ChannelDeliveryState.Delivered => 2,
        ChannelDeliveryState.Read => 3,
        _ => 4,
    };
}
