using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Workspace;

/// <summary>One invitation row as a fragment (htmx refresh). Scoped like every workspace query.</summary>
public class InvitationModel(StreamlineDbContext db, CurrentWorkspace current, TimeProvider clock) : PageModel
{
    public InvitationRowView Row { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var invitation = await db.WorkspaceInvitations.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (invitation is null) return NotFound();
        Row = new InvitationRowView(invitation, current.IsOwner, clock.GetUtcNow().UtcDateTime);
        return Page();
    }
}
