using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Streamline.Core.Channels;

internal sealed class ChannelIdentityConfiguration : IEntityTypeConfiguration<ChannelIdentity>
{
    public void Configure(EntityTypeBuilder<ChannelIdentity> b)
    {
        b.ToTable("ChannelIdentities");
        b.Property(i => i.ExternalId).HasMaxLength(200);
        b.Property(i => i.Phone).HasMaxLength(40);
        b.Property(i => i.DisplayName).HasMaxLength(200);
        b.HasIndex(i => new { i.ChannelId, i.ExternalId }).IsUnique();
        b.HasIndex(i => i.ConversationId);
        b.HasIndex(i => i.WorkspaceId);
        b.HasIndex(i => i.ContactId);
        b.HasOne<MessagingChannel>().WithMany().HasForeignKey(i => i.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChannelMessageConfiguration : IEntityTypeConfiguration<ChannelMessage>
{
    public void Configure(EntityTypeBuilder<ChannelMessage> b)
    {
        b.ToTable("ChannelMessages");
        b.Property(m => m.Kind).HasMaxLength(40);
        b.Property(m => m.ProviderMessageId).HasMaxLength(200);
        b.Property(m => m.Text).HasMaxLength(8000);
        b.Property(m => m.TemplateJson).HasMaxLength(4000);
        b.Property(m => m.MediaId).HasMaxLength(200);
        b.Property(m => m.MediaType).HasMaxLength(100);
        b.Property(m => m.MediaFileName).HasMaxLength(200);
        b.Property(m => m.ErrorCode).HasMaxLength(40);
        b.Property(m => m.ErrorMessage).HasMaxLength(1000);
        // The dedupe: a redelivered (or concurrently delivered) inbound message fails this and is counted a duplicate.
        b.HasIndex(m => new { m.ChannelId, m.ProviderMessageId }).IsUnique();
        // One outbound row per part of a chat message, however often the outbox is filled.
        b.HasIndex(m => new { m.ChatMessageId, m.Direction, m.Part }).IsUnique();
        b.HasIndex(m => new { m.State, m.NextAttemptAt });
        b.HasIndex(m => new { m.ConversationId, m.CreatedAt });
        b.HasIndex(m => m.WorkspaceId);
        b.HasOne<MessagingChannel>().WithMany().HasForeignKey(m => m.ChannelId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => m.IdentityId);
    }
}

internal sealed class ChannelMessageTemplateConfiguration : IEntityTypeConfiguration<ChannelMessageTemplate>
{
    public void Configure(EntityTypeBuilder<ChannelMessageTemplate> b)
    {
        b.ToTable("ChannelMessageTemplates");
        b.Property(t => t.Name).HasMaxLength(512);
        b.Property(t => t.Language).HasMaxLength(20);
        b.HasIndex(t => new { t.ChannelId, t.Name, t.Language }).IsUnique();
        b.HasIndex(t => t.WorkspaceId);
        b.HasOne<MessagingChannel>().WithMany().HasForeignKey(t => t.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}
