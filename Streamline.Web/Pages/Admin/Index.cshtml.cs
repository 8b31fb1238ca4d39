using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Data;
using Streamline.Core.Email;

namespace Streamline.Web.Pages.Admin;

public class IndexModel(StreamlineDbContext db) : PageModel
{
    public int Users { get; private set; }
    public int Workspaces { get; private set; }
    public int MailsPending { get; private set; }
    public int MailsFailed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Users = await db.Users.CountAsync(ct);
        Workspaces = await db.Workspaces.CountAsync(ct);
        MailsPending = await db.EmailMessages.CountAsync(m => m.Status == EmailStatus.Pending, ct);
        MailsFailed = await db.EmailMessages.CountAsync(m => m.Status == EmailStatus.Failed, ct);
    }
}
