using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Streamline.Core.Accounts;
using Streamline.Core.Email;

namespace Streamline.Web.Areas.Identity.Pages.Account;

/// <summary>The account mails our Identity pages queue; the caller saves them with its own change.</summary>
public sealed class AccountEmails(UserManager<AppUser> users, EmailOutbox outbox)
{
    public async Task QueueConfirmationAsync(IUrlHelper url, string scheme, AppUser user, string workspaceName, string? returnUrl = null)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var confirmUrl = url.Page("/Account/ConfirmEmail", null, new { area = "Identity", userId = user.Id, code, returnUrl }, scheme)!;
        outbox.Queue(user.Email!, "confirm-email", new Dictionary<string, string>
        {
            ["Name"] = user.DisplayName, ["Workspace"] = workspaceName, ["ConfirmUrl"] = confirmUrl,
        });
    }

    public async Task QueuePasswordResetAsync(IUrlHelper url, string scheme, AppUser user)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var resetUrl = url.Page("/Account/ResetPassword", null, new { area = "Identity", code }, scheme)!;
        outbox.Queue(user.Email!, "reset-password", new Dictionary<string, string>
        {
            ["Name"] = string.IsNullOrWhiteSpace(user.DisplayName) ? "there" : user.DisplayName,
            ["ResetUrl"] = resetUrl,
        });
    }
}
