using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Billing;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Web.Infrastructure;
using Streamline.Core.Audit;

namespace Streamline.Web.Pages.Admin.Packages;

[Authorize(Policy = WebSetup.SuperAdminPolicy)]
public class EditModel(StreamlineDbContext db, AuditTrail audit) : PageModel
{
    public const string StripePricePrefix = "price_";

    public sealed class PackageInput
    {
        [Required(ErrorMessage = "Give the package a name.")]
        [StringLength(100, ErrorMessage = "At most 100 characters.")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter the price in dollars, e.g. 19.99.")]
        [Display(Name = "Price (USD)")]
        public string Price { get; set; } = "";

        [Required(ErrorMessage = "Enter the number of credits.")]
        [Display(Name = "Credits")]
        public string Credits { get; set; } = "";

        [Display(Name = "Features (one per line)")]
        public string? Features { get; set; }

        [Display(Name = "Stripe price id (optional)")]
        [StringLength(255, ErrorMessage = "At most 255 characters.")]
        public string? StripePriceId { get; set; }

        [Display(Name = "Offered to customers")]
        public bool IsActive { get; set; }

        [Display(Name = "Sort order")]
        [Range(0, 1_000_000, ErrorMessage = "A whole number from 0 to 1,000,000.")]
        public int SortOrder { get; set; }
    }

    [BindProperty] public PackageInput Input { get; set; } = new();
    [TempData] public string? StatusMessage { get; set; }
    public CreditPackage Package { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await db.CreditPackages.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is not { } package) return NotFound();
        Package = package;
        Input = new PackageInput
        {
            Name = package.Name,
            Price = MoneyAmount.Format(package.PriceCents).TrimStart('$').Replace(",", ""),
            Credits = CreditAmount.Input(package.CreditsMillicredits),
            Features = package.Features,
            StripePriceId = package.StripePriceId,
            IsActive = package.IsActive,
            SortOrder = package.SortOrder,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await db.CreditPackages.SingleOrDefaultAsync(p => p.Id == id, ct) is not { } package) return NotFound();
        Package = package;

        long cents = 0;
        if (!string.IsNullOrWhiteSpace(Input.Price) && !(MoneyAmount.TryParseDollars(Input.Price, out cents) && cents > 0))
            AddError(nameof(PackageInput.Price), "Enter a price above zero in dollars with at most two decimals, e.g. 19.99.");
        long credits = 0;
        if (!string.IsNullOrWhiteSpace(Input.Credits) && !(CreditAmount.TryParse(Input.Credits, out credits) && credits > 0))
            AddError(nameof(PackageInput.Credits), "Enter a number of credits above zero with at most three decimals.");
        var features = string.Join('\n', (Input.Features ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (features.Length > 2000)
            AddError(nameof(PackageInput.Features), "At most 2,000 characters in all.");
        var stripePrice = string.IsNullOrWhiteSpace(Input.StripePriceId) ? null : Input.StripePriceId.Trim();
        if (stripePrice is not null && (!stripePrice.StartsWith(StripePricePrefix, StringComparison.Ordinal) || stripePrice.Any(char.IsWhiteSpace)))
            AddError(nameof(PackageInput.StripePriceId), $"A Stripe price id starts with “{StripePricePrefix}”, e.g. price_1Q2w3E4r5T6y.");
        if (!ModelState.IsValid) return Page();

        package.Name = Input.Name.Trim();
        package.PriceCents = cents;
        package.CreditsMillicredits = credits;
        package.Features = features;
        package.StripePriceId = stripePrice;
        package.IsActive = Input.IsActive;
        package.SortOrder = Input.SortOrder;
        audit.Stage(User.AuditActor(), AuditAction.PackageEdited, null, $"package:{id}",
            $"Saved package {package.Name}: {MoneyAmount.Format(cents)} for {CreditAmount.Credits(credits)}, {(package.IsActive ? "active" : "inactive")}");
        await db.SaveChangesAsync(ct);
        StatusMessage = $"Saved {package.Name}: {MoneyAmount.Format(cents)} for {CreditAmount.Credits(credits)}. New checkouts use it from now on.";
        return RedirectToPage("/Admin/Packages/Edit", new { id });
    }

    private void AddError(string field, string message) => ModelState.AddModelError($"{nameof(Input)}.{field}", message);
}
