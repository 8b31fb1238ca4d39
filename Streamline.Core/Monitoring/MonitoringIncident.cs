using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Streamline.Core.Monitoring;

/// <summary>
/// An open incident: a tile of /admin/monitoring that is red. Keyed by the tile, so only one can be open per tile and
/// the run (or worker process) that inserts it is the one that mails the admins; the row goes when the tile turns green.
/// </summary>
public class MonitoringIncident
{
    public required string Tile { get; set; }
    public DateTime OpenedAt { get; set; }
    public required string Summary { get; set; }
}

internal sealed class MonitoringIncidentConfiguration : IEntityTypeConfiguration<MonitoringIncident>
{
    public void Configure(EntityTypeBuilder<MonitoringIncident> b)
    {
        b.HasKey(i => i.Tile);
        b.Property(i => i.Tile).HasMaxLength(40);
        b.Property(i => i.Summary).HasMaxLength(2000);
    }
}
