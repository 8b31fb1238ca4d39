using Streamline.Core.Email;

namespace Streamline.Tests.Credits.Disputes;

public sealed class DisputeMailTemplateTests
{
    private const string Hostile = "**[click](https://evil.test)** <script>x</script>";
    private readonly EmailTemplates _templates = new();

    [Theory]
    [InlineData("dispute-received")]
    [InlineData("dispute-new")]
    [InlineData("dispute-in-review")]
    [InlineData("dispute-resolved")]
    [InlineData("dispute-rejected")]
    public void Customers_words_in_a_dispute_mail_stay_plain_text_and_the_one_link_is_ours(string template)
    {
        var mail = _templates.Render(template, new Dictionary<string, string>
        {
            ["Workspace"] = Hostile, ["Entry"] = Hostile, ["EntryDate"] = "2026-01-02 10:00 UTC", ["Charged"] = "10 credits",
            ["Requested"] = "4 credits", ["Reason"] = "Other", ["Description"] = Hostile, ["Note"] = Hostile, ["Refunded"] = "2.5 credits",
            ["DisputesUrl"] = "https://app.test/credits/disputes", ["ReviewUrl"] = "https://app.test/admin/disputes/1",
        });

        Assert.DoesNotContain("https://evil.test\"", mail.Html);
        Assert.DoesNotContain("<script>", mail.Html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(mail.Html, "href=\"https://app.test/"));
        Assert.Contains("<script>x</script>", mail.Text);
    }
}
