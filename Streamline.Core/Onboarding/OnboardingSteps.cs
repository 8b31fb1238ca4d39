namespace Streamline.Core.Onboarding;

/// <summary>How the wizard's steps are numbered for people (1 to 4) and how far along a profile is.</summary>
public static class OnboardingSteps
{
    public const int Count = 4;

    public static readonly OnboardingStep[] InOrder =
        [OnboardingStep.Business, OnboardingStep.Goals, OnboardingStep.Documents, OnboardingStep.Campaign];

    public static int Number(OnboardingStep step) => Math.Min((int)step + 1, Count);

    public static OnboardingStep FromNumber(int number) => InOrder[Math.Clamp(number, 1, Count) - 1];

    public static string Title(OnboardingStep step) => step switch
    {
        OnboardingStep.Business => "Your business",
        OnboardingStep.Goals => "Goals & audience",
        OnboardingStep.Documents => "Documents",
        OnboardingStep.Campaign => "First campaign",
        _ => "Done",
    };

    /// <summary>Share of the steps already behind the owner, in whole percent (the step they are on is not done yet).</summary>
    public static int PercentDone(OnboardingStep furthest) => (int)furthest * 100 / Count;
}
