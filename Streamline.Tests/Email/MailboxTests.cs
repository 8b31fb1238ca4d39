using Streamline.Core.Email;

namespace Streamline.Tests.Email;

public sealed class MailboxTests
{
    [Theory]
    [InlineData("ada@example.com", true)]
    [InlineData("  ada.lovelace+work@mail.example.co.uk ", true)]
    [InlineData("x@y.z;env;", false)]
    [InlineData("ada@example.com, eve@example.com", false)]
    [InlineData("Ada <ada@example.com>", false)]
    [InlineData("ada@localhost", false)]
    [InlineData("ada", false)]
    [InlineData("ada@", false)]
    [InlineData("@example.com", false)]
    [InlineData("ada@exa mple.com", false)]
    [InlineData("", false)]
    public void Only_one_bare_address_the_mailer_can_parse_is_deliverable(string address, bool deliverable) =>
        Assert.Equal(deliverable, Mailboxes.IsDeliverable(address));
}
