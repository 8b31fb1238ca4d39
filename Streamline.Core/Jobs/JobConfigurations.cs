using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Jobs;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> b)
    {
        b.Property(j => j.Title).HasMaxLength(JobLimits.Title);
        b.Property(j => j.Company).HasMaxLength(JobLimits.Name);
        b.Property(j => j.Industry).HasMaxLength(JobLimits.Name);
        b.Property(j => j.Goals).HasMaxLength(JobLimits.LongText);
        b.Property(j => j.Requirements).HasMaxLength(JobLimits.Requirements);
        b.Property(j => j.TimelineNotes).HasMaxLength(JobLimits.LongText);
        b.Property(j => j.BrandGuidelines).HasMaxLength(JobLimits.LongText);
        b.Property(j => j.Version).IsConcurrencyToken();
        b.OwnsMany(j => j.Contacts, o => o.ToJson());
        b.OwnsMany(j => j.Resources, o => o.ToJson());
        b.OwnsMany(j => j.Milestones, o => o.ToJson());
        b.OwnsMany(j => j.CostLines, o => o.ToJson());
        b.HasIndex(j => new { j.WorkspaceId, j.Status });
        b.HasIndex(j => new { j.Status, j.DueDate });
        b.HasOne<Workspace>().WithMany().HasForeignKey(j => j.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JobFileConfiguration : IEntityTypeConfiguration<JobFile>
{
    public void Configure(EntityTypeBuilder<JobFile> b)
    {
        b.Property(f => f.FileName).HasMaxLength(JobLimits.FileName);
        b.HasIndex(f => f.JobId);
        b.HasOne<Job>().WithMany().HasForeignKey(f => f.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JobChangeRequestConfiguration : IEntityTypeConfiguration<JobChangeRequest>
{
    public void Configure(EntityTypeBuilder<JobChangeRequest> b)
    {
        b.Property(c => c.Description).HasMaxLength(JobLimits.LongText);
        b.Property(c => c.Reason).HasMaxLength(JobLimits.LongText);
        b.Property(c => c.DecisionNote).HasMaxLength(JobLimits.LongText);
        b.HasIndex(c => new { c.JobId, c.Status });
        b.HasOne<Job>().WithMany().HasForeignKey(c => c.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JobActivityConfiguration : IEntityTypeConfiguration<JobActivity>
{
    public void Configure(EntityTypeBuilder<JobActivity> b)
    {
        b.Property(a => a.ActorName).HasMaxLength(JobLimits.Name);
        b.Property(a => a.What).HasMaxLength(JobLimits.Name);
        b.Property(a => a.Before).HasMaxLength(JobLimits.ActivityValue);
        b.Property(a => a.After).HasMaxLength(JobLimits.ActivityValue);
        b.HasIndex(a => new { a.JobId, a.Id });
        b.HasOne<Job>().WithMany().HasForeignKey(a => a.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JobCommentConfiguration : IEntityTypeConfiguration<JobComment>
{
    public void Configure(EntityTypeBuilder<JobComment> b)
    {
        b.Property(c => c.AuthorName).HasMaxLength(JobLimits.Name);
        b.Property(c => c.Body).HasMaxLength(JobLimits.Comment);
        b.HasIndex(c => new { c.JobId, c.CreatedAt });
        b.HasOne<Job>().WithMany().HasForeignKey(c => c.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Column sizes and list limits, shared by the schema and the form validation so the two cannot disagree.</summary>
public static class JobLimits
{
    public const int Title = 150;
    public const int Name = 100;
    public const int LongText = 4000;
    /// <summary>Larger than the other texts: approved change requests are appended to it.</summary>
    public const int Requirements = 16000;
    public const int Comment = 4000;
    public const int FileName = 200;
    public const int ActivityValue = 500;
    public const int Url = 500;
    public const int Credential = 500;
    public const int ListItems = 30;
    public const int Milestones = 40;
    public const long FileBytes = 10 * 1024 * 1024;
    public const int FilesPerJob = 100;
}
