using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Channels;

internal sealed class MessagingChannelConfiguration : IEntityTypeConfiguration<MessagingChannel>
{
    public void Configure(EntityTypeBuilder<MessagingChannel> b)
    {
        b.ToTable("MessagingChannels");
        b.Property(c => c.Name).HasMaxLength(100);
        b.Property(c => c.RouteKey).HasMaxLength(100);
        b.Property(c => c.CredentialsCiphertext).HasMaxLength(8000);
        b.Property(c => c.VerifyToken).HasMaxLength(64);
        // A provider account answers for one workspace at a time: its webhooks name only the account.
        b.HasIndex(c => new { c.Channel, c.RouteKey }).IsUnique();
        b.HasIndex(c => c.VerifyToken);
        b.HasIndex(c => c.WorkspaceId);
        b.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
