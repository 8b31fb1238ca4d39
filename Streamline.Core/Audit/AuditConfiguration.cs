using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Streamline.Core.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(e => e.Actor).HasMaxLength(256);
        b.Property(e => e.Subject).HasMaxLength(200);
        b.Property(e => e.Summary).HasMaxLength(500);
        // The log page reads newest first, narrowed by workspace, action or actor.
        b.HasIndex(e => e.CreatedAt);
        b.HasIndex(e => new { e.WorkspaceId, e.CreatedAt });
        b.HasIndex(e => new { e.Action, e.CreatedAt });
        b.HasIndex(e => new { e.ActorUserId, e.CreatedAt });
    }
}
