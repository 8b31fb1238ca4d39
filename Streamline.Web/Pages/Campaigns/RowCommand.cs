using Streamline.Core.Campaigns;

namespace Streamline.Web.Pages.Campaigns;

/// <summary>
/// A list button pressed in the form, e.g. "add:features", "remove:objections:2", "up:questions:1".
/// It changes the typed input only; nothing is saved until the step is left.
/// </summary>
public sealed record RowCommand(string Operation, string List, int Index)
{
    /// <summary>The lists each step edits, by the name the buttons use.</summary>
    public static EditorStep? StepOf(string list) => list switch
    {
        "features" => EditorStep.Product,
        "questions" or "objections" => EditorStep.ChatFlow,
        "locations" or "interests" => EditorStep.Audience,
        _ => null,
    };

    public static RowCommand? Parse(string? text)
    {
        var parts = (text ?? "").Split(':');
        if (parts.Length is < 2 or > 3 || parts[0] is not ("add" or "remove" or "up" or "down") || StepOf(parts[1]) is null) return null;
        if (parts[0] == "add") return parts.Length == 2 ? new(parts[0], parts[1], -1) : null;
        return parts.Length == 3 && int.TryParse(parts[2], out var index) && index >= 0 ? new(parts[0], parts[1], index) : null;
    }

    /// <summary>Applies the command to the step inputs; returns the field of a row just added (to focus it), else null.</summary>
    public string? ApplyTo(ProductStep product, ChatFlowStep chatFlow, AudienceStep audience) => List switch
    {
        "features" => Apply(product.Features, () => null, "Product.Features"),
        "questions" => Apply(chatFlow.QualificationQuestions, () => null, "ChatFlow.QualificationQuestions"),
        "objections" => Apply(chatFlow.Objections, () => new ObjectionRow(), "ChatFlow.Objections", ".Objection"),
        "locations" => Apply(audience.Locations, () => null, "Audience.Locations"),
        _ => Apply(audience.Interests, () => null, "Audience.Interests"),
    };

    private string? Apply<T>(List<T> rows, Func<T> blank, string field, string focusSuffix = "")
    {
        switch (Operation)
        {
            case "add" when rows.Count < CampaignLimits.ListItems:
                rows.Add(blank());
                return $"{field}[{rows.Count - 1}]{focusSuffix}";
            case "remove" when Index < rows.Count:
                rows.RemoveAt(Index);
                break;
            case "up" when Index > 0 && Index < rows.Count:
                (rows[Index - 1], rows[Index]) = (rows[Index], rows[Index - 1]);
                break;
            case "down" when Index < rows.Count - 1:
                (rows[Index + 1], rows[Index]) = (rows[Index], rows[Index + 1]);
                break;
        }
        return null;
    }
}
