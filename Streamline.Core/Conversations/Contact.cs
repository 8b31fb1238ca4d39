using Streamline.Core.Workspaces;

namespace Streamline.Core.Conversations;

/// <summary>
/// A prospect as far as a conversation has learned them: every field is what they said, saved by the
/// save-contact tool after validation, never guessed.
/// </summary>
public class Contact : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Company { get; set; }
    public int? TeamSize { get; set; }

    /// <summary>As the prospect put it ("about $2k a month"): budgets are rarely one exact number.</summary>
    public string? Budget { get; set; }
    public List<string> PainPoints { get; set; } = [];

    /// <summary>
    /// Values a merge with another contact replaced by newer ones ("E-mail: old@example.test"), kept so that nothing the
    /// person said is lost. Null until a merge replaces one.
    /// </summary>
    public List<string>? EarlierDetails { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public bool HasContactRoute => Email is not null || Phone is not null;
}
