using Streamline.Core.Credits;

namespace Streamline.Web.Pages.Admin.Credits;

public sealed record WorkspaceListView(List<WorkspaceCreditsRow> Rows, int Total, int PageNumber, string? Search, DateOnly First, DateOnly Last)
{
    public const int PageSize = 50;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
