using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Hosting;

namespace Streamline.Web.Pages.Admin.Mail;

public class IndexModel(StreamlineDbContext db, IOptions<EmailOptions> options, StreamlinePaths paths) : PageModel
{
    public sealed record Row(Guid Id, DateTime CreatedAt, string To, string Subject, EmailStatus Status, int Attempts);

    public List<Row> Messages { get; private set; } = [];
    public bool IsPickup => options.Value.Transport == MailTransportKind.Pickup;
    public string PickupFolder => paths.MailPickupDirectory;
    public int PickupFiles { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Messages = await db.EmailMessages.OrderByDescending(m => m.CreatedAt).Take(200)
            .Select(m => new Row(m.Id, m.CreatedAt, m.To, m.Subject, m.Status, m.Attempts))
            .ToListAsync(ct);
        if (IsPickup) PickupFiles = Directory.EnumerateFiles(PickupFolder, "*.eml").Count();
    }
}
