using System.Text;
using Streamline.Core.Channels;

namespace Streamline.Tests.Channels;

public class MetaSignatureTests
{
    private const string Secret = "app-secret";

    [Fact]
    public void Accepts_the_signature_of_the_bytes_as_received()
    {
        // Meta signs its escaped form: the same text re-serialised with a literal "ä" would hash differently.
        var body = Encoding.UTF8.GetBytes("""{"text":"M\u00e4rz \/ 2026"}""");
        var header = MetaSignature.Sign(body, Secret);

        Assert.True(MetaSignature.IsValid(body, header, Secret));
        Assert.False(MetaSignature.IsValid(Encoding.UTF8.GetBytes("""{"text":"März / 2026"}"""), header, Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("sha1=0123456789abcdef0123456789abcdef01234567")]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    public void Refuses_missing_malformed_and_wrong_signatures(string? header)
    {
        Assert.False(MetaSignature.IsValid("{}"u8, header, Secret));
    }

    [Fact]
    public void Refuses_a_signature_made_with_another_secret()
    {
        var body = "{}"u8.ToArray();
        Assert.False(MetaSignature.IsValid(body, MetaSignature.Sign(body, "other"), Secret));
        Assert.True(MetaSignature.IsValid(body, MetaSignature.Sign(body, Secret).ToUpperInvariant().Replace("SHA256=", "sha256="), Secret));
    }

    [Fact]
    public void Credentials_never_print_their_secrets()
    {
        var text = new ChannelCredentials("123", AccessToken: "EAAG-token", AppSecret: "shh", BotToken: "1:bot").ToString();
        Assert.DoesNotContain("EAAG-token", text);
        Assert.DoesNotContain("shh", text);
        Assert.DoesNotContain("1:bot", text);
    }
}
