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
        // A name never carries an address into a mail (MailNames): the word holding one is left out.
        Assert.DoesNotContain("evil.test", mail.Text);
        Assert.Contains("&lt;script&gt;", mail.Html);
    }

    [Fact]
    public void The_credit_mails_render_a_workspace_name_and_amounts_as_plain_text()
    {
        var low = _templates.Render("low-balance", new Dictionary<string, string>
        {
            ["Workspace"] = "**[Acme](https://evil.test)**", ["Balance"] = "9.999 credits", ["Threshold"] = "10 credits",
            ["CreditsUrl"] = "https://app.test/credits",
        });
        Assert.DoesNotContain("href=\"https://evil.test\"", low.Html);
        Assert.DoesNotContain("evil.test", low.Text);
        Assert.Contains("9.999", low.Text);

        var discrepancy = _templates.Render("wallet-discrepancy", new Dictionary<string, string>
        {
            ["Disagreeing"] = "1 wallet disagrees with its ledger", ["Wallets"] = "wallet 1-2 (workspace 3-4): balance 15.001, ledger sum 10.000",
        });
        Assert.Contains("wallet 1-2 (workspace 3-4): balance 15.001, ledger sum 10.000", discrepancy.Text);
    }

    [Fact]
    public void Every_address_in_every_template_is_a_link_in_the_html_and_written_after_its_label_in_the_text()
    {
        var values = new AnyValue();
        foreach (var name in _templates.Names)
        {
            var mail = _templates.Render(name, values);
            foreach (var url in values.Urls)
            {
                Assert.True(mail.Html.Contains($"href=\"{url}\"", StringComparison.Ordinal), $"{name}: {url} is not a link in the HTML");
                Assert.Contains($": {url}", mail.Text);
            }
            values.Urls.Clear();
        }
    }

    [Fact]
    public void The_job_mails_link_to_the_conversation_and_to_topping_up()
    {
        var lead = _templates.Render("qualified-lead", new Dictionary<string, string>
        {
            ["Workspace"] = "Acme", ["Lead"] = "Dana", ["Score"] = "80", ["Reasons"] = "budget", ["ConversationUrl"] = "https://app.test/inbox/1",
        });
        Assert.Contains("""<a href="https://app.test/inbox/1">Open the conversation</a>""", lead.Html);
        Assert.Contains("Open the conversation: https://app.test/inbox/1", lead.Text);

        var empty = _templates.Render("ai-out-of-credits", new Dictionary<string, string>
        {
            ["Workspace"] = "Acme", ["Balance"] = "0", ["CreditsUrl"] = "https://app.test/credits",
        });
        Assert.Contains("""<a href="https://app.test/credits">Top up</a>""", empty.Html);
        Assert.Contains("Top up: https://app.test/credits", empty.Text);
    }

    /// <summary>A value for every placeholder: an address of its own for each "…Url", the key itself for the rest.</summary>
    private sealed class AnyValue : IReadOnlyDictionary<string, string>
    {
        public HashSet<string> Urls { get; } = [];

        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
        {
            value = key.EndsWith("Url", StringComparison.Ordinal) ? $"https://app.test/{key.ToLowerInvariant()}" : key;
            if (key.EndsWith("Url", StringComparison.Ordinal)) Urls.Add(value);
            return true;
        }

        public string this[string key] => TryGetValue(key, out var value) ? value : "";
        public IEnumerable<string> Keys => [];
        public IEnumerable<string> Values => [];
        public int Count => 0;
        public bool ContainsKey(string key) => true;
        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Enumerable.Empty<KeyValuePair<string, string>>().GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
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
