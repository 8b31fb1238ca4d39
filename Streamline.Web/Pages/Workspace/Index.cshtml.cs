using System.ComponentModel.DataAnnotations;
using Htmx;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Workspace;

public class IndexModel(StreamlineDbContext db, CurrentWorkspace current, WorkspaceService workspaces,
    UserManager<AppUser> users, TimeProvider clock) : PageModel
{
    public sealed record MemberView(string Name, string Email, WorkspaceRole Role);

    public sealed class InviteInput
    {
        [Required(ErrorMessage = "Enter the e-mail address to invite.")]
        [Mailbox]
        [StringLength(256)]
        [Display(Name = "E-mail address")]
        public string Email { get; set; } = "";
    }

    [BindProperty] public InviteInput Invite { get; set; } = new();

    public string WorkspaceName => current.Active?.WorkspaceName ?? "";
    public bool CanManage => current.IsOwner;
    public DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;
    public List<MemberView> Members { get; private set; } = [];
    public List<WorkspaceInvitation> Invitations { get; private set; } = [];
    public string? InviteSent { get; private set; }
    public WorkspaceInvitation? NewInvitation { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        if (!current.IsOwner) return Forbid();
        if (ModelState.IsValid)
        {
            var inviter = await users.GetUserAsync(User) ?? throw new InvalidOperationException("No user.");
            var (result, _) = await workspaces.InviteAsync(current.Id, inviter, Invite.Email,
                token => Url.Page("/Invitations/Accept", null, new { token }, Request.Scheme)!, ct);
            if (result.Error is not null)
            {
                ModelState.AddModelError(nameof(Invite) + "." + nameof(InviteInput.Email), result.Error);
            }
            else
            {
                await db.SaveChangesAsync(ct);
                if (!Request.IsHtmx()) return RedirectToPage();
                InviteSent = Invite.Email;
                NewInvitation = result.Invitation;
                ModelState.Clear();
                Invite = new InviteInput();
            }
        }
        if (Request.IsHtmx()) return Partial("_InviteForm", this);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        // The query filter limits this to the current workspace: another workspace's id is simply not found.
        var invitation = await db.WorkspaceInvitations.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (invitation is null) return NotFound();
        if (!current.IsOwner) return Forbid();
        if (invitation.IsPending(Now))
        {
            invitation.RevokedAt = Now;
            await db.SaveChangesAsync(ct);
        }
        return Request.IsHtmx() ? Partial("_InvitationRow", new InvitationRowView(invitation, true, Now)) : RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Members = await db.WorkspaceMembers.Where(m => m.WorkspaceId == current.Id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new MemberView(u.DisplayName, u.Email!, m.Role))
            .ToListAsync(ct);
        Members = Members.OrderBy(m => m.Role).ThenBy(m => m.Name).ToList();
        Invitations = await db.WorkspaceInvitations.OrderByDescending(i => i.CreatedAt).Take(50).ToListAsync(ct);
    }
}
