using Streamline.Core.Onboarding;

namespace Streamline.Web.Pages.Onboarding;

/// <summary>How far an unfinished onboarding is, for the dashboard's "Finish setting up" card.</summary>
public sealed record SetupCardView(OnboardingStep Furthest)
{
    public int StepNumber => OnboardingSteps.Number(Furthest);
    public int PercentDone => OnboardingSteps.PercentDone(Furthest);
}
