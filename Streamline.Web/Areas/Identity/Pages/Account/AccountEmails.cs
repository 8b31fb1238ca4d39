using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Streamline.Core.Accounts;
using Streamline.Core.Email;

namespace Streamline.Web.Areas.Identity.Pages.Account;

/// <summary>
/// The account mails our Identity pages queue; the caller saves them with its own change. Each kind goes to one address at
/// most <see cref="PerAddressPerHour"/> times an hour, whichever addresses ask (the per-address request limit cannot see
/// that), so the forms cannot be used to flood someone's inbox; the pages answer the same either way.
/// </summary>
public sealed class AccountEmails(UserManager<AppUser> users, EmailOutbox outbox)
{
    public const int PerAddressPerHour = 3;

    private async Task<bool> MaySendAsync(AppUser user, string template) =>
        await outbox.QueuedWithinAsync(user.Email!, template, TimeSpan.FromHours(1)) < PerAddressPerHour;

    /// <summary>False when the address already had its hour's confirmation mails: nothing is queued.</summary>
    public async Task<bool> QueueConfirmationAsync(IUrlHelper url, string scheme, AppUser user, string workspaceName, string? returnUrl = null)
    {
        if (!await MaySendAsync(user, "confirm-email")) return false;
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var confirmUrl = url.Page("/Account/ConfirmEmail", null, new { area = "Identity", userId = user.Id, code, returnUrl }, scheme)!;
        outbox.Queue(user.Email!, "confirm-email", new Dictionary<string, string>
        {
            ["Name"] = user.DisplayName, ["Workspace"] = workspaceName, ["ConfirmUrl"] = confirmUrl,
        });
        return true;
    }

    /// <summary>False when the address already had its hour's reset mails: nothing is queued.</summary>
    public async Task<bool> QueuePasswordResetAsync(IUrlHelper url, string scheme, AppUser user)
    {
        if (!await MaySendAsync(user, "reset-password")) return false;
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var resetUrl = url.Page("/Account/ResetPassword", null, new { area = "Identity", code }, scheme)!;
        outbox.Queue(user.Email!, "reset-password", new Dictionary<string, string>
        {
            ["Name"] = string.IsNullOrWhiteSpace(user.DisplayName) ? "there" : user.DisplayName,
            ["ResetUrl"] = resetUrl,
        });
        return true;
    }
}
