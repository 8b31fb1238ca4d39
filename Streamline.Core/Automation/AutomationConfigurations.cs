using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Automation;

internal sealed class ServiceSettingsConfiguration : IEntityTypeConfiguration<ServiceSettings>
{
    public void Configure(EntityTypeBuilder<ServiceSettings> b)
    {
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(ServiceLimits.Key);
        b.Property(s => s.Name).HasMaxLength(ServiceLimits.Name);
        b.Property(s => s.Description).HasMaxLength(ServiceLimits.Description);
    }
}

internal sealed class ServiceRunConfiguration : IEntityTypeConfiguration<ServiceRun>
{
    public void Configure(EntityTypeBuilder<ServiceRun> b)
    {
        b.Property(r => r.ServiceKey).HasMaxLength(ServiceLimits.Key);
        b.Property(r => r.ServiceName).HasMaxLength(ServiceLimits.Name);
        b.Property(r => r.Input).HasMaxLength(ServiceLimits.Input);
        b.Property(r => r.ProgressNote).HasMaxLength(200);
        b.Property(r => r.Summary).HasMaxLength(500);
        b.Property(r => r.Error).HasMaxLength(500);
        b.Property(r => r.Files).HasMaxLength(500);
        b.Ignore(r => r.FileNames);
        b.Ignore(r => r.IsFinal);
        b.HasIndex(r => new { r.WorkspaceId, r.CreatedAt });
        // Usage figures and the monitoring tile read runs by service and time.
        b.HasIndex(r => new { r.ServiceKey, r.CreatedAt });
        b.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class ServiceLimits
{
    public const int Key = 50;
    public const int Name = 100;
    public const int Description = 1000;
    public const int Input = 20_000;
}
