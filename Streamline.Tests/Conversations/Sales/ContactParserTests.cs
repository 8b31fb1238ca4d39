using Streamline.Core.Conversations.Sales;

namespace Streamline.Tests.Conversations.Sales;

public sealed class ContactParserTests
{
    [Theory]
    [InlineData("name's Marcus", "Marcus")]
    [InlineData("My name is Dana Smith and I work at Brightwave.", "Dana Smith")]
    [InlineData("hi im lucy and my email is lucy@mailbox.test", "Lucy")]
    [InlineData("Mia here, from Lumen Studio", "Mia")]
    [InlineData("Hi! Kim Park from Orbit Dental, we're 8 people", "Kim Park")]
    [InlineData("Me llamo Lucía Gómez, mi correo es lucia@correo.test", "Lucía Gómez")]
    [InlineData("Ich heiße Jana Krüger", "Jana Krüger")]
    [InlineData("Bonjour, je m'appelle Camille Martin", "Camille Martin")]
    [InlineData("Olá, meu nome é João Silva", "João Silva")]
    [InlineData("We need a new website.\n\nBest regards,\nHelen Ward\nWard Physio", "Helen Ward")]
    [InlineData("Name: Tom Becker\nEmail: tom@beckerfreight.test", "Tom Becker")]
    [InlineData("Good morning! It's Tom Reyes here, tom.reyes@uni.test", "Tom Reyes")]
    [InlineData("My email: <mark.t@bakeryfan.test>, name Mark Taylor", "Mark Taylor")]
    public void Reads_a_name_however_it_is_given(string text, string name) =>
        Assert.Equal(name, ContactParser.Parse(text)?.Name);

    [Theory]
    [InlineData("I'm interested in a website")]
    [InlineData("I'm not sure yet what we need")]
    [InlineData("this is great")]
    [InlineData("Data from Amazon every day")]
    [InlineData("Hmm, that sounds too expensive for us")]
    public void Takes_no_name_from_words_that_only_follow_i_am(string text) =>
        Assert.Null(ContactParser.Parse(text)?.Name);

    [Theory]
    [InlineData("I work for Acme Robotics and we're looking at CRMs", "Acme Robotics")]
    [InlineData("I work at Brightwave. We're a team of 12.", "Brightwave")]
    [InlineData("We're Northwind Traders, a wholesale business", "Northwind Traders")]
    [InlineData("This is Priya from Nimbus Labs", "Nimbus Labs")]
    [InlineData("Anyway I'm Paul Novak, Novak Cycles, we're 7 people now.", "Novak Cycles")]
    [InlineData("Wir sind 20 Mitarbeiter bei der Müller GmbH", "Müller GmbH")]
    [InlineData("Hello, we need a website.\n\nBest regards,\nHelen Ward\nWard Physio", "Ward Physio")]
    public void Reads_the_company(string text, string company) =>
        Assert.Equal(company, ContactParser.Parse(text)?.Company);

    [Theory]
    [InlineData("We're 25 people in sales", 25)]
    [InlineData("Hi, we're a team of twelve", 12)]
    [InlineData("we have thirty-five employees", 35)]
    [InlineData("we are 6", 6)]
    [InlineData("Which plan would you recommend for a team of 4?", 4)]
    [InlineData("sorry, I meant 14 people, we just hired", 14)]
    [InlineData("Hola, somos 15 personas en ventas", 15)]
    [InlineData("Wir sind 20 Mitarbeiter", 20)]
    [InlineData("Oi, somos uma equipe de 8 pessoas", 8)]
    [InlineData("there are 9 of us in sales.", 9)]
    public void Reads_team_sizes_in_digits_and_words(string text, int size) =>
        Assert.Equal(size, ContactParser.Parse(text)?.TeamSize);

    [Theory]
    [InlineData("We need to automate invoices, we get about 400 a month")]
    [InlineData("We expect 120 people as guests")]
    [InlineData("it's often people who ask")]
    public void Takes_no_team_size_from_other_counts(string text) => Assert.Null(ContactParser.TeamSize(text));

    [Theory]
    [InlineData("our budget is around 5k", "5k")]
    [InlineData("we have a budget of 3.000 € for the wedding", "3.000 €")]
    [InlineData("we can spend $2k a month on this", "$2k a month")]
    [InlineData("Our budget is about $2,000", "$2,000")]
    [InlineData("budget: 5000", "5000")]
    [InlineData("We have about £500 per month for software", "£500 per month")]
    public void Reads_budgets_as_written(string text, string budget) => Assert.Equal(budget, ContactParser.Parse(text)?.Budget);

    [Fact]
    public void A_price_objection_is_not_a_budget() => Assert.Null(ContactParser.Parse("$999 is steep")?.Budget);

    [Theory]
    [InlineData("email is dana at brightwave dot test", "dana@brightwave.test")]
    [InlineData("write to priya [at] nimbuslabs [dot] test please", "priya@nimbuslabs.test")]
    [InlineData("actually, use leo@pipewise.test instead of leo@oldmail.test", "leo@pipewise.test")]
    [InlineData("Email: tom@beckerfreight.test", "tom@beckerfreight.test")]
    public void Reads_e_mails_spelled_out_and_corrected(string text, string email) => Assert.Equal(email, ContactParser.Parse(text)?.Email);

    [Fact]
    public void A_place_after_at_is_not_an_e_mail() => Assert.Null(ContactParser.Email("I work at acme.com these days"));

    [Theory]
    [InlineData("Call me on 07700 900123", "GB", "+447700900123")]
    [InlineData("(415) 555-0134", "US", "+14155550134")]
    [InlineData("please call 030 98765432", "DE", "+493098765432")]
    [InlineData("My phone is 612 345 678", "ES", "+34612345678")]
    [InlineData("my number is +49 151 23456789", null, "+4915123456789")]
    public void Reads_phones_as_dialled_in_the_business_country(string text, string? region, string phone) =>
        Assert.Equal(phone, ContactParser.Phone(text, region));

    [Theory]
    [InlineData("our budget is $3,000 for 2 pages")]
    [InlineData("We get about 400 invoices a month")]
    public void Takes_no_phone_from_amounts(string text) => Assert.Null(ContactParser.Phone(text, "US"));

    [Fact]
    public void Reads_several_facts_in_one_message()
    {
        var details = ContactParser.Parse("Hi! Kim Park from Orbit Dental, we're 8 people, kim@orbitdental.test, +1 415 555 0199, budget $3,000", "US")!;

        Assert.Equal(("Kim Park", "Orbit Dental", 8, "kim@orbitdental.test", "+14155550199", "$3,000"),
            (details.Name, details.Company, details.TeamSize, details.Email, details.Phone, details.Budget));
    }

    [Theory]
    [InlineData("Hmm, that sounds too expensive for us")]
    [InlineData("What does the Starter plan cost?")]
    [InlineData("Can I talk to a real person please?")]
    public void An_objection_or_a_question_is_not_a_need(string text) => Assert.Null(ContactParser.Parse(text)?.PainPoints);

    [Fact]
    public void A_stated_need_is_kept_in_the_visitors_words() =>
        Assert.Equal(["We need to automate invoices"], ContactParser.Parse("We need to automate invoices. Hmm, that sounds too expensive.")?.PainPoints);
}
