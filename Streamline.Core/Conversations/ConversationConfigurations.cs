using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Conversations;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.Property(c => c.Name).HasMaxLength(ConversationLimits.Name);
        b.Property(c => c.Email).HasMaxLength(ConversationLimits.Email);
        b.Property(c => c.Phone).HasMaxLength(ConversationLimits.Phone);
        b.Property(c => c.Company).HasMaxLength(ConversationLimits.Name);
        b.Property(c => c.Budget).HasMaxLength(ConversationLimits.Name);
        b.HasIndex(c => new { c.WorkspaceId, c.Email });
        // Linking finds the same person on another channel by their phone number.
        b.HasIndex(c => new { c.WorkspaceId, c.Phone });
        b.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> b)
    {
        b.Property(c => c.VisitorTokenHash).HasMaxLength(64);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => c.VisitorTokenHash).IsUnique();
        b.HasIndex(c => new { c.WorkspaceId, c.LastMessageAt });
        b.HasIndex(c => new { c.WorkspaceId, c.UserId });
        // A customer has at most one open portal conversation with the house, so two first messages sent at once
        // cannot start two. The filter is plain SQL that SQLite, PostgreSQL and SQL Server all read the same way.
        b.HasIndex(c => new { c.WorkspaceId, c.UserId }, "IX_Conversations_OpenPortal").IsUnique()
            .HasFilter($"\"{nameof(Conversation.Channel)}\" = '{nameof(ConversationChannel.Portal)}' AND \"{nameof(Conversation.Status)}\" <> '{nameof(ConversationStatus.Closed)}'");
        b.HasOne(c => c.Contact).WithMany().HasForeignKey(c => c.ContactId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> b)
    {
        b.Property(m => m.Text).HasMaxLength(ConversationLimits.StoredText);
        b.Property(m => m.Model).HasMaxLength(ConversationLimits.ModelName);
        b.OwnsMany(m => m.Attachments, a => a.ToJson());
        b.HasIndex(m => new { m.ConversationId, m.Sequence }).IsUnique();
        b.HasIndex(m => m.ReplyToId).IsUnique();
        // The sweeper's query: visitor messages still waiting for an answer.
        b.HasIndex(m => new { m.ReplyState, m.ReplyLeaseUntil });
        // The widget's caps: a workspace's messages of the last hour or day, on every message and every AI turn.
        b.HasIndex(m => new { m.WorkspaceId, m.CreatedAt });
        b.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProposalConfiguration : IEntityTypeConfiguration<Proposal>
{
    public void Configure(EntityTypeBuilder<Proposal> b)
    {
        b.Property(p => p.PublicToken).HasMaxLength(64);
        b.Property(p => p.Title).HasMaxLength(ConversationLimits.Name);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.OwnsMany(p => p.Items, i => i.ToJson());
        b.HasIndex(p => p.PublicToken).IsUnique();
        b.HasIndex(p => p.ConversationId);
        b.HasIndex(p => p.JobId).IsUnique();
        b.HasOne<Conversation>().WithMany().HasForeignKey(p => p.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AiModelConfiguration : IEntityTypeConfiguration<AiModel>
{
    public void Configure(EntityTypeBuilder<AiModel> b)
    {
        b.Property(m => m.Name).HasMaxLength(ConversationLimits.ModelName);
        b.HasIndex(m => m.Name).IsUnique();
        // List prices per 1K tokens at the time of writing; SuperAdmins keep them current. The offline engine is
        // priced like a small hosted model so that metering, holds and low-balance mail behave the same offline.
        var seeded = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
        b.HasData(
            Model("0f3a1c52-5d7e-4c1a-9a40-3b7b1f0a0001", ModelCatalog.OfflineModelName, 150, 600, ModelTier.Fast, seeded),
            Model("0f3a1c52-5d7e-4c1a-9a40-3b7b1f0a0002", "gpt-4o-mini", 150, 600, ModelTier.Fast, seeded),
            Model("0f3a1c52-5d7e-4c1a-9a40-3b7b1f0a0003", "gpt-4.1-mini", 400, 1600, ModelTier.Balanced, seeded),
            Model("0f3a1c52-5d7e-4c1a-9a40-3b7b1f0a0004", "gpt-4o", 2500, 10000, ModelTier.Best, seeded));
    }

    private static AiModel Model(string id, string name, long input, long output, ModelTier tier, DateTime at) => new()
    {
        Id = Guid.Parse(id), Name = name, InputMicrodollarsPer1K = input, OutputMicrodollarsPer1K = output, Tier = tier, UpdatedAt = at,
    };
}

/// <summary>Column sizes and abuse limits, shared by the schema and the validation so the two cannot disagree.</summary>
public static class ConversationLimits
{
    public const int Name = 100;
    public const int Email = 254;
    public const int Phone = 40;
    public const int ModelName = 100;

    /// <summary>What a visitor may type in one message.</summary>
    public const int VisitorMessage = 2000;

    /// <summary>Any stored message: AI replies and handoff notes are longer than what a visitor may type.</summary>
    public const int StoredText = 8000;
    public const int PainPoints = 10;
}
