using System.ComponentModel.DataAnnotations;
using Htmx;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Core.Audit;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.ApiKeys;

public class IndexModel(StreamlineDbContext db, CurrentWorkspace current, ApiKeyService keys, UserManager<AppUser> users, AuditTrail audit) : PageModel
{
    public sealed class CreateInput
    {
        [Required(ErrorMessage = "Give the key a name, e.g. the app that will use it.")]
        [StringLength(100, ErrorMessage = "At most 100 characters.")]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Display(Name = "Scopes")]
        public List<string> Scopes { get; set; } = [ApiKey.ScopeRead, ApiKey.ScopeWrite];
    }

    [BindProperty] public CreateInput Input { get; set; } = new();

    public bool CanManage => current.IsOwner;
    public List<ApiKey> Keys { get; private set; } = [];
    public CreatedApiKey? Created { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        Input.Scopes = Input.Scopes.Where(ApiKey.AllScopes.Contains).Distinct().ToList();
        if (Input.Scopes.Count == 0)
            ModelState.AddModelError($"{nameof(Input)}.{nameof(CreateInput.Scopes)}", "Choose at least one scope.");
        if (ModelState.IsValid)
        {
            var user = await users.GetUserAsync(User);
            // Saved with the key by its SaveChanges.
            audit.Stage(User.AuditActor(), AuditAction.ApiKeyCreated, current.Id, null,
                $"Created API key “{Input.Name.Trim()}” with scopes {string.Join(' ', Input.Scopes)}");
            // Shown in this response only: the plaintext is never stored, so there is no redirect to show it after.
            Created = await keys.CreateAsync(current.Id, Input.Name, Input.Scopes, user?.Id, ct);
            ModelState.Clear();
            Input = new CreateInput();
        }
        if (Request.IsHtmx()) return Partial("_CreateForm", this);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        // The query filter limits this to the current workspace: another workspace's key is simply not found.
        if (!await db.ApiKeys.AnyAsync(k => k.Id == id, ct)) return NotFound();
        if (!current.IsOwner) return Forbid();
        var name = await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null).Select(k => k.Name).SingleOrDefaultAsync(ct);
        if (name is not null) audit.Stage(User.AuditActor(), AuditAction.ApiKeyRevoked, current.Id, $"api-key:{id}", $"Revoked API key “{name}”");
        var key = await keys.RevokeAsync(id, ct);
        if (key is null) return NotFound();
        return Request.IsHtmx() ? Partial("_KeyRow", new ApiKeyRowView(key, true)) : RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).Take(200).ToListAsync(ct);
}
