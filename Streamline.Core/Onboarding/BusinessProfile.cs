using Streamline.Core.Workspaces;

namespace Streamline.Core.Onboarding;

/// <summary>
/// What the business tells us about itself in onboarding; the AI's first source of truth about it.
/// Fields stay empty until their wizard step is saved, so a half-finished onboarding resumes where it stopped.
/// </summary>
public class BusinessProfile : IWorkspaceOwned
{
    /// <summary>Also the primary key: one profile per workspace.</summary>
    public Guid WorkspaceId { get; set; }

    public string? BusinessName { get; set; }
    public string? OwnerName { get; set; }
    public string? Industry { get; set; }
    public string? Description { get; set; }
    public string? Website { get; set; }
    public string? Phone { get; set; }
    public string? Goals { get; set; }
    public string? TargetAudience { get; set; }

    /// <summary>The furthest step the owner has saved; the wizard resumes here.</summary>
    public OnboardingStep Step { get; set; } = OnboardingStep.Business;

    public DateTime? CompletedAt { get; set; }

    /// <summary>Skipping hides the wizard without pretending it was finished; it can be resumed from the dashboard.</summary>
    public DateTime? SkippedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public bool IsOnboardingOpen => CompletedAt is null && SkippedAt is null;
}

public enum OnboardingStep { Business, Goals, Documents, Campaign, Done }
