using System.Globalization;

namespace Streamline.Core.Commerce;

/// <summary>
/// The orders list's filters as typed (query string values); <see cref="Errors"/> says what is wrong with them, in words
/// for the form, and <see cref="Apply"/> narrows a (workspace-scoped) query.
/// </summary>
public sealed record OrderFilter(
    string? Status = null, string? Financial = null, string? Fulfillment = null, DateOnly? From = null, DateOnly? To = null,
    string? MinAmount = null, string? MaxAmount = null, string? Search = null)
{
    public static readonly string[] Statuses = ["open", "cancelled"];
    public static readonly string[] FinancialStatuses = ["pending", "authorized", "paid", "partially_paid", "partially_refunded", "refunded", "voided"];
    public static readonly string[] FulfillmentStatuses = ["unfulfilled", "partially_fulfilled", "fulfilled", "on_hold"];

    public bool IsEmpty => this == new OrderFilter();

    public Dictionary<string, string> Errors(string currency)
    {
        var errors = new Dictionary<string, string>();
        if (Status is { Length: > 0 } s && !Statuses.Contains(s)) errors["status"] = "Choose a status from the list.";
        if (Financial is { Length: > 0 } f && !FinancialStatuses.Contains(f)) errors["financial"] = "Choose a payment status from the list.";
        if (Fulfillment is { Length: > 0 } u && !FulfillmentStatuses.Contains(u)) errors["fulfillment"] = "Choose a fulfillment status from the list.";
        if (From is { } from && To is { } to && to < from) errors["to"] = "The end date is before the start date.";
        if (!TryAmount(MinAmount, currency, out _)) errors["min"] = "Enter an amount such as 25 or 19.99.";
        if (!TryAmount(MaxAmount, currency, out _)) errors["max"] = "Enter an amount such as 250 or 99.50.";
        if (Search is { Length: > 256 }) errors["q"] = "Search for an order number or an e-mail address.";
        return errors;
    }

    public IQueryable<CommerceOrder> Apply(IQueryable<CommerceOrder> orders, string currency)
    {
        if (Status == "open") orders = orders.Where(o => o.CancelledAt == null);
        if (Status == "cancelled") orders = orders.Where(o => o.CancelledAt != null);
        if (Financial is { Length: > 0 } f) orders = orders.Where(o => o.FinancialStatus == f);
        if (Fulfillment is { Length: > 0 } u) orders = orders.Where(o => o.FulfillmentStatus == u);
        if (From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            orders = orders.Where(o => o.CreatedAt >= start);
        }
        if (To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            orders = orders.Where(o => o.CreatedAt < end);
        }
        if (TryAmount(MinAmount, currency, out var min) && min is { } lo) orders = orders.Where(o => o.TotalMinor >= lo);
        if (TryAmount(MaxAmount, currency, out var max) && max is { } hi) orders = orders.Where(o => o.TotalMinor <= hi);
        if (Search?.Trim() is { Length: > 0 } q)
        {
            var digits = q.TrimStart('#');
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                orders = orders.Where(o => o.Number == number);
            else
            {
                var email = q.ToLowerInvariant();
                orders = orders.Where(o => o.Email != null && o.Email.Contains(email));
            }
        }
        return orders;
    }

    public Dictionary<string, string?> RouteValues(int? page = null) => new()
    {
        ["status"] = Status, ["financial"] = Financial, ["fulfillment"] = Fulfillment,
        ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["min"] = MinAmount, ["max"] = MaxAmount, ["q"] = Search, ["p"] = page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null,
    };

    private static bool TryAmount(string? text, string currency, out long? minor)
    {
        minor = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value > 1_000_000_000m)
            return false;
        minor = ShopMoney.ToMinor(value.ToString(CultureInfo.InvariantCulture), currency);
        return true;
    }
}
