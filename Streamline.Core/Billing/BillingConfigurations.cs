using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Billing;

internal sealed class StripeEventRecordConfiguration : IEntityTypeConfiguration<StripeEventRecord>
{
    public void Configure(EntityTypeBuilder<StripeEventRecord> b)
    {
        b.ToTable("StripeEvents");
        b.Property(e => e.Id).HasMaxLength(255);
        b.Property(e => e.Type).HasMaxLength(100);
        b.Property(e => e.ApiVersion).HasMaxLength(50);
        b.Property(e => e.LastError).HasMaxLength(2000);
        b.Property(e => e.Outcome).HasMaxLength(500);
        // The sweeper looks for events not yet applied.
        b.HasIndex(e => new { e.ProcessedAt, e.ReceivedAt });
    }
}

internal sealed class CheckoutSessionConfiguration : IEntityTypeConfiguration<CheckoutSession>
{
    public void Configure(EntityTypeBuilder<CheckoutSession> b)
    {
        b.Property(s => s.ExternalId).HasMaxLength(255);
        b.Property(s => s.PackageCode).HasMaxLength(50);
        b.Property(s => s.Currency).HasMaxLength(3);
        b.Property(s => s.CustomerEmail).HasMaxLength(256);
        b.Property(s => s.Url).HasMaxLength(2000);
        b.HasIndex(s => s.ExternalId).IsUnique();
        b.HasIndex(s => new { s.WorkspaceId, s.CreatedAt });
        b.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.Property(p => p.StripeObjectId).HasMaxLength(255);
        b.Property(p => p.PaymentIntentId).HasMaxLength(255);
        b.Property(p => p.SubscriptionId).HasMaxLength(255);
        b.Property(p => p.PackageCode).HasMaxLength(50);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.ChargeDisputeId).HasMaxLength(255);
        b.Property(p => p.ChargeDisputeStatus).HasMaxLength(50);
        b.HasIndex(p => p.StripeObjectId).IsUnique();
        b.HasIndex(p => p.PaymentIntentId);
        b.HasIndex(p => new { p.WorkspaceId, p.CreatedAt });
        b.HasIndex(p => p.CreatedAt);
        b.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BillingSubscriptionConfiguration : IEntityTypeConfiguration<BillingSubscription>
{
    public void Configure(EntityTypeBuilder<BillingSubscription> b)
    {
        b.Property(s => s.StripeSubscriptionId).HasMaxLength(255);
        b.Property(s => s.StripeCustomerId).HasMaxLength(255);
        b.Property(s => s.PackageCode).HasMaxLength(50);
        b.Property(s => s.Status).HasMaxLength(32);
        b.HasIndex(s => s.StripeSubscriptionId).IsUnique();
        b.HasIndex(s => s.WorkspaceId);
        b.Ignore(s => s.IsLive);
        b.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BillingCustomerConfiguration : IEntityTypeConfiguration<BillingCustomer>
{
    public void Configure(EntityTypeBuilder<BillingCustomer> b)
    {
        b.Property(c => c.StripeCustomerId).HasMaxLength(255);
        b.HasIndex(c => c.WorkspaceId).IsUnique();
        b.HasIndex(c => c.StripeCustomerId).IsUnique();
        b.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PromotionConfiguration : IEntityTypeConfiguration<Promotion>
{
    public void Configure(EntityTypeBuilder<Promotion> b)
    {
        b.Property(p => p.Code).HasMaxLength(40);
        b.Property(p => p.Description).HasMaxLength(500);
        b.HasIndex(p => p.Code).IsUnique();
    }
}

internal sealed class PromotionRedemptionConfiguration : IEntityTypeConfiguration<PromotionRedemption>
{
    public void Configure(EntityTypeBuilder<PromotionRedemption> b)
    {
        b.HasIndex(r => new { r.PromotionId, r.WorkspaceId, r.Sequence }).IsUnique();
        b.HasIndex(r => r.CheckoutSessionId).IsUnique();
        b.HasOne<Promotion>().WithMany().HasForeignKey(r => r.PromotionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
