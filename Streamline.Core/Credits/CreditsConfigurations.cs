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

internal sealed class CreditReservationConfiguration : IEntityTypeConfiguration<CreditReservation>
{
    public void Configure(EntityTypeBuilder<CreditReservation> b)
    {
        b.Property(r => r.Description).HasMaxLength(500);
        b.Property(r => r.CloseIdempotencyKey).HasMaxLength(200);
        // The expiry job looks for holds that are still open and past their time.
        b.HasIndex(r => new { r.Status, r.ExpiresAt });
        b.HasIndex(r => new { r.WorkspaceId, r.CreatedAt });
        b.HasOne<Wallet>().WithMany().HasForeignKey(r => r.WalletId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CreditPackageConfiguration : IEntityTypeConfiguration<CreditPackage>
{
    private const long Credit = 1_000;

    public void Configure(EntityTypeBuilder<CreditPackage> b)
    {
        b.Property(p => p.Code).HasMaxLength(50);
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.Features).HasMaxLength(2000);
        b.Property(p => p.StripePriceId).HasMaxLength(255);
        b.HasIndex(p => p.Code).IsUnique();
        b.Ignore(p => p.FeatureList);

        // Fixed ids so the seed is the same row on every provider and every migration.
        b.HasData(
            Subscription("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e01", "starter", "Starter", 1_999, 200, 10,
                "200 credits per month", "Basic automation tools", "Email support"),
            Subscription("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e02", "professional", "Professional", 4_999, 600, 20,
                "600 credits per month", "Advanced automation tools", "Priority support", "API access"),
            Subscription("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e03", "enterprise", "Enterprise", 9_999, 1_500, 30,
                "1,500 credits per month", "Premium automation tools", "24/7 support", "Custom integrations",
                "Dedicated account manager"),
            Pack("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e11", "pack-100", "100 credits", 1_000, 100, 110),
            Pack("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e12", "pack-550", "550 credits", 4_500, 550, 120),
            Pack("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e13", "pack-1350", "1,350 credits", 10_000, 1_350, 130),
            Pack("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e14", "pack-3500", "3,500 credits", 22_500, 3_500, 140),
            Pack("2f6b8f0e-5d3c-4c1a-9a51-0c1f3a2b7e15", "pack-12000", "12,000 credits", 70_000, 12_000, 150));
    }

    private static CreditPackage Subscription(string id, string code, string name, long cents, long credits, int order,
        params string[] features) => new()
    {
        Id = Guid.Parse(id), Code = code, Name = name, Kind = CreditPackageKind.Subscription, PriceCents = cents,
        CreditsMillicredits = credits * Credit, Features = string.Join('\n', features), SortOrder = order,
    };

    private static CreditPackage Pack(string id, string code, string name, long cents, long credits, int order) => new()
    {
        Id = Guid.Parse(id), Code = code, Name = name, Kind = CreditPackageKind.Pack, PriceCents = cents,
        CreditsMillicredits = credits * Credit, SortOrder = order,
    };
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.Property(k => k.Name).HasMaxLength(100);
        b.Property(k => k.Prefix).HasMaxLength(8);
        b.Property(k => k.SecretHash).HasMaxLength(64);
        b.Property(k => k.Scopes).HasMaxLength(200);
        b.HasIndex(k => k.SecretHash).IsUnique();
        b.HasIndex(k => new { k.WorkspaceId, k.CreatedAt });
        b.Ignore(k => k.ScopeList);
        b.HasOne<Workspace>().WithMany().HasForeignKey(k => k.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
