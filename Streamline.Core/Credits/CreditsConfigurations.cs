using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Credits;

internal sealed class WalletConfiguration : IEntityTypeConfiguration<Wallet>
{
    public void Configure(EntityTypeBuilder<Wallet> b)
    {
        b.HasIndex(w => w.WorkspaceId).IsUnique();
        b.HasOne<Workspace>().WithMany().HasForeignKey(w => w.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> b)
    {
        b.Property(e => e.Reason).HasMaxLength(500);
        b.Property(e => e.RelatedObject).HasMaxLength(200);
        b.Property(e => e.IdempotencyKey).HasMaxLength(200);
        b.HasIndex(e => e.IdempotencyKey).IsUnique();
        // History pages and reconciliation read one wallet's entries in order.
        b.HasIndex(e => new { e.WalletId, e.CreatedAt });
        b.HasIndex(e => new { e.WorkspaceId, e.CreatedAt });
        // Restrict: deleting a wallet must never take its ledger with it.
        b.HasOne<Wallet>().WithMany().HasForeignKey(e => e.WalletId).OnDelete(DeleteBehavior.Restrict);
    }
}
