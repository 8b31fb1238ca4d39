using Streamline.Core.Conversations.Sales.Understanding;

namespace Streamline.Tests.Conversations.Sales;

public sealed class IntentsTests
{
    [Theory]
    [InlineData("agent")]
    [InlineData("Can I talk to a real person please?")]
    [InlineData("stop the bot, I want a human")]
    [InlineData("can someone from your team call me?")]
    [InlineData("quiero hablar con una persona")]
    [InlineData("¿Me pasas con un agente, por favor?")]
    [InlineData("Ich möchte mit einem Menschen sprechen")]
    [InlineData("Kann mich ein Mitarbeiter zurückrufen?")]
    [InlineData("je voudrais parler à un conseiller")]
    [InlineData("quero falar com um atendente humano")]
    [InlineData("live agent please")]
    [InlineData("can i tlak to a humen pls")]
    [InlineData("I'd like to book a call with someone from sales")]
    [InlineData("Is there someone I can talk to about catering?")]
    public void A_request_for_a_person_is_a_handoff_in_every_language(string text) => Assert.True(Intents.WantsHuman(text));

    [Theory]
    [InlineData("no need for a human, I'll sign up myself")]
    [InlineData("No hace falta hablar con una persona, ¿cuánto cuesta?")]
    [InlineData("Ich brauche keinen Mitarbeiter, was kostet die Torte?")]
    [InlineData("We're an HR firm, our human resources team drowns in invoices")]
    [InlineData("How much is it per person?")]
    [InlineData("I talked to someone last year about a scraper")]
    [InlineData("am I talking to a human or an AI?")]
    [InlineData("Call me on 07700 900123")]
    [InlineData("Wir sind 20 Mitarbeiter bei der Müller GmbH")]
    [InlineData("our support agent quit and leads fall through the cracks")]
    [InlineData("can you walk me through the plans?")]
    public void Negations_and_mentions_are_not_handoffs(string text) => Assert.False(Intents.WantsHuman(text));

    [Theory]
    [InlineData("$999 is steep")]
    [InlineData("79 a seat is a lot for us")]
    [InlineData("Do you offer a discount on Starter?")]
    [InlineData("anything cheaper?")]
    [InlineData("Hmm, that sounds too expensive for us")]
    [InlineData("es muy caro")]
    [InlineData("das ist zu teuer")]
    public void Price_objections_are_recognised_by_meaning(string text) => Assert.True(Intents.IsPriceObjection(text));

    [Theory]
    [InlineData("we get a lot of invoices")]
    [InlineData("we spend too much time on admin")]
    [InlineData("I need a deal pipeline")]
    public void Everyday_phrases_are_not_price_objections(string text) => Assert.False(Intents.IsPriceObjection(text));

    [Theory]
    [InlineData("are you a bot?")]
    [InlineData("am I talking to a human or an AI?")]
    [InlineData("¿eres un robot?")]
    [InlineData("Bist du ein Bot?")]
    public void Asking_whether_it_is_a_bot_is_recognised(string text) => Assert.True(Intents.AsksIfBot(text));

    [Fact]
    public void A_complaint_hands_off_but_a_question_about_refunds_does_not()
    {
        Assert.True(Intents.Complains("The cake you delivered was damaged, I want a refund"));
        Assert.False(Intents.Complains("What is your refund policy?"));
    }
}
