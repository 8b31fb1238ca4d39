using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Campaigns;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.Property(c => c.Name).HasMaxLength(CampaignLimits.Name);
        b.Property(c => c.ProductName).HasMaxLength(CampaignLimits.Name);
        b.Property(c => c.ProductDescription).HasMaxLength(CampaignLimits.LongText);
        b.Property(c => c.Currency).HasMaxLength(3);
        b.Property(c => c.Greeting).HasMaxLength(CampaignLimits.Message);
        b.Property(c => c.ClosingMessage).HasMaxLength(CampaignLimits.Message);
        b.Property(c => c.CallToActionUrl).HasMaxLength(CampaignLimits.Url);
        // Flags are stored as their number: a channel test is a bitwise AND, not a string match.
        b.Property(c => c.Channels).HasConversion<int>();
        b.Property(c => c.Version).IsConcurrencyToken();
        b.OwnsMany(c => c.Objections, o => o.ToJson());
        b.HasIndex(c => new { c.WorkspaceId, c.Status });
        b.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Column sizes, shared by the schema and the form validation so the two cannot disagree.</summary>
public static class CampaignLimits
{
    public const int Name = 100;
    public const int LongText = 2000;
    public const int Message = 1000;
    public const int Url = 300;
    public const int ListItem = 200;
    public const int ListItems = 20;
}
