using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Proposals;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Conversations.Proposals;

/// <summary>
/// A proposal's public page, opened by its unguessable link without signing in: the lead reads it and accepts it
/// (once; a second accept changes nothing). Rate limited per address so the token space cannot be scanned.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.ProposalPolicy)]
public class ShowModel(ProposalService proposals) : PageModel
{
    public Proposal Proposal { get; private set; } = null!;
    public string BusinessName { get; private set; } = "";

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        // A lead's name, needs and prices: for whoever holds the link only, never a search index or a shared cache.
        // (The same no-cache, no-store that antiforgery sets on the form, so it has nothing to override.)
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        Response.Headers.CacheControl = "no-cache, no-store";
        Response.Headers.Pragma = "no-cache";
    }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        if (await proposals.FindByTokenAsync(token, ct) is not { } found) return NotFound();
        (Proposal, BusinessName) = (found.Proposal, found.BusinessName);
        return Page();
    }

    public async Task<IActionResult> OnPostAcceptAsync(string token, CancellationToken ct)
    {
        var links = new ProposalLinks(
            conversation => $"{Request.Scheme}://{Request.Host}/inbox/{conversation}",
            publicToken => $"{Request.Scheme}://{Request.Host}/p/{publicToken}");
        if (await proposals.AcceptAsync(token, links, ct) is not { } accepted) return NotFound();
        return RedirectToPage("/Conversations/Proposals/Show", new { token = accepted.Proposal.PublicToken });
    }
}
