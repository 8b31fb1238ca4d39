using Streamline.Core.Email;

namespace Streamline.Tests.Email;

public sealed class MailNamesTests
{
    [Theory]
    [InlineData("Ada Lovelace", "Ada Lovelace")]
    [InlineData("Acme Co. & Sons: bakers", "Acme Co. & Sons: bakers")]
    [InlineData("Claim your refund at https://evil.example/pay now", "Claim your refund at now")]
    [InlineData("Visit www.evil.example today", "Visit today")]
    [InlineData("Support (evil.example)", "Support")]
    [InlineData("Refunds: payments.evil-bank.com/claim", "Refunds:")]
    [InlineData("mail ann@evil.example", "mail")]
    [InlineData("javascript:alert(1)", "(name not shown)")]
    [InlineData("two\nlines\there", "two lines here")]
    public void Names_lose_addresses_and_line_breaks(string name, string shown) =>
        Assert.Equal(shown, MailNames.Clean(name));

    [Fact]
    public void A_long_name_is_cut_with_an_ellipsis()
    {
        var shown = MailNames.Clean(new string('a', 200));
        Assert.Equal(MailNames.MaxLength, shown.Length);
        Assert.EndsWith("\u2026", shown);
    }

    [Fact]
    public void An_invitation_mail_shows_the_names_without_their_links()
    {
        var mail = new EmailTemplates().Render("workspace-invitation", new Dictionary<string, string>
        {
            ["Inviter"] = "Billing team at evil.example", ["Workspace"] = "Refunds https://evil.example/claim " + new string('x', 100),
            ["AcceptUrl"] = "https://localhost/invitations/accept?token=t",
        });

        Assert.DoesNotContain("evil.example", mail.Subject + mail.Html + mail.Text);
        Assert.Contains("Billing team at", mail.Subject);
    }
}
