using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Commerce;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Commerce;

public sealed record CustomerRow(CommerceCustomer Customer, int Orders, long SpentMinor);

/// <summary>The store's customers with how many orders they placed and what they spent; one customer with their orders.</summary>
public class CustomersModel(StreamlineDbContext db, CurrentWorkspace current, CustomerConversations conversations) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public ShopifyStore? Store { get; private set; }
    public List<CustomerRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public CommerceCustomer? One { get; private set; }
    public List<CommerceOrder> OneOrders { get; private set; } = [];
    public IReadOnlyList<CustomerConversation> OneConversations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        if (id is { } customerId)
        {
            One = await db.CommerceCustomers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId, ct);
            if (One is null) return NotFound();
            var gid = One.ShopifyId;
            var storeId = One.StoreId;
            OneOrders = await db.CommerceOrders.AsNoTracking().Where(o => o.StoreId == storeId && o.CustomerShopifyId == gid)
                .OrderByDescending(o => o.CreatedAt).Take(200).ToListAsync(ct);
            OneConversations = await conversations.ForAsync(One, ct);
            return Page();
        }

        Store = await db.ShopifyStores.AsNoTracking().OrderByDescending(s => s.ConnectedAt).FirstOrDefaultAsync(ct);
        if (Store is null) return Page();
        var customers = db.CommerceCustomers.AsNoTracking().Where(c => c.StoreId == Store.Id);
        if (Search?.Trim().ToLowerInvariant() is { Length: > 0 and <= 256 } q)
            customers = customers.Where(c => (c.Email != null && c.Email.Contains(q)) || (c.LastName != null && c.LastName.ToLower().Contains(q))
                                             || (c.FirstName != null && c.FirstName.ToLower().Contains(q)));
        Total = await customers.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var page = await customers.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Email)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var ids = page.Select(c => c.ShopifyId).ToList();
        var storeId2 = Store.Id;
        var totals = await db.CommerceOrders.AsNoTracking()
            .Where(o => o.StoreId == storeId2 && o.CustomerShopifyId != null && ids.Contains(o.CustomerShopifyId) && o.CancelledAt == null)
            .GroupBy(o => o.CustomerShopifyId!)
            .Select(g => new { g.Key, Count = g.Count(), Spent = g.Sum(o => o.TotalMinor - o.RefundedMinor) })
            .ToDictionaryAsync(g => g.Key, ct);
        Rows = page.Select(c => totals.TryGetValue(c.ShopifyId, out var t) ? new CustomerRow(c, t.Count, t.Spent) : new CustomerRow(c, 0, 0)).ToList();
        return Page();
    }

    public string PageUrl(int page) => Url.Page("/Commerce/Customers", null, new { q = Search, p = page > 1 ? page : (int?)null })!;
}
