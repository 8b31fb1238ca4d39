namespace Streamline.Core.Conversations.Inbox;

public static class ContactNames
{
    /// <summary>What a prospect is called before they have said their name.</summary>
    public const string Unnamed = "Visitor";

    public static string Display(string? name) => string.IsNullOrWhiteSpace(name) ? Unnamed : name;
}
