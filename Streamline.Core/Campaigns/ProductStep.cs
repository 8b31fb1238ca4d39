namespace Streamline.Core.Campaigns;

/// <summary>Step 1: what is sold. The campaign's own name is required from the start: it is how a draft is found again.</summary>
public sealed class ProductStep : ICampaignStep
{
    public string? Name { get; set; }
    public string? ProductName { get; set; }
    public string? ProductDescription { get; set; }
    /// <summary>As typed, e.g. "49.99"; converted to cents exactly by <see cref="CampaignPrice.TryParse"/>.</summary>
    public string? Price { get; set; }
    public string? Currency { get; set; } = "USD";
    public List<string?> Features { get; set; } = [];

    public static ProductStep From(Campaign c) => new()
    {
        Name = c.Name,
        ProductName = c.ProductName,
        ProductDescription = c.ProductDescription,
        Price = CampaignPrice.ToText(c.PriceCents),
        Currency = c.Currency,
        Features = [.. c.Features],
    };

    public IReadOnlyList<CampaignFieldError> Validate()
    {
        var errors = new StepErrors();
        if (StepErrors.Clean(Name) is null) errors.Add(nameof(Name), "Give the campaign a name, e.g. \"Summer sale – Premium CRM\".");
        errors.Length(nameof(Name), Name, CampaignLimits.Name);
        errors.Length(nameof(ProductName), ProductName, CampaignLimits.Name);
        errors.Length(nameof(ProductDescription), ProductDescription, CampaignLimits.LongText);
        if (StepErrors.Clean(Price) is null)
            errors.Add(nameof(Price), "Enter a price, e.g. 49.99 (0 if it is free).");
        else if (!CampaignPrice.TryParse(Price, out var cents))
            errors.Add(nameof(Price), "Enter the price as digits with up to two decimals after a point, e.g. 1000 or 49.99 — no thousands separators or currency signs.");
        else if (cents > CampaignPrice.MaxCents)
            errors.Add(nameof(Price), $"At most {CampaignPrice.ToText(CampaignPrice.MaxCents)}.");
        if (!CampaignPrice.IsSupported(Currency))
            errors.Add(nameof(Currency), "Choose a currency from the list.");
        errors.List(nameof(Features), Features, "features");
        return errors;
    }

    public void ApplyTo(Campaign campaign)
    {
        CampaignPrice.TryParse(Price, out var cents);
        campaign.Name = StepErrors.Clean(Name)!;
        campaign.ProductName = StepErrors.Clean(ProductName);
        campaign.ProductDescription = StepErrors.Clean(ProductDescription);
        campaign.PriceCents = cents;
        campaign.Currency = Currency!;
        campaign.Features = StepErrors.CleanList(Features);
    }
}
