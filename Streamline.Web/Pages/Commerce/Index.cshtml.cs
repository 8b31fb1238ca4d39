using System.Text;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Streamline.Core.Commerce;
using Streamline.Core.Data;
using Streamline.Core.Exports;
using Streamline.Core.Workspaces;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Commerce;

/// <summary>What the sync panel shows; polled while a run is in progress.</summary>
public sealed record SyncView(ShopifyStore Store, int OrdersStored, DateTime Now)
{
    public bool InProgress => !Store.IsReadOnly && (Store.IsSyncing || Store.LastSyncCompletedAt is null);

    public int Percent => Store.RunOrdersExpected is > 0 and var expected ? Math.Clamp(Store.RunOrdersSynced * 100 / expected, 0, 100) : 0;

    /// <summary>Orders left at the pace of this run so far; null until there is a pace to go by.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            if (Store.SyncRunStartedAt is not { } started || Store.RunOrdersExpected is not { } expected || Store.RunOrdersSynced == 0) return null;
            var perOrder = (Now - started).TotalSeconds / Store.RunOrdersSynced;
            return TimeSpan.FromSeconds(Math.Max(0, (expected - Store.RunOrdersSynced) * perOrder));
        }
    }
}

/// <summary>The workspace's store: connect (demo store or pasted token), sync progress, and its orders with filters and CSV.</summary>
[KnownHandlersOnly]
public class IndexModel(
    StreamlineDbContext db, CurrentWorkspace current, ShopifyConnections connections, ShopifyOAuth oauth, InstallState installs, TimeProvider clock)
    : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "financial")] public string? Financial { get; set; }
    [BindProperty(SupportsGet = true, Name = "fulfillment")] public string? Fulfillment { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "min")] public string? MinAmount { get; set; }
    [BindProperty(SupportsGet = true, Name = "max")] public string? MaxAmount { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    [BindProperty] public string? ShopDomain { get; set; }
    [BindProperty] public string? AccessToken { get; set; }
    [TempData] public string? Flash { get; set; }

    public ShopifyStore? Store { get; private set; }
    public SyncView? Sync { get; private set; }
    public bool CanManage => current.IsOwner;
    public bool SandboxAllowed => connections.SandboxAllowed;
    public bool OAuthEnabled => oauth.Enabled;
    public OrderFilter Filter => new(Status, Financial, Fulfillment, From, To, MinAmount, MaxAmount, Search);
    public Dictionary<string, string> FilterErrors { get; private set; } = [];
    public List<CommerceOrder> Orders { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public string? ConnectError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        Response.Htmx(h => h.WithVary());
        await LoadAsync(ct);
        return Request.IsHtmx() && !Request.IsHtmxHistoryRestoreRequest() ? Partial("_Orders", this) : Page();
    }

    /// <summary>The sync panel alone, polled by htmx while a run is in progress.</summary>
    public async Task<IActionResult> OnGetProgressAsync(CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        Store = await connections.CurrentAsync(current.Id, ct);
        if (Store is null) return NotFound();
        Sync = new SyncView(Store, await db.CommerceOrders.CountAsync(o => o.StoreId == Store.Id, ct), clock.GetUtcNow().UtcDateTime);
        // The run is over: reload the page so the orders list shows what it brought.
        if (!Sync.InProgress && Request.IsHtmx()) Response.Htmx(h => h.Refresh());
        return Partial("_Sync", Sync);
    }

    public async Task<IActionResult> OnPostSandboxAsync(CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        var result = await connections.ConnectSandboxAsync(current.Id, ct);
        return await AfterConnectAsync(result, "The demo store is connected: its orders are syncing now.", ct);
    }

    public async Task<IActionResult> OnPostTokenAsync(CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        var result = await connections.ConnectWithTokenAsync(current.Id, ShopDomain, AccessToken, ct);
        AccessToken = null;
        return await AfterConnectAsync(result, "Your store is connected: its orders are syncing now.", ct);
    }

    /// <summary>Starts Shopify's install: the shop's authorize page, with a nonce kept in a protected cookie for the callback.</summary>
    public async Task<IActionResult> OnPostInstallAsync(CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        if (!oauth.Enabled) return NotFound();
        if (ShopifyConnections.NormalizeShopDomain(ShopDomain) is not { } shop)
        {
            ConnectError = "Enter your store's address, such as your-store.myshopify.com.";
            await LoadAsync(ct);
            return Page();
        }
        var state = installs.Start(HttpContext, current.Id, shop);
        return Redirect(oauth.AuthorizeUrl(shop, state, $"{Request.Scheme}://{Request.Host}{Request.PathBase}{OAuthCallbackModel.Path}"));
    }

    public async Task<IActionResult> OnPostDisconnectAsync(Guid storeId, CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        if (!await connections.DisconnectAsync(current.Id, storeId, ct)) return NotFound();
        Flash = "The store is disconnected. Its orders stay here, read-only.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSyncAsync(Guid storeId, CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        var store = await db.ShopifyStores.AsNoTracking().SingleOrDefaultAsync(s => s.Id == storeId, ct);
        if (store is null) return NotFound();
        if (store.Connection != StoreConnection.Connected) return BadRequest();
        connections.SyncLater(store.Id);
        Flash = "A sync has been started.";
        return RedirectToPage();
    }

    /// <summary>Every order matching the filters, streamed row by row.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (current.Active is null) return NotFound();
        var store = await connections.CurrentAsync(current.Id, ct);
        if (store is null) return NotFound();
        if (Filter.Errors(store.Currency).Count > 0) return BadRequest();

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"orders-{clock.GetUtcNow():yyyyMMdd}.csv",
        }.ToString();
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(OrderCsv.Header);
        var orders = Filter.Apply(db.CommerceOrders.AsNoTracking().Where(o => o.StoreId == store.Id), store.Currency).OrderByDescending(o => o.CreatedAt);
        await foreach (var order in orders.AsAsyncEnumerable().WithCancellation(ct))
            await writer.WriteAsync(OrderCsv.Line(order));
        await writer.FlushAsync(ct);
        return new EmptyResult();
    }

    private async Task<IActionResult> AfterConnectAsync(ConnectResult result, string success, CancellationToken ct)
    {
        if (result.Error is null)
        {
            Flash = success;
            return RedirectToPage();
        }
        ConnectError = result.Error;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Store = await connections.CurrentAsync(current.Id, ct);
        if (Store is null) return;
        var mine = db.CommerceOrders.AsNoTracking().Where(o => o.StoreId == Store.Id);
        Sync = new SyncView(Store, await mine.CountAsync(ct), clock.GetUtcNow().UtcDateTime);
        FilterErrors = Filter.Errors(Store.Currency);
        if (FilterErrors.Count > 0) return;
        var orders = Filter.Apply(mine, Store.Currency);
        Total = await orders.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Orders = await orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Number)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
    }

    public string PageUrl(int page) => Url.Page("/Commerce/Index", null, Filter.RouteValues(page))!;
    public string CsvUrl => Url.Page("/Commerce/Index", "Csv", Filter.RouteValues())!;
}

/// <summary>The orders export: amounts as decimals of the shop's currency, as accounting tools expect.</summary>
public static class OrderCsv
{
    public const string Header = "order,created_at,updated_at,email,phone,customer,financial_status,fulfillment_status,cancelled_at,currency,total,refunded\r\n";

    public static string Line(CommerceOrder o) => Csv.Line(
        Csv.Text(o.Name), Iso(o.CreatedAt), Iso(o.UpdatedAt), Csv.Text(o.Email), Csv.Text(o.Phone), Csv.Text(o.CustomerName),
        Csv.Text(o.FinancialStatus), Csv.Text(o.FulfillmentStatus), o.CancelledAt is { } c ? Iso(c) : "", o.Currency,
        ShopMoney.ToDecimal(o.TotalMinor, o.Currency), ShopMoney.ToDecimal(o.RefundedMinor, o.Currency));

    private static string Iso(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
