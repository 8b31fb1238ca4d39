namespace Streamline.Web.Pages.Onboarding;

public sealed record StepButtons(string NextLabel, bool ShowBack = true);
