using Streamline.Core.Campaigns;

namespace Streamline.Core.Onboarding.House;

/// <summary>
/// What the agency's own workspace says about itself on a fresh install, so its AI sales rep has
/// something true to say from the first run. Owners edit all of it in the app afterwards.
/// </summary>
public static class HouseContent
{
    public static BusinessProfile Profile(Guid workspaceId, DateTime now) => new()
    {
        WorkspaceId = workspaceId,
        BusinessName = "Stream-line AI",
        OwnerName = "The Stream-line AI team",
        Industry = "AI automation agency",
        Description = "Stream-line AI builds AI automations for small businesses: videos generated from a script, " +
                      "web data collected on a schedule, landing pages written and published for you, business " +
                      "workflows automated end to end, and custom integrations between the tools you already use.",
        Website = "https://stream-lineai.com",
        Goals = "Qualify prospects, explain which automation fits their problem, and book a scoping call or send a proposal.",
        TargetAudience = "Owners and operators of small businesses and agencies (2–50 people) who lose hours every week to repetitive work.",
        Step = OnboardingStep.Done,
        CompletedAt = now,
        UpdatedAt = now,
    };

    public static IEnumerable<Campaign> Campaigns(Guid workspaceId, DateTime now)
    {
        Campaign Service(string name, string description, long priceCents, string[] features, string[] questions,
            (string Objection, string Answer)[] objections) => new()
        {
            WorkspaceId = workspaceId,
            Name = name,
            Status = CampaignStatus.Active,
            ProductName = name,
            ProductDescription = description,
            PriceCents = priceCents,
            Currency = "USD",
            Features = [.. features],
            Channels = CampaignChannels.All,
            Greeting = $"Hi! I'm the Stream-line AI assistant. Curious how {name} could save your team time?",
            QualificationQuestions = [.. questions],
            Objections = [.. objections.Select(o => new ObjectionAnswer { Objection = o.Objection, Answer = o.Answer })],
            ClosingMessage = "Shall I put together a short proposal with scope, timeline and price?",
            CallToActionUrl = "https://stream-lineai.com/contact",
            CreatedAt = now,
            UpdatedAt = now,
            ActivatedAt = now,
        };

        (string, string)[] price = [("It's too expensive", "Most clients recover the cost within two to three months from the hours saved; we start with a fixed-price scope so there are no surprises.")];

        yield return Service("Video Generator",
            "AI-generated marketing and product videos from a script or a product page: voice-over, captions and brand styling, delivered in every social format.",
            49_900, ["Script to video in under a day", "Voice-over in 20+ languages", "Captions and brand styling", "Vertical, square and landscape exports"],
            ["What would the videos be for (ads, product demos, social posts)?", "How many videos a month do you need?"],
            [.. price, ("We already have a video editor", "Great — the generator drafts, your editor polishes: teams typically cut production time by 70%.")]);
        yield return Service("AI Scraper",
            "Scheduled, reliable collection of web data — prices, listings, leads, reviews — cleaned and delivered to a spreadsheet, database or API.",
            29_900, ["Scheduled runs (hourly to monthly)", "AI clean-up and de-duplication", "Export to Sheets, CSV, database or webhook", "Change alerts"],
            ["Which websites or sources do you need data from?", "How often does the data need refreshing?"],
            [.. price, ("Is scraping legal?", "We collect only publicly available data, respect robots.txt and site terms, and review each source with you before starting.")]);
        yield return Service("Webpage Generator",
            "Landing pages and small websites written and designed by AI from your brief, reviewed by a human and published on your domain.",
            79_900, ["Copy written from your brief", "Responsive design in your brand", "SEO basics and analytics set up", "Published on your domain"],
            ["Is this a new site or a page for an existing one?", "Do you have brand guidelines and a domain?"],
            [.. price, ("We can use a website builder ourselves", "You can — we save you the writing and design time and deliver a page that converts, usually within a week.")]);
        yield return Service("Workflow Automation",
            "Repetitive business processes automated end to end: lead routing, invoicing, onboarding, reporting — across the tools you already use.",
            149_900, ["Process mapping workshop", "Automations across your existing tools", "Error alerts and monitoring", "Documentation and handover"],
            ["Which task takes your team the most time each week?", "Which tools does that process touch today?"],
            [.. price, ("We tried automation before and it broke", "We build in monitoring and alerts, document every flow, and support it after launch.")]);
        yield return Service("Custom Integrations",
            "APIs and connectors between systems that don't talk to each other yet, built, tested and maintained by our engineers.",
            250_000, ["API design and development", "Two-way sync between systems", "Secure credential handling", "Maintenance plans"],
            ["Which systems need to be connected?", "Do they offer an API today?"],
            [.. price, ("Our systems are too old", "Older systems usually still export files or expose a database; we have connected plenty of them safely.")]);
    }
}
