using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Channels.Sandbox;

/// <summary>
/// One message on a sandbox channel's phone: what the owner wrote as the customer (after the webhook took it), or what
/// the app sent to the simulated provider. A table rather than memory, so a separate Workers process's sends show too.
/// </summary>
public class SandboxMessage : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid ChannelId { get; set; }

    /// <summary>True for what the app sent to the customer.</summary>
    public bool Outbound { get; set; }

    public required string Text { get; set; }

    /// <summary>The provider's id of the message (the simulated provider's answer for outbound ones).</summary>
    public required string ProviderMessageId { get; set; }

    public DateTime At { get; set; }

    /// <summary>The customer's phone has shown it (outbound only): the "mark read" button sends the status webhook.</summary>
    public bool Read { get; set; }
}

internal sealed class SandboxMessageConfiguration : IEntityTypeConfiguration<SandboxMessage>
{
    public void Configure(EntityTypeBuilder<SandboxMessage> b)
    {
        b.ToTable("SandboxChannelMessages");
        b.Property(m => m.Text).HasMaxLength(8000);
        b.Property(m => m.ProviderMessageId).HasMaxLength(200);
        b.HasIndex(m => new { m.ChannelId, m.At });
        b.HasIndex(m => m.WorkspaceId);
        b.HasOne<MessagingChannel>().WithMany().HasForeignKey(m => m.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}
