namespace Streamline.Web.Pages.Campaigns;

/// <summary>
/// One editable list of short texts in the form (features, questions, locations, interests): its
/// field name ("Product.Features"), the name its buttons use ("features") and how to label it.
/// </summary>
public sealed record TextListView(
    string Field, string List, string Legend, string ItemLabel, IReadOnlyList<string?> Items,
    string RowsUrl, string? Focus, bool Reorderable = false, string? Help = null, string? Placeholder = null)
{
    public string Id => Field.Replace('.', '-');
}
