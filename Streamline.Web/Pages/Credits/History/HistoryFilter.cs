using Microsoft.AspNetCore.Mvc.ModelBinding;
using Streamline.Core.Credits;

namespace Streamline.Web.Pages.Credits.History;

/// <summary>The history's filters as they arrive in the query string, shared by the page and the CSV export.</summary>
public sealed record HistoryFilter(string? Type, DateOnly? From, DateOnly? To)
{
    /// <summary>Adds a message per bad field to <paramref name="errors"/> under the query-string names; true when all is well.</summary>
    public bool Validate(ModelStateDictionary errors)
    {
        if (!string.IsNullOrEmpty(Type) && LedgerTypeFilter.Find(Type) is null)
            errors.AddModelError("type", "Choose a type from the list.");
        if (From is { } from && To is { } to && to < from)
            errors.AddModelError("to", "The end date must be on or after the start date.");
        return errors.IsValid;
    }

    /// <summary>
    /// Newest first, ties broken by id: equal timestamps still get one fixed order, so no entry is
    /// shown on two pages or skipped between them. Dates are whole UTC days, both ends included.
    /// </summary>
    public IQueryable<LedgerEntry> Apply(IQueryable<LedgerEntry> entries)
    {
        if (!string.IsNullOrEmpty(Type) && LedgerTypeFilter.Find(Type) is { } option)
        {
            var types = option.Types.ToList();
            entries = entries.Where(e => types.Contains(e.Type));
        }
        if (From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.CreatedAt >= start);
        }
        if (To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.CreatedAt < end);
        }
        return entries.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id);
    }

    /// <summary>Route values for links that keep these filters (empty ones left out of the URL).</summary>
    public Dictionary<string, string?> RouteValues(int? page = null) => new()
    {
        ["type"] = string.IsNullOrEmpty(Type) ? null : Type,
        ["from"] = From?.ToString("yyyy-MM-dd"),
        ["to"] = To?.ToString("yyyy-MM-dd"),
        ["p"] = page is > 1 ? page.ToString() : null,
    };
}
