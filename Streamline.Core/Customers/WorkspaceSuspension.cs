using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Customers;

/// <summary>
/// A workspace the agency has suspended: its people still sign in (and see why), but its widget and API stop serving.
/// The row's presence is the suspension; reactivating deletes it, and the audit log keeps the history.
/// </summary>
public class WorkspaceSuspension
{
    public Guid WorkspaceId { get; set; }
    public DateTime SuspendedAt { get; set; }
    public Guid? SuspendedByUserId { get; set; }
    public required string Reason { get; set; }
}

internal sealed class WorkspaceSuspensionConfiguration : IEntityTypeConfiguration<WorkspaceSuspension>
{
    public void Configure(EntityTypeBuilder<WorkspaceSuspension> b)
    {
        b.HasKey(s => s.WorkspaceId);
        b.Property(s => s.Reason).HasMaxLength(500);
        b.HasOne<Workspace>().WithOne().HasForeignKey<WorkspaceSuspension>(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
