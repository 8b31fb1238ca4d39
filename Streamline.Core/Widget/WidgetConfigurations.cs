using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Widget;

internal sealed class WidgetSettingsConfiguration : IEntityTypeConfiguration<WidgetSettings>
{
    public void Configure(EntityTypeBuilder<WidgetSettings> b)
    {
        b.HasKey(w => w.WorkspaceId);
        b.Property(w => w.PublicKey).HasMaxLength(64);
        b.HasIndex(w => w.PublicKey).IsUnique();
        b.Property(w => w.BrandColor).HasMaxLength(7);
        b.Property(w => w.Title).HasMaxLength(60);
        b.Property(w => w.GreetingOverride).HasMaxLength(1000);
        b.Property(w => w.TimeZone).HasMaxLength(64);
        b.Property(w => w.OfflineMessage).HasMaxLength(1000);
        b.Property(w => w.Version).IsConcurrencyToken();
        // Widgets that exist before the cap get it too; the sentinel keeps an owner's 0 (no cap) from becoming the default.
        b.Property(w => w.DailyAiCapMillicredits).HasDefaultValue(WidgetSettings.DefaultDailyAiCapMillicredits).HasSentinel(-1L);
        b.OwnsMany(w => w.Hours, h => h.ToJson());
        b.HasOne<Workspace>().WithOne().HasForeignKey<WidgetSettings>(w => w.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
