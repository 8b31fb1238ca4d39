using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Commerce;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Commerce;

/// <summary>One order: items, refunds, tracking and its customer.</summary>
public class OrderModel(StreamlineDbContext db, CurrentWorkspace current) : PageModel
{
    public CommerceOrder Order { get; private set; } = null!;
    public OrderDetails Details { get; private set; } = null!;
    public CommerceCustomer? Customer { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        // The workspace query filter makes another workspace's order a 404.
        var order = await db.CommerceOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null) return NotFound();
        Order = order;
        Details = OrderDetails.Read(order.DetailsJson);
        if (order.CustomerShopifyId is { } customerId)
            Customer = await db.CommerceCustomers.AsNoTracking().SingleOrDefaultAsync(c => c.StoreId == order.StoreId && c.ShopifyId == customerId, ct);
        return Page();
    }
}
