using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Knowledge;

internal sealed class KnowledgeDocumentConfiguration : IEntityTypeConfiguration<KnowledgeDocument>
{
    public void Configure(EntityTypeBuilder<KnowledgeDocument> b)
    {
        b.Property(d => d.FileName).HasMaxLength(255);
        b.Property(d => d.StorageKey).HasMaxLength(300);
        b.Property(d => d.Sha256).HasMaxLength(64);
        b.Property(d => d.FailureReason).HasMaxLength(1000);
        b.HasIndex(d => new { d.WorkspaceId, d.UploadedAt });
        b.HasIndex(d => new { d.WorkspaceId, d.Sha256 }).IsUnique();
        // The extraction sweeper looks for documents that are queued or whose claim went stale.
        b.HasIndex(d => new { d.Status, d.ProcessingStartedAt });
        b.HasOne<Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class KnowledgePassageConfiguration : IEntityTypeConfiguration<KnowledgePassage>
{
    public void Configure(EntityTypeBuilder<KnowledgePassage> b)
    {
        b.HasIndex(p => new { p.DocumentId, p.Ordinal }).IsUnique();
        b.HasIndex(p => p.WorkspaceId);
        // Deleting a document removes its passages (and, through them, their postings).
        b.HasOne<KnowledgeDocument>().WithMany().HasForeignKey(p => p.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PassageTermConfiguration : IEntityTypeConfiguration<PassageTerm>
{
    public void Configure(EntityTypeBuilder<PassageTerm> b)
    {
        b.HasKey(t => new { t.PassageId, t.Term });
        b.Property(t => t.Term).HasMaxLength(PassageTermLimits.TermLength);
        // The search: postings of a few terms inside one workspace.
        b.HasIndex(t => new { t.WorkspaceId, t.Term });
        b.HasOne<KnowledgePassage>().WithMany().HasForeignKey(t => t.PassageId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class PassageTermLimits
{
    /// <summary>Longer "words" are noise (hashes, base64); they are not indexed.</summary>
    public const int TermLength = 64;
}
