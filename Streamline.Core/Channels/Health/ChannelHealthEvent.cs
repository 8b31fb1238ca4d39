using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Channels.Health;

public enum ChannelHealthEventKind { BadSignature, ProviderError }

/// <summary>
/// One failure on a channel, with its time: the health row keeps running totals, and these give the admins' monitoring
/// its counts over the last hour and day. Only failures are written, so a busy healthy webhook adds no rows; rows older
/// than <see cref="ChannelHealth.EventRetention"/> are deleted by the hourly silent-channel sweep.
/// </summary>
public class ChannelHealthEvent : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid ChannelId { get; set; }
    public ChannelHealthEventKind Kind { get; set; }
    public DateTime At { get; set; }
}

internal sealed class ChannelHealthEventConfiguration : IEntityTypeConfiguration<ChannelHealthEvent>
{
    public void Configure(EntityTypeBuilder<ChannelHealthEvent> b)
    {
        b.ToTable("ChannelHealthEvents");
        b.HasIndex(e => new { e.Kind, e.At });
        b.HasIndex(e => e.At);
        b.HasIndex(e => e.WorkspaceId);
        b.HasOne<MessagingChannel>().WithMany().HasForeignKey(e => e.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}
