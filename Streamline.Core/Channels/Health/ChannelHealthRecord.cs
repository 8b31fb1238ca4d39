using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Channels.Health;

/// <summary>What is wrong with a channel, if anything: the incident its owners were mailed about once.</summary>
public enum ChannelTrouble { None, BadSignatures, TokenExpired, SendFailures, Silent }

/// <summary>
/// One row per channel: running counts of what went wrong and when it last went right. <see cref="Trouble"/> is the open
/// incident; the update that moves it from None is the one that mails the owners, so each incident is mailed once.
/// </summary>
public class ChannelHealthRecord : IWorkspaceOwned
{
    public Guid ChannelId { get; set; }
    public Guid WorkspaceId { get; set; }

    public int SignatureFailures { get; set; }
    public int ProviderErrors { get; set; }

    /// <summary>Bad signatures since the last delivery that passed: a wrong app secret fails every one.</summary>
    public int SignatureFailuresInARow { get; set; }

    /// <summary>Provider errors since the last message the provider accepted.</summary>
    public int ProviderErrorsInARow { get; set; }

    public string? LastError { get; set; }
    public DateTime? LastErrorAt { get; set; }
    public DateTime? LastInboundAt { get; set; }
    public DateTime? LastSentAt { get; set; }

    public ChannelTrouble Trouble { get; set; }
    public DateTime? TroubleSince { get; set; }
}

internal sealed class ChannelHealthRecordConfiguration : IEntityTypeConfiguration<ChannelHealthRecord>
{
    public void Configure(EntityTypeBuilder<ChannelHealthRecord> b)
    {
        b.ToTable("ChannelHealth");
        b.HasKey(h => h.ChannelId);
        b.Property(h => h.LastError).HasMaxLength(500);
        b.HasIndex(h => h.WorkspaceId);
        b.HasOne<MessagingChannel>().WithOne().HasForeignKey<ChannelHealthRecord>(h => h.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}
