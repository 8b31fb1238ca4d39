using Streamline.Core.Audit;
using Streamline.Core.Billing;
using Streamline.Core.Credits;

namespace Streamline.Web.Pages.Admin.Promotions;

internal static class PromotionAudit
{
    /// <summary>What a saved promotion's audit entry says; nothing when the save was refused.</summary>
    public static AuditNote? Note(PromotionSaveResult? saved) => saved is { Succeeded: true, Promotion: { } p }
        ? new AuditNote(null, $"promotion:{p.Id}",
            $"Saved promotion {p.Code}: {Terms(p)}, {(p.IsActive ? "active" : "inactive")}")
        : null;

    private static string Terms(Promotion p) => string.Join(" and ", new[]
    {
        p.PercentOff is { } percent ? $"{percent}% off" : null,
        p.BonusMillicredits is { } bonus ? $"{CreditAmount.Credits(bonus)} bonus" : null,
    }.OfType<string>().DefaultIfEmpty("no discount"));
}
