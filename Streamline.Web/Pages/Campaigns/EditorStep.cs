namespace Streamline.Web.Pages.Campaigns;

/// <summary>The pages of the campaign form, in order, as they appear in URLs (/campaigns/{id}/edit/chat-flow).</summary>
public enum EditorStep { Product, Channels, ChatFlow, Audience, Review }

public static class EditorSteps
{
    public static readonly IReadOnlyList<EditorStep> All = Enum.GetValues<EditorStep>();

    public static string Slug(EditorStep step) => step switch
    {
        EditorStep.ChatFlow => "chat-flow",
        _ => step.ToString().ToLowerInvariant(),
    };

    public static string Title(EditorStep step) => step switch
    {
        EditorStep.ChatFlow => "Chat flow",
        _ => step.ToString(),
    };

    /// <summary>Null for a slug that names no step; no slug at all is the first step.</summary>
    public static EditorStep? FromSlug(string? slug) =>
        string.IsNullOrEmpty(slug) ? EditorStep.Product : All.Cast<EditorStep?>().FirstOrDefault(s => Slug(s!.Value) == slug);

    /// <summary>
    /// Where a button pressed on <paramref name="current"/> leads: "next", "back" or a step's slug
    /// (the progress bar); anything else stays put.
    /// </summary>
    public static EditorStep Target(EditorStep current, string? go) => go switch
    {
        "next" => current == EditorStep.Review ? current : current + 1,
        "back" => current == EditorStep.Product ? current : current - 1,
        _ => go is not null && FromSlug(go) is { } step ? step : current,
    };

    /// <summary>The "go" value that ends editing and returns to the campaign's page.</summary>
    public const string Done = "done";
}
