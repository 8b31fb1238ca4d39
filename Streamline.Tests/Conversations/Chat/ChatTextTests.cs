using System.Text.Encodings.Web;
using Streamline.Web.Pages.Conversations.Chat;

namespace Streamline.Tests.Conversations.Chat;

public sealed class ChatTextTests
{
    private static string Html(string text)
    {
        using var writer = new StringWriter();
        ChatText.Render(text).WriteTo(writer, HtmlEncoder.Default);
        return writer.ToString();
    }

    [Fact]
    public void A_web_address_becomes_a_link_that_opens_in_a_new_tab_without_a_referrer()
    {
        Assert.Equal(
            """Your proposal: <a href="https://app.example/p/abc_123" target="_blank" rel="noopener noreferrer">https://app.example/p/abc_123</a> - have a look.""",
            Html("Your proposal: https://app.example/p/abc_123 - have a look."));
    }

    [Fact]
    public void The_sentence_and_brackets_around_an_address_stay_outside_the_link()
    {
        Assert.Equal(
            """(see <a href="http://x.example/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">http://x.example/a?b=1&amp;c=2</a>).""",
            Html("(see http://x.example/a?b=1&c=2)."));
        Assert.Contains("""href="https://en.example/wiki/Bread_(food)" """, Html("Read https://en.example/wiki/Bread_(food), then call."));
    }

    [Fact]
    public void Markup_in_a_message_is_shown_as_text_and_only_web_addresses_are_linked()
    {
        var html = Html("""<b>hi</b> javascript:alert(1) data:text/html,x https://ok.example/"onmouseover="alert(1) ftp://files.example""");

        Assert.StartsWith("&lt;b&gt;hi&lt;/b&gt; javascript:alert(1) data:text/html,x ", html);
        Assert.Contains("""<a href="https://ok.example/" target="_blank" rel="noopener noreferrer">https://ok.example/</a>&quot;onmouseover=&quot;alert(1) ftp://files.example""", html);
        Assert.Single(html.Split("<a ").Skip(1));
    }

    [Fact]
    public void Text_without_an_address_is_only_encoded()
    {
        Assert.Equal("Tom &amp; Jerry&#x27;s shop, 3 &lt; 4", Html("Tom & Jerry's shop, 3 < 4"));
    }
}
