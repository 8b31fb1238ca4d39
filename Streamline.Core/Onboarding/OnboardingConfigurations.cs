using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Onboarding;

internal sealed class BusinessProfileConfiguration : IEntityTypeConfiguration<BusinessProfile>
{
    public void Configure(EntityTypeBuilder<BusinessProfile> b)
    {
        b.HasKey(p => p.WorkspaceId);
        b.Property(p => p.BusinessName).HasMaxLength(BusinessProfileLimits.Name);
        b.Property(p => p.OwnerName).HasMaxLength(BusinessProfileLimits.Name);
        b.Property(p => p.Industry).HasMaxLength(BusinessProfileLimits.Industry);
        b.Property(p => p.Description).HasMaxLength(BusinessProfileLimits.LongText);
        b.Property(p => p.Website).HasMaxLength(BusinessProfileLimits.Url);
        b.Property(p => p.Phone).HasMaxLength(BusinessProfileLimits.Phone);
        b.Property(p => p.Goals).HasMaxLength(BusinessProfileLimits.LongText);
        b.Property(p => p.TargetAudience).HasMaxLength(BusinessProfileLimits.LongText);
        b.Ignore(p => p.IsOnboardingOpen);
        b.HasOne<Workspace>().WithOne().HasForeignKey<BusinessProfile>(p => p.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Column sizes, shared by the schema and the form validation so the two cannot disagree.</summary>
public static class BusinessProfileLimits
{
    public const int Name = 100;
    public const int Industry = 100;
    public const int LongText = 2000;
    public const int Url = 300;
    public const int Phone = 40;
}
