using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Hosting;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Monitoring;

/// <summary>
/// Recurring: opens an incident for each red tile and mails the admins once about it, in the same transaction as the
/// incident row; closes the incidents of tiles that are green again. Safe to run twice or in two workers at once: the
/// second insert of an open tile's incident fails on its key, and its mail goes with it.
/// </summary>
public sealed class AlertMonitoringIncidents(
    MonitoringReport report, StreamlineDbContext db, EmailOutbox outbox, PublicUrl links, ILogger<AlertMonitoringIncidents> logger)
{
    /// <summary>Returns the tiles whose incidents this run opened (and mailed).</summary>
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken ct)
    {
        var snapshot = await report.SnapshotAsync(ct);
        var red = snapshot.Red.ToList();
        var redKeys = red.Select(t => t.Key).ToList();
        await db.MonitoringIncidents.Where(i => !redKeys.Contains(i.Tile)).ExecuteDeleteAsync(ct);

        var open = await db.MonitoringIncidents.Select(i => i.Tile).ToListAsync(ct);
        var opened = new List<string>();
        var admins = await db.AdminEmailsAsync(ct);
        foreach (var tile in red.Where(t => !open.Contains(t.Key)))
        {
            var summary = string.Join(" ", tile.Alerts);
            db.MonitoringIncidents.Add(new MonitoringIncident { Tile = tile.Key, OpenedAt = snapshot.TakenAt, Summary = summary[..Math.Min(summary.Length, 2000)] });
            var values = new Dictionary<string, string>
            {
                ["Tile"] = tile.Title, ["Alerts"] = summary, ["MonitoringUrl"] = links.Link("/admin/monitoring"),
                ["OpenedAt"] = snapshot.TakenAt.ToString("yyyy-MM-dd HH:mm") + " UTC",
            };
            foreach (var to in admins) outbox.Queue(to, "monitoring-alert", values);
            try
            {
                await db.SaveChangesAsync(ct);
                opened.Add(tile.Key);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                if (!await db.MonitoringIncidents.AnyAsync(i => i.Tile == tile.Key, ct)) throw;
                // Another run opened it first and mailed about it.
                logger.LogDebug("The {Tile} incident was opened by another run", tile.Key);
            }
            db.ChangeTracker.Clear();
        }
        return opened;
    }
}
