using Streamline.Core.Campaigns;
using Streamline.Core.Conversations.Sales;
using Streamline.Core.Conversations.Sales.Understanding;
using Streamline.Core.Knowledge;

namespace Streamline.Tests.Conversations.Sales;

public sealed class UnderstandingTests
{
    private static readonly TermAnalyzer Terms = new();

    private static SalesProduct Product(string name, long cents, string description, params string[] features) =>
        new(Guid.NewGuid(), name, description, cents, "USD", features, [], null, []);

    private static readonly SalesProduct Scraper = Product("AI Scraper", 99_900,
        "Collects prices, listings and contacts from websites on a schedule and delivers clean spreadsheets.", "Scheduled web scraping", "Proxy rotation");
    private static readonly SalesProduct Webpage = Product("Webpage Generator", 149_900, "A five-page website designed and launched in two weeks.", "Contact form");
    private static readonly SalesProduct Chatbot = Product("AI Sales Chatbot", 29_900,
        "A sales assistant for your website that answers visitors and captures leads.", "Lead capture to your inbox");
    private static readonly SalesProduct Invoices = Product("Invoice Automation", 250_000,
        "Reads incoming invoices and posts them to your accounting software.", "Xero and QuickBooks sync");
    private static readonly IReadOnlyList<SalesProduct> Agency = [Scraper, Webpage, Chatbot, Invoices];

    [Theory]
    [InlineData("do u do web scraping", "AI Scraper")]
    [InlineData("I need a site for my restaurant", "Webpage Generator")]
    [InlineData("our bookkeeper types every supplier bill into QuickBooks by hand", "Invoice Automation")]
    [InlineData("we miss leads because nobody answers questions on our website at night", "AI Sales Chatbot")]
    [InlineData("can you build an iPhone app?", "Webpage Generator")]
    public void A_need_finds_the_product_that_fits(string text, string product) =>
        Assert.Equal(product, Catalogue.Fit(text, Agency, Terms.Terms)[0].Product.Name);

    [Theory]
    [InlineData("how much is the AI scrapper?", "AI Scraper")]
    [InlineData("What does the Webpage Generator include?", "Webpage Generator")]
    public void Product_names_are_found_despite_typos(string text, string product) => Assert.Equal(product, Catalogue.Named(text, Agency)[0].Name);

    [Fact]
    public void Similar_words_of_other_languages_do_not_name_a_product() =>
        Assert.Empty(Catalogue.Named("Quel est le prix des cours particuliers ?", [Product("Spanish intensive course", 39_000, "Classes in Madrid.")]));

    [Fact]
    public void The_cheapest_and_the_dearest_come_from_the_prices()
    {
        Assert.Equal("AI Sales Chatbot", Catalogue.Cheapest(Agency)!.Name);
        Assert.Equal("Invoice Automation", Catalogue.Dearest(Agency)!.Name);
    }

    [Theory]
    [InlineData("How much is the Mobile App Builder?", "Mobile App Builder")]
    [InlineData("Do you have CRM Lite? What does it cost?", "CRM Lite")]
    [InlineData("What does the Webpage Generator include?", null)]
    [InlineData("how much is the AI scrapper?", null)]
    public void A_product_that_is_not_offered_is_named_as_such(string text, string? unknown) =>
        Assert.Equal(unknown, Catalogue.UnknownProduct(text, Agency, []));

    [Theory]
    [InlineData("Hola, ¿cuánto cuesta el curso?", "es")]
    [InlineData("Ich möchte mit einem Menschen sprechen", "de")]
    [InlineData("je voudrais parler à un conseiller", "fr")]
    [InlineData("quero falar com um atendente humano", "pt")]
    [InlineData("Sou a Ana, trabalho na Beta Tech, orçamento de 3 mil", "pt")]
    [InlineData("what does it cost?", "en")]
    public void The_visitors_language_is_recognised(string text, string language) => Assert.Equal(language, VisitorLanguage.Detect(text));

    [Fact]
    public void A_message_without_clues_keeps_the_language_the_visitor_wrote_in_before() =>
        Assert.Equal("es", VisitorLanguage.Of("agente", ["Hola, quiero información"]));

    [Theory]
    [InlineData("## About the business\nBusiness name: PipeFlow\nPhone: +44 20 7946 0000", "GB")]
    [InlineData("## About the business\nPhone: +49 30 1234567", "DE")]
    [InlineData("## About the business\nBusiness name: PipeFlow", null)]
    [InlineData(null, null)]
    public void The_default_phone_country_is_the_business_phones(string? profile, string? region) =>
        Assert.Equal(region, PhoneRegion.FromProfile(profile));

    [Fact]
    public void Every_phrase_exists_in_every_language()
    {
        foreach (var key in Enum.GetValues<Phrases.Key>())
            foreach (var language in VisitorLanguage.Supported)
                Assert.False(string.IsNullOrWhiteSpace(Phrases.Say(key, language, "a", "b", "c", "d", "e", "f")), $"{key} in {language}");
    }

    [Fact]
    public void Campaign_objections_travel_with_the_product()
    {
        var campaign = new Campaign
        {
            Name = "Web", ProductName = "Launch website", Objections = [new ObjectionAnswer { Objection = "Too expensive", Answer = "Pay in three parts." }],
        };
        Assert.Equal("Pay in three parts.", SalesProduct.From(campaign).Objections.Single().Answer);
    }
}
