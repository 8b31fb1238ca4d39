using System.Net;
using System.Security.Cryptography;
using Streamline.Tests.Support;

namespace Streamline.Tests.Accounts;

[Collection(SharedApps.Sqlite1)]
public sealed class TwoFactorTests(SqliteApp app)
{
    [Fact]
    public async Task A_user_turns_on_an_authenticator_app_and_then_needs_its_code_to_log_in()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);

        var setup = await client.GetDocumentAsync("/Identity/Account/Manage/EnableAuthenticator");
        var key = setup.QuerySelector("kbd")!.TextContent.Replace(" ", "");
        (await client.PostFormAsync("/Identity/Account/Manage/EnableAuthenticator",
                new Dictionary<string, string> { ["Input.Code"] = Totp(key) }))
            .EnsureRedirect("/Identity/Account/Manage/ShowRecoveryCodes");

        using var later = app.NewClient();
        (await later.LoginAsync(email)).EnsureRedirect("/Identity/Account/LoginWith2fa");
        Assert.Equal(HttpStatusCode.Found, (await later.Http.GetAsync("/app")).StatusCode); // not signed in yet

        var wrong = await later.PostFormAsync("/Identity/Account/LoginWith2fa?returnUrl=%2Fapp",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = "000000" == Totp(key) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);

        (await later.PostFormAsync("/Identity/Account/LoginWith2fa?returnUrl=%2Fapp",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp(key) })).EnsureRedirect("/app");
        Assert.Equal(HttpStatusCode.OK, (await later.Http.GetAsync("/app")).StatusCode);
    }

    /// <summary>RFC 6238 with the authenticator-app defaults: SHA-1, 30-second steps, 6 digits.</summary>
    private static string Totp(string base32Key)
    {
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = HMACSHA1.HashData(Base32(base32Key), counter);
        var offset = hash[^1] & 0x0f;
        var code = ((hash[offset] & 0x7f) << 24 | hash[offset + 1] << 16 | hash[offset + 2] << 8 | hash[offset + 3]) % 1_000_000;
        return code.ToString("D6");
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.Trim('=').ToUpperInvariant().Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }
}
