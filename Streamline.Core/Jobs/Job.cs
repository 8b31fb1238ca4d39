using Streamline.Core.Workspaces;

namespace Streamline.Core.Jobs;

/// <summary>
/// A client project the agency runs for a customer workspace. The customer's members see it; admins manage it.
/// The eight sections of the detail page are groups of properties here, each saved on its own.
/// </summary>
public class Job : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The customer's workspace: its members see the job.</summary>
    public Guid WorkspaceId { get; set; }

    // Basic
    public required string Title { get; set; }
    public JobStatus Status { get; set; } = JobStatus.Planning;
    public JobPriority Priority { get; set; } = JobPriority.Medium;

    /// <summary>Set by hand; null means "derived from the milestones", see <see cref="Progress"/>.</summary>
    public int? ProgressOverride { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? DueDate { get; set; }

    // Business
    public string? Company { get; set; }
    public string? Industry { get; set; }
    public List<JobContact> Contacts { get; set; } = [];

    // Project
    public string? Goals { get; set; }
    public string? Requirements { get; set; }
    public string? TimelineNotes { get; set; }

    // Branding
    /// <summary>#rrggbb, lower case.</summary>
    public List<string> BrandColours { get; set; } = [];
    public List<string> Fonts { get; set; } = [];
    public string? BrandGuidelines { get; set; }

    /// <summary>An image among the job's files.</summary>
    public Guid? LogoFileId { get; set; }

    // Resources
    public List<JobResource> Resources { get; set; } = [];

    // Planning
    public List<Milestone> Milestones { get; set; } = [];

    // Financial, integer cents
    public long EstimateCents { get; set; }
    public long QuotedPriceCents { get; set; }
    public long InvoicedCents { get; set; }
    public long PaidCents { get; set; }
    public List<CostLine> CostLines { get; set; } = [];

    /// <summary>The admin responsible: told about the customer's comments and change requests.</summary>
    public Guid ManagerUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>Bumped on every save of the job: an edit made from a stale form is refused instead of overwriting.</summary>
    public int Version { get; set; }

    /// <summary>The hand-set value, or the share of milestones done (0 without milestones).</summary>
    public int Progress => ProgressOverride ?? (Milestones.Count == 0 ? 0 : Milestones.Count(m => m.Done) * 100 / Milestones.Count);

    public bool IsOverdue(DateOnly today) => DueDate < today && !JobLifecycle.IsFinal(Status);

    public long CostLinesTotalCents => CostLines.Sum(l => l.AmountCents);
    public long NotYetInvoicedCents => QuotedPriceCents - InvoicedCents;
    public long OutstandingCents => InvoicedCents - PaidCents;
}

public enum JobStatus { Planning, InProgress, Review, OnHold, Completed, Cancelled }

public enum JobPriority { Low, Medium, High, Urgent }

public class JobContact
{
    public required string Name { get; set; }
    public string? Role { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
}

public enum ResourceKind { Repository, Drive, Server, Tool, Other }

/// <summary>A link the team works with; a credential for it is kept only as Data Protection ciphertext.</summary>
public class JobResource
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public ResourceKind Kind { get; set; }
    public required string Label { get; set; }
    public required string Url { get; set; }

    /// <summary>Ciphertext from <see cref="JobCredentials"/>; never the secret itself.</summary>
    public string? ProtectedCredential { get; set; }
}

public class Milestone
{
    public required string Title { get; set; }
    public List<string> Deliverables { get; set; } = [];
    public string? Owner { get; set; }
    public DateOnly? DueDate { get; set; }
    public bool Done { get; set; }
}

/// <summary>One item of what the customer is charged; approved change requests add one each.</summary>
public class CostLine
{
    public required string Description { get; set; }
    public long AmountCents { get; set; }
}
