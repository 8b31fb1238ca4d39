using Streamline.Core.Conversations;

namespace Streamline.Core.Channels.Contacts;

/// <summary>What two contacts of one person combine into, and which of their values the newer ones replaced.</summary>
public sealed record CombinedFacts(
    string? Name, string? Email, string? Phone, string? Company, int? TeamSize, string? Budget,
    IReadOnlyList<string> PainPoints, IReadOnlyList<string> EarlierDetails, IReadOnlyList<string> Replaced, DateTime CreatedAt)
{
    public void ApplyTo(Contact contact, DateTime now)
    {
        (contact.Name, contact.Email, contact.Phone, contact.Company, contact.TeamSize, contact.Budget) = (Name, Email, Phone, Company, TeamSize, Budget);
        contact.PainPoints = [.. PainPoints];
        contact.EarlierDetails = EarlierDetails.Count == 0 ? null : [.. EarlierDetails];
        contact.CreatedAt = CreatedAt;
        contact.UpdatedAt = now;
    }
}

/// <summary>
/// Combines the facts of two contacts of the same person: each field takes the value of the contact updated more
/// recently, unless it has none; a value it replaces is kept among the earlier details, and pain points are the union,
/// so the merge never loses what the person said.
/// </summary>
public static class ContactFacts
{
    public static CombinedFacts Combine(Contact a, Contact b)
    {
        var (newer, older) = a.UpdatedAt >= b.UpdatedAt ? (a, b) : (b, a);
        var replaced = new List<string>();

        string? Pick(string? n, string? o, string label)
        {
            if (string.IsNullOrWhiteSpace(n)) return string.IsNullOrWhiteSpace(o) ? null : o;
            if (!string.IsNullOrWhiteSpace(o) && !string.Equals(n.Trim(), o.Trim(), StringComparison.OrdinalIgnoreCase)) replaced.Add($"{label}: {o}");
            return n;
        }

        var name = Pick(newer.Name, older.Name, "Name");
        var email = Pick(newer.Email, older.Email, "E-mail");
        var phone = Pick(newer.Phone, older.Phone, "Phone");
        var company = Pick(newer.Company, older.Company, "Company");
        var team = Pick(newer.TeamSize?.ToString("D"), older.TeamSize?.ToString("D"), "Team size");
        var budget = Pick(newer.Budget, older.Budget, "Budget");
        var painPoints = newer.PainPoints.Concat(older.PainPoints).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var earlier = (newer.EarlierDetails ?? []).Concat(older.EarlierDetails ?? []).Concat(replaced).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var created = a.CreatedAt <= b.CreatedAt ? a.CreatedAt : b.CreatedAt;
        return new CombinedFacts(name, email, phone, company, team is null ? null : int.Parse(team, System.Globalization.CultureInfo.InvariantCulture),
            budget, painPoints, earlier, replaced, created);
    }
}
