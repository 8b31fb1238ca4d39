using Streamline.Core.Email;

namespace Streamline.Tests.Email;

public sealed class EmailTemplateTests
{
    private readonly EmailTemplates _templates = new();

    [Fact]
    public void Every_template_renders_html_and_plain_text_with_the_branding()
    {
        Assert.Contains("confirm-email", _templates.Names);
        var mail = _templates.Render("confirm-email", new Dictionary<string, string>
        {
            ["Name"] = "Ada", ["Workspace"] = "Engines", ["ConfirmUrl"] = "https://app.test/Identity/Account/ConfirmEmail?userId=1&code=x",
        });

        Assert.Equal("Confirm your e-mail for Streamline", mail.Subject);
        Assert.Contains("<strong>Engines</strong>", mail.Html);
        Assert.Contains("href=\"https://app.test/Identity/Account/ConfirmEmail?userId=1&amp;code=x\"", mail.Html);
        Assert.Contains("Streamline</td>", mail.Html);
        Assert.Contains("Confirm my e-mail address: https://app.test/Identity/Account/ConfirmEmail?userId=1&code=x", mail.Text);
        Assert.DoesNotContain("<", mail.Text);
    }

    [Fact]
    public void Values_from_users_never_become_markup_or_links()
    {
        var mail = _templates.Render("workspace-invitation", new Dictionary<string, string>
        {
            ["Inviter"] = "<script>alert(1)</script>", ["Workspace"] = "[click](https://evil.test)", ["AcceptUrl"] = "https://app.test/a",
        });

        Assert.DoesNotContain("<script>", mail.Html);
        Assert.DoesNotContain("href=\"https://evil.test\"", mail.Html);
        Assert.Contains("[click](https://evil.test)", mail.Text);
    }

    [Fact]
    public void The_credit_mails_render_a_workspace_name_and_amounts_as_plain_text()
    {
        var low = _templates.Render("low-balance", new Dictionary<string, string>
        {
            ["Workspace"] = "**[Acme](https://evil.test)**", ["Balance"] = "9.999 credits", ["Threshold"] = "10 credits",
        });
        Assert.DoesNotContain("href=\"https://evil.test\"", low.Html);
        Assert.Contains("**[Acme](https://evil.test)**", low.Text);
        Assert.Contains("9.999", low.Text);

        var discrepancy = _templates.Render("wallet-discrepancy", new Dictionary<string, string>
        {
            ["Disagreeing"] = "1 wallet disagrees with its ledger", ["Wallets"] = "wallet 1-2 (workspace 3-4): balance 15.001, ledger sum 10.000",
        });
        Assert.Contains("wallet 1-2 (workspace 3-4): balance 15.001, ledger sum 10.000", discrepancy.Text);
    }

    [Fact]
    public void A_missing_value_is_an_error_not_a_blank()
    {
        var error = Assert.Throws<ArgumentException>(() => _templates.Render("reset-password", new Dictionary<string, string> { ["Name"] = "x" }));
        Assert.Contains("ResetUrl", error.Message);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 120)]
    [InlineData(3, 480)]
    [InlineData(10, 7200)]
    public void Failed_sends_back_off_exponentially_up_to_two_hours(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SendEmail.Backoff(attempts));
}
