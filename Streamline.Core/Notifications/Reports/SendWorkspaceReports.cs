namespace Streamline.Core.Notifications.Reports;

/// <summary>The daily run: last week's and last month's reports, to whoever has not had them yet. Safe to run twice.</summary>
public sealed class SendWorkspaceReports(WorkspaceReports reports)
{
    public async Task RunAsync(CancellationToken ct)
    {
        await reports.SendAsync(WorkspaceReportKind.Weekly, ct);
        await reports.SendAsync(WorkspaceReportKind.Monthly, ct);
    }
}
