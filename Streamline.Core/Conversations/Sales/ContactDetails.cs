using System.Net.Mail;
using System.Text.Json.Serialization;

namespace Streamline.Core.Conversations.Sales;

/// <summary>
/// What save_contact_details may carry; every field optional, every field validated and put in one form before it is
/// kept, whoever called the tool (a model or the offline engine): names capitalised, e-mails in lower case, phone numbers
/// in E.164 (read in the business's country when they have no country code), companies and budgets trimmed as the offline
/// engine reads a "Budget: …" line, companies without trailing punctuation.
/// </summary>
public sealed record ContactDetails(
    [property: JsonPropertyName("name")] string? Name = null,
    [property: JsonPropertyName("email")] string? Email = null,
    [property: JsonPropertyName("phone")] string? Phone = null,
    [property: JsonPropertyName("company")] string? Company = null,
    [property: JsonPropertyName("team_size")] int? TeamSize = null,
    [property: JsonPropertyName("budget")] string? Budget = null,
    [property: JsonPropertyName("pain_points")] List<string>? PainPoints = null)
{
    public const int MaxTeamSize = 1_000_000;

    /// <summary>
    /// Applies the valid fields to <paramref name="contact"/>; returns the names saved and why the others were not.
    /// <paramref name="phoneRegion"/> is the business's country (<see cref="Understanding.PhoneRegion"/>), if known.
    /// </summary>
    public (List<string> Saved, List<string> Refused) ApplyTo(Contact contact, string? phoneRegion = null)
    {
        var saved = new List<string>();
        var refused = new List<string>();
        Text(Clean(Name) is { } name ? string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Capitalise)) : null,
            ConversationLimits.Name, "name", v => contact.Name = v);
        if (Clean(Email)?.TrimEnd('.') is { } email)
        {
            if (IsEmail(email)) { contact.Email = email.ToLowerInvariant(); saved.Add("email"); }
            else refused.Add($"email \"{email}\" is not a valid e-mail address");
        }
        if (Clean(Phone) is { } phone)
        {
            var digits = phone.Count(char.IsAsciiDigit);
            if (phone.Length <= ConversationLimits.Phone && digits is >= 7 and <= 15 && phone.All(c => char.IsAsciiDigit(c) || " +-().".Contains(c)))
            {
                // A number the numbering plan does not know (a short extension, a made-up test number) is kept as given.
                contact.Phone = ContactParser.Phone(phone, phoneRegion) ?? phone;
                saved.Add("phone");
            }
            else refused.Add($"phone \"{phone}\" is not a phone number (7 to 15 digits)");
        }
        Text(Clean(Company)?.TrimEnd('.', ',', '!', ';', ':'), ConversationLimits.Name, "company", v => contact.Company = v);
        if (TeamSize is { } size)
        {
            if (size is >= 1 and <= MaxTeamSize) { contact.TeamSize = size; saved.Add("team_size"); }
            else refused.Add($"team_size {size} is not a team size");
        }
        Text(Clean(Budget) is { } budget ? ContactParser.Budget("budget " + budget) ?? budget : null, ConversationLimits.Name, "budget", v => contact.Budget = v);
        foreach (var point in (PainPoints ?? []).Select(Clean).OfType<string>())
        {
            if (point.Length > 200) { refused.Add("a pain point longer than 200 characters"); continue; }
            if (contact.PainPoints.Contains(point, StringComparer.OrdinalIgnoreCase)) continue;
            if (contact.PainPoints.Count >= ConversationLimits.PainPoints) { refused.Add("more than 10 pain points"); break; }
            contact.PainPoints = [.. contact.PainPoints, point];
            if (!saved.Contains("pain_points")) saved.Add("pain_points");
        }
        return (saved, refused);

        void Text(string? value, int max, string field, Action<string> set)
        {
            if (Clean(value) is not { } v) return;
            if (v.Length <= max) { set(v); saved.Add(field); }
            else refused.Add($"{field} is longer than {max} characters");
        }
    }

    private static string Capitalise(string word) => char.ToUpper(word[0], System.Globalization.CultureInfo.InvariantCulture) + word[1..];

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static bool IsEmail(string value) =>
        value.Length <= ConversationLimits.Email && MailAddress.TryCreate(value, out var address) && address.Address == value
        && address.Host.Contains('.') && !value.Contains(' ');
}
