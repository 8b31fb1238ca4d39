using Microsoft.Extensions.AI;
using Streamline.Core.Campaigns;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Sales;
using Streamline.Core.Knowledge;

namespace Streamline.Tests.Conversations.Sales;

/// <summary>What the model is told about a workspace's synced shop: its products' facts, and nothing when there is no shop.</summary>
public sealed class SalesPromptTests
{
    private static SalesContext Context(IReadOnlyList<StoreProduct>? shop)
    {
        var campaign = new Campaign { Name = "Cakes", ProductName = "Wedding cake", PriceCents = 45_000 };
        var knowledge = new AssembledKnowledge(CampaignChannels.Web, "", 0, null, [], [], [], 0);
        return new SalesContext(Guid.NewGuid(), "Bakery", new Conversation(), new Contact(), campaign, [SalesProduct.From(campaign)], knowledge,
            true, "", false, 1, shop);
    }

    private static string SystemPrompt(SalesContext context) =>
        SalesPrompt.Build(context, [new Streamline.Core.Conversations.ChatMessage { Text = "hi", Sender = MessageSender.Visitor }])
            .Single(m => m.Role == ChatRole.System).Text;

    [Fact]
    public void A_synced_shop_adds_its_products_with_price_in_the_shop_currency_and_stock()
    {
        var prompt = SystemPrompt(Context([
            new StoreProduct("Sourdough loaf", 650, "EUR", 12),
            new StoreProduct("Rye starter kit", 1_999, "EUR", 0),
            new StoreProduct("Gift card", 2_500, "EUR", null),
            new StoreProduct("Matcha tin", 1_200, "JPY", 3),
        ]));

        Assert.Contains("## Shop products", prompt);
        Assert.Contains("- Sourdough loaf, 6.50 EUR, in stock", prompt);
        Assert.Contains("- Rye starter kit, 19.99 EUR, out of stock", prompt);
        Assert.Contains("- Gift card, 25.00 EUR\n", prompt);
        // Minor units follow the currency: yen have none.
        Assert.Contains("- Matcha tin, 1,200 JPY, in stock", prompt);
        // The shop's products are facts to state, never something the proposal tools may sell.
        Assert.Contains("not through the tools", prompt);
    }

    [Fact]
    public void Without_a_shop_the_prompt_has_no_shop_section()
    {
        Assert.DoesNotContain("## Shop products", SystemPrompt(Context(null)));
        Assert.DoesNotContain("## Shop products", SystemPrompt(Context([])));
    }
}
