using Streamline.Core.Workspaces;

namespace Streamline.Core.Jobs;

/// <summary>A file of a job, stored under DataDirectory/jobs/&lt;jobId&gt;/&lt;fileId&gt; (see <see cref="JobFileStore"/>).</summary>
public class JobFile : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid JobId { get; set; }
    public required string FileName { get; set; }

    /// <summary>From the file's first bytes, never from what the browser claimed.</summary>
    public JobFileKind Kind { get; set; }
    public long SizeBytes { get; set; }
    public Guid UploadedByUserId { get; set; }
    public bool UploadedByAdmin { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum JobFileKind { Png, Jpeg, Gif, Webp, Pdf, Docx, Xlsx, Zip, Text }

/// <summary>A customer's request to change the scope; an admin prices it and approves or rejects it.</summary>
public class JobChangeRequest : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid JobId { get; set; }
    public required string Description { get; set; }
    public string? Reason { get; set; }
    public ChangeUrgency Urgency { get; set; } = ChangeUrgency.Normal;
    public ChangeRequestStatus Status { get; set; } = ChangeRequestStatus.Pending;
    public long? AddedCostCents { get; set; }
    public int? AddedDays { get; set; }
    public string? DecisionNote { get; set; }
    public Guid RequestedByUserId { get; set; }
    public Guid? DecidedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
}

public enum ChangeUrgency { Low, Normal, High }

public enum ChangeRequestStatus { Pending, Approved, Rejected }

/// <summary>One line of the job's history: who changed what, from what to what. Never edited.</summary>
public class JobActivity : IWorkspaceOwned
{
    public long Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid JobId { get; set; }
    public Guid? ActorUserId { get; set; }
    public required string ActorName { get; set; }
    public required string What { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public DateTime CreatedAt { get; set; }
}

public class JobComment : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid JobId { get; set; }
    public Guid AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    public bool FromAdmin { get; set; }

    /// <summary>Markdown as typed; rendered with raw HTML disabled (see <see cref="JobMarkdown"/>).</summary>
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
}
