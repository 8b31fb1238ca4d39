using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Notifications.Reports;

public enum WorkspaceReportKind { Weekly, Monthly }

/// <summary>
/// One report of one period to one member. Its key is the claim: it is saved in the same transaction as the mail, so
/// of two Workers (or a retry) composing the same report only one commits, and the other's mail is never written.
/// </summary>
public class ReportDelivery : IWorkspaceOwned
{
    public WorkspaceReportKind Report { get; set; }
    public DateOnly PeriodStart { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid UserId { get; set; }

    /// <summary>Null when the member turned reports off: the notice is still theirs, the mail is not sent.</summary>
    public Guid? EmailMessageId { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class ReportDeliveryConfiguration : IEntityTypeConfiguration<ReportDelivery>
{
    public void Configure(EntityTypeBuilder<ReportDelivery> b)
    {
        b.HasKey(d => new { d.Report, d.PeriodStart, d.WorkspaceId, d.UserId });
        b.HasOne<Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.AppUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
