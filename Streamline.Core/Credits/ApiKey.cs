using Streamline.Core.Workspaces;

namespace Streamline.Core.Credits;

/// <summary>
/// A workspace's key for the metering API. Only the SHA-256 of the key is stored; the plaintext is
/// shown once, when it is created.
/// </summary>
public class ApiKey : IWorkspaceOwned
{
    public const string ScopeRead = "credits:read";
    public const string ScopeWrite = "credits:write";
    public static readonly IReadOnlyList<string> AllScopes = [ScopeRead, ScopeWrite];

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public required string Name { get; set; }

    /// <summary>The first 8 characters of the key, enough to recognise it in a list.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lowercase hex SHA-256 of the full key.</summary>
    public required string SecretHash { get; set; }

    /// <summary>Space-separated, e.g. <c>credits:read credits:write</c>.</summary>
    public required string Scopes { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public Guid? CreatedByUserId { get; set; }

    public bool IsActive => RevokedAt is null;
    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
