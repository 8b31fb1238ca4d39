using Streamline.Core.Campaigns;
using Streamline.Core.Knowledge;

namespace Streamline.Core.Conversations.Sales;

/// <summary>A product the AI may recommend or propose: an active campaign on the conversation's channel, with its real price.</summary>
public sealed record SalesProduct(Guid Id, string Name, string? Description, long PriceCents, string Currency, IReadOnlyList<string> Features,
    IReadOnlyList<string> Questions, string? ClosingMessage, IReadOnlyList<ObjectionAnswer> Objections)
{
    public string Price => PriceCents > 0 ? KnowledgeAssembler.Price(PriceCents, Currency) : "price on request";

    public static SalesProduct From(Campaign c) =>
        new(c.Id, c.ProductName ?? c.Name, c.ProductDescription, c.PriceCents, c.Currency, c.Features, c.QualificationQuestions, c.ClosingMessage, c.Objections);
}

/// <summary>
/// A product of the workspace's synced shop: facts the AI may state (title, price, whether it is in stock), sold in the
/// shop rather than proposed. <paramref name="Inventory"/> is null when the shop does not track stock.
/// </summary>
public sealed record StoreProduct(string Title, long PriceMinor, string Currency, int? Inventory)
{
    public string Price => Commerce.ShopMoney.Format(PriceMinor, Currency);
    public bool? InStock => Inventory is { } n ? n > 0 : null;
}

/// <summary>
/// Everything one AI turn is allowed to know: this workspace's facts and this conversation, nothing else.
/// <paramref name="VisitorMessages"/> is how many messages the visitor has written in it, this one included.
/// </summary>
public sealed record SalesContext(
    Guid WorkspaceId,
    string BusinessName,
    Conversation Conversation,
    Contact Contact,
    Campaign? Campaign,
    IReadOnlyList<SalesProduct> Products,
    AssembledKnowledge Knowledge,
    bool BusinessOpen,
    string OfflineMessage,
    bool HasProposal,
    int VisitorMessages,
    IReadOnlyList<StoreProduct>? ShopProducts = null)
{
    /// <summary>The synced shop's active products, beside the campaigns (none without a shop).</summary>
    public IReadOnlyList<StoreProduct> Shop => ShopProducts ?? [];

    public SalesProduct? Product(Guid id) => Products.FirstOrDefault(p => p.Id == id);
}
