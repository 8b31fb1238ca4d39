namespace Streamline.Web.Pages.Onboarding;

/// <summary>Suggestions for the industry field; owners may type anything else.</summary>
public static class Industries
{
    public static readonly string[] Suggestions =
    [
        "Agency & marketing", "Automotive", "Beauty & wellness", "Construction & trades", "Consulting",
        "E-commerce", "Education & training", "Events", "Finance & insurance", "Fitness", "Food & drink",
        "Health care", "Home services", "Hospitality & travel", "Legal", "Manufacturing", "Non-profit",
        "Photography & media", "Real estate", "Retail", "Software & SaaS", "Transport & logistics",
    ];
}
