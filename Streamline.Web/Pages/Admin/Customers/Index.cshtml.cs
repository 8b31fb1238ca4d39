using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Streamline.Core.Credits;
using Streamline.Core.Customers;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Admin.Customers;

[KnownHandlersOnly]
public class IndexModel(CustomerDirectory directory) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public string? Plan { get; set; }
    [BindProperty(SupportsGet = true)] public CustomerStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? SignedUpFrom { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? SignedUpTo { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? ActiveSince { get; set; }
    /// <summary>In credits, as typed; read with <see cref="CreditAmount.TryParse"/>.</summary>
    [BindProperty(SupportsGet = true)] public string? MinBalance { get; set; }
    [BindProperty(SupportsGet = true)] public string? MaxBalance { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public List<CustomerRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public List<string> Plans { get; private set; } = [];
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Plans = await directory.PlansAsync(ct);
        var min = Credits(MinBalance, nameof(MinBalance));
        var max = Credits(MaxBalance, nameof(MaxBalance));
        // Unparseable filters show their message and no rows, never an error page.
        if (!ModelState.IsValid) return;
        PageNumber = Math.Max(1, PageNumber);
        var filter = new CustomerFilter(Search, Plan, Status, SignedUpFrom, SignedUpTo, ActiveSince, min, max);
        (Rows, Total) = await directory.SearchAsync(filter, PageNumber, PageSize, ct);
    }

    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Search, ["Plan"] = Plan, ["Status"] = Status?.ToString(),
            ["SignedUpFrom"] = SignedUpFrom?.ToString("yyyy-MM-dd"), ["SignedUpTo"] = SignedUpTo?.ToString("yyyy-MM-dd"),
            ["ActiveSince"] = ActiveSince?.ToString("yyyy-MM-dd"), ["MinBalance"] = MinBalance, ["MaxBalance"] = MaxBalance,
            ["p"] = page > 1 ? page.ToString() : null,
        };
        return QueryHelpers.AddQueryString("/admin/customers", query.Where(q => !string.IsNullOrWhiteSpace(q.Value)));
    }

    private long? Credits(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (CreditAmount.TryParse(text.Trim(), out var millicredits)) return millicredits;
        ModelState.AddModelError(field, "Enter a balance in credits, e.g. 25 or 2.5.");
        return null;
    }
}
