using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Credits.Disputes;

internal sealed class CreditDisputeConfiguration : IEntityTypeConfiguration<CreditDispute>
{
    public void Configure(EntityTypeBuilder<CreditDispute> b)
    {
        b.Property(d => d.Description).HasMaxLength(2000);
        b.Property(d => d.AdminNote).HasMaxLength(2000);
        b.HasIndex(d => d.LedgerEntryId).IsUnique();
        b.HasIndex(d => new { d.Status, d.CreatedAt });
        b.HasIndex(d => new { d.WorkspaceId, d.CreatedAt });
        b.HasOne<LedgerEntry>().WithMany().HasForeignKey(d => d.LedgerEntryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
