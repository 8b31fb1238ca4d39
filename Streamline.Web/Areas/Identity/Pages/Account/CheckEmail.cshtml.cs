using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Streamline.Core.Email;
using Streamline.Core.Hosting;

namespace Streamline.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public class CheckEmailModel(IHostEnvironment env, IOptions<EmailOptions> mail, StreamlinePaths paths) : PageModel
{
    public string Email { get; private set; } = "";

    /// <summary>
    /// Where the mail went when it never left this machine: set in Development with the Pickup transport only, so
    /// someone trying the app finds the link without an inbox. Never shown in production.
    /// </summary>
    public string? PickupFolder { get; private set; }

    public void OnGet(string? email)
    {
        Email = email ?? "your address";
        if (env.IsDevelopment() && mail.Value.Transport == MailTransportKind.Pickup) PickupFolder = paths.MailPickupDirectory;
    }
}
