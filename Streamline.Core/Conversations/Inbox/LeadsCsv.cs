using System.Globalization;
using Streamline.Core.Exports;

namespace Streamline.Core.Conversations.Inbox;

/// <summary>The leads export: one line per lead, every typed value through <see cref="Csv.Text"/>.</summary>
public static class LeadsCsv
{
    public const string Header =
        "Name,E-mail,Phone,Company,Team size,Budget,Pain points,Best lead score,Last activity (UTC),Conversation\r\n";

    /// <param name="conversationUrl">The absolute link to a conversation in the inbox.</param>
    public static string Line(LeadRow lead, Func<Guid, string> conversationUrl) => Csv.Line(
        Csv.Text(lead.Name),
        Csv.Text(lead.Email),
        // A phone number often starts with +: it stays text, shown as typed, rather than becoming a formula.
        Csv.Text(lead.Phone),
        Csv.Text(lead.Company),
        lead.TeamSize?.ToString(CultureInfo.InvariantCulture) ?? "",
        Csv.Text(lead.Budget),
        Csv.Text(string.Join("; ", lead.PainPoints)),
        lead.BestLeadScore.ToString(CultureInfo.InvariantCulture),
        lead.LastActivityAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        lead.ConversationId is { } id ? Csv.Text(conversationUrl(id)) : "");
}
