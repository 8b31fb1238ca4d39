namespace Streamline.Core.Audit;

/// <summary>
/// One admin action or security event, never updated or deleted (refused by the DbContext and by the database's
/// triggers, as the ledger is). Not workspace-owned: only admins read it, across workspaces.
/// </summary>
public class AuditEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public DateTime CreatedAt { get; set; }
    public AuditAction Action { get; set; }

    /// <summary>Who did it; null for an anonymous attempt (a sign-in with an unknown e-mail).</summary>
    public Guid? ActorUserId { get; set; }

    /// <summary>The actor's e-mail when it happened, so the entry still reads right after the account changes.</summary>
    public required string Actor { get; set; }

    /// <summary>The workspace acted on, when there is one.</summary>
    public Guid? WorkspaceId { get; set; }

    /// <summary>What was acted on, as <c>kind:id</c>, e.g. <c>promotion:…</c> or <c>user:…</c>.</summary>
    public string? Subject { get; set; }

    public required string Summary { get; set; }
}

public enum AuditAction
{
    CreditsAdded,
    CreditsRemoved,
    WalletPaused,
    WalletResumed,
    PackageEdited,
    PromotionCreated,
    PromotionEdited,
    PromotionDeactivated,
    ModelCreated,
    ModelEdited,
    ModelActivated,
    ModelDeactivated,
    ModelDeleted,
    DisputeReviewStarted,
    DisputeResolved,
    DisputeRejected,
    CredentialRevealed,
    StripeEventRetried,
    WorkspaceSuspended,
    WorkspaceReactivated,
    RoleGranted,
    RoleRevoked,
    SignInFailed,
    LockedOut,
    TwoFactorEnabled,
    TwoFactorDisabled,
    AuthenticatorReset,
    RecoveryCodesGenerated,
    ApiKeyCreated,
    ApiKeyRevoked,
    ServiceEdited,
    ContactsMerged,
}

/// <summary>Who acts: the signed-in user's id and e-mail, or nobody.</summary>
public sealed record AuditActor(Guid? UserId, string Name)
{
    public static readonly AuditActor Anonymous = new(null, "anonymous");
}

public static class AuditActions
{
    private static readonly AuditAction[] Security =
    [
        AuditAction.SignInFailed, AuditAction.LockedOut, AuditAction.TwoFactorEnabled, AuditAction.TwoFactorDisabled,
        AuditAction.AuthenticatorReset, AuditAction.RecoveryCodesGenerated, AuditAction.ApiKeyCreated, AuditAction.ApiKeyRevoked,
    ];

    public static bool IsSecurityEvent(this AuditAction action) => Security.Contains(action);

    /// <summary>For people: "Credits added", "Two-factor enabled".</summary>
    public static string Label(this AuditAction action) => action switch
    {
        AuditAction.TwoFactorEnabled => "Two-factor enabled",
        AuditAction.TwoFactorDisabled => "Two-factor disabled",
        AuditAction.ApiKeyCreated => "API key created",
        AuditAction.ApiKeyRevoked => "API key revoked",
        AuditAction.StripeEventRetried => "Stripe event retried",
        _ => Sentence(action.ToString()),
    };

    private static string Sentence(string pascal)
    {
        var chars = new System.Text.StringBuilder();
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && chars.Length > 0) chars.Append(' ').Append(char.ToLowerInvariant(c));
            else chars.Append(c);
        }
        return chars.ToString();
    }
}
