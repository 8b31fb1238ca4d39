using Microsoft.AspNetCore.Mvc;
using Streamline.Core.Credits.Disputes;

namespace Streamline.Web.Pages.Credits.Disputes;

public static class DisputeMailLinks
{
    /// <summary>Absolute links on the host the request came in on, as the account and invitation mails do.</summary>
    public static DisputeLinks For(IUrlHelper url, HttpRequest request) => new(
        url.Page("/Credits/Disputes/Index", null, new { handler = (string?)null }, request.Scheme)!,
        id => url.Page("/Admin/Disputes/Show", null, new { id, handler = (string?)null }, request.Scheme)!);
}
