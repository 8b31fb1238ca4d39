using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Notifications;

/// <summary>
/// A member's choice about one kind of e-mail in one workspace. No row means the default: e-mailed.
/// </summary>
public class NotificationPreference : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public Guid UserId { get; set; }
    public NotificationKind Kind { get; set; }
    public bool Email { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.HasKey(p => new { p.WorkspaceId, p.UserId, p.Kind });
        b.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
