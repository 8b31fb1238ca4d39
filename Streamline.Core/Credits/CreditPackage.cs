namespace Streamline.Core.Credits;

/// <summary>What can be bought: a monthly subscription tier or a one-time pack. Money in integer cents.</summary>
public class CreditPackage
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Stable, unique, used in URLs and Stripe metadata, e.g. <c>starter</c> or <c>pack-550</c>.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }
    public CreditPackageKind Kind { get; set; }
    public long PriceCents { get; set; }
    public string Currency { get; set; } = "usd";

    /// <summary>Per purchase for a pack, per month for a subscription.</summary>
    public long CreditsMillicredits { get; set; }

    /// <summary>One feature per line; plain text keeps the column the same on every provider.</summary>
    public string Features { get; set; } = "";

    /// <summary>
    /// The Stripe price of a subscription tier, if one exists in Stripe: lets a plan change made in the
    /// Customer Portal be mapped back to the tier. Checkout itself sends the price inline.
    /// </summary>
    public string? StripePriceId { get; set; }

    public bool IsActive { get; set; } = true;
    public int SortOrder { get; set; }

    public IReadOnlyList<string> FeatureList =>
        Features.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public enum CreditPackageKind { Subscription, Pack }
