using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Commerce;

internal sealed class ShopifyStoreConfiguration : IEntityTypeConfiguration<ShopifyStore>
{
    public void Configure(EntityTypeBuilder<ShopifyStore> b)
    {
        b.ToTable("ShopifyStores");
        b.Property(s => s.ShopDomain).HasMaxLength(255);
        b.Property(s => s.Name).HasMaxLength(255);
        b.Property(s => s.Currency).HasMaxLength(3);
        b.Property(s => s.AccessTokenCiphertext).HasMaxLength(4000);
        b.Property(s => s.RefreshTokenCiphertext).HasMaxLength(4000);
        b.Property(s => s.SyncCursor).HasMaxLength(1000);
        b.Property(s => s.LastSyncError).HasMaxLength(1000);
        // A shop belongs to one workspace at a time: webhooks name only the shop.
        b.HasIndex(s => s.ShopDomain).IsUnique();
        b.HasIndex(s => s.WorkspaceId);
        b.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommerceCustomerConfiguration : IEntityTypeConfiguration<CommerceCustomer>
{
    public void Configure(EntityTypeBuilder<CommerceCustomer> b)
    {
        b.Property(c => c.ShopifyId).HasMaxLength(100);
        b.Property(c => c.FirstName).HasMaxLength(255);
        b.Property(c => c.LastName).HasMaxLength(255);
        b.Property(c => c.Email).HasMaxLength(256);
        b.Property(c => c.Phone).HasMaxLength(50);
        b.Ignore(c => c.DisplayName);
        b.HasIndex(c => new { c.StoreId, c.ShopifyId }).IsUnique();
        b.HasIndex(c => new { c.WorkspaceId, c.Email });
        b.HasOne<ShopifyStore>().WithMany().HasForeignKey(c => c.StoreId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommerceProductConfiguration : IEntityTypeConfiguration<CommerceProduct>
{
    public void Configure(EntityTypeBuilder<CommerceProduct> b)
    {
        b.Property(p => p.ShopifyId).HasMaxLength(100);
        b.Property(p => p.Title).HasMaxLength(255);
        b.Property(p => p.Status).HasMaxLength(32);
        b.HasIndex(p => new { p.StoreId, p.ShopifyId }).IsUnique();
        b.HasOne<ShopifyStore>().WithMany().HasForeignKey(p => p.StoreId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommerceOrderConfiguration : IEntityTypeConfiguration<CommerceOrder>
{
    public void Configure(EntityTypeBuilder<CommerceOrder> b)
    {
        b.Property(o => o.ShopifyId).HasMaxLength(100);
        b.Property(o => o.Name).HasMaxLength(50);
        b.Property(o => o.Email).HasMaxLength(256);
        b.Property(o => o.Phone).HasMaxLength(50);
        b.Property(o => o.CustomerShopifyId).HasMaxLength(100);
        b.Property(o => o.CustomerName).HasMaxLength(255);
        b.Property(o => o.Currency).HasMaxLength(3);
        b.Property(o => o.FinancialStatus).HasMaxLength(32);
        b.Property(o => o.FulfillmentStatus).HasMaxLength(32);
        b.HasIndex(o => new { o.StoreId, o.ShopifyId }).IsUnique();
        b.HasIndex(o => new { o.WorkspaceId, o.CreatedAt });
        b.HasIndex(o => new { o.WorkspaceId, o.Number });
        b.HasIndex(o => new { o.WorkspaceId, o.Email });
        b.HasOne<ShopifyStore>().WithMany().HasForeignKey(o => o.StoreId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ShopifyWebhookDeliveryConfiguration : IEntityTypeConfiguration<ShopifyWebhookDelivery>
{
    public void Configure(EntityTypeBuilder<ShopifyWebhookDelivery> b)
    {
        b.ToTable("ShopifyWebhooks");
        b.Property(w => w.Id).HasMaxLength(255);
        b.Property(w => w.Topic).HasMaxLength(100);
        b.Property(w => w.ShopDomain).HasMaxLength(255);
        b.Property(w => w.Outcome).HasMaxLength(500);
        b.HasIndex(w => new { w.ProcessedAt, w.ReceivedAt });
    }
}

internal sealed class OrderLookupAttemptConfiguration : IEntityTypeConfiguration<OrderLookupAttempt>
{
    public void Configure(EntityTypeBuilder<OrderLookupAttempt> b)
    {
        b.HasIndex(a => new { a.ConversationId, a.At });
        b.HasOne<Workspace>().WithMany().HasForeignKey(a => a.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
