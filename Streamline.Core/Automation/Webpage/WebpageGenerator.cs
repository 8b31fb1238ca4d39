using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Campaigns;
using Streamline.Core.Data;
using Streamline.Core.Hosting;

namespace Streamline.Core.Automation.Webpage;

/// <summary>
/// Builds a one-page website from the workspace's business profile, its active campaigns and its chat widget:
/// <c>index.html</c> (previewed on the run's page in a sandboxed frame) and <c>site.zip</c> to upload anywhere.
/// </summary>
public sealed class WebpageGenerator(StreamlineDbContext db, PublicUrl links, TimeProvider clock) : AutomationService
{
    public const string ServiceKey = "webpage-generator";
    public const string PageFile = "index.html";
    public const string ZipFile = "site.zip";

    public override string Key => ServiceKey;
    public override string Name => "Webpage Generator";
    public override string Description => "A one-page website from your business profile, active campaigns and chat widget: preview it here and download it as a zip.";
    public override ServicePrice Price => new(5_000);

    public override IReadOnlyList<ServiceField> Fields =>
        [new("headline", "Headline", FieldKind.Text, Hint: "Under your business name; your industry when empty.", MaxLength: 120)];

    public override ServiceCheck Check(IReadOnlyDictionary<string, string> input) => ServiceCheck.Valid();

    public override async Task<ServiceResult> RunAsync(ServiceRunContext run, CancellationToken ct)
    {
        var profile = await db.BusinessProfiles.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .SingleOrDefaultAsync(p => p.WorkspaceId == run.WorkspaceId, ct);
        if (profile?.BusinessName is not { Length: > 0 })
            throw new ServiceRunException("Fill in your business profile (at least the business name) first; nothing was charged.");
        var campaigns = await db.Campaigns.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(c => c.WorkspaceId == run.WorkspaceId && c.Status == CampaignStatus.Active).OrderBy(c => c.Name).ToListAsync(ct);
        var widget = await db.WidgetSettings.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
            .Where(w => w.WorkspaceId == run.WorkspaceId).Select(w => new { w.PublicKey, w.BrandColor }).SingleOrDefaultAsync(ct);
        await run.ReportProgressAsync(50, "Writing the page", ct);

        var html = WebpageBuilder.Build(new WebpageContent(profile, campaigns, widget is null ? null : links.Link("/widget.js"), widget?.PublicKey,
            widget?.BrandColor, run.Get("headline"), clock.GetUtcNow().Year));
        var bytes = Encoding.UTF8.GetBytes(html);
        await run.WriteFileAsync(PageFile, bytes, ct);
        await run.WriteFileAsync(ZipFile, Zip(bytes), ct);

        var summary = $"A page with {campaigns.Count} {(campaigns.Count == 1 ? "offer" : "offers")}";
        return new ServiceResult(1, widget is null ? summary + ", without a chat widget (open Chat widget once to add it)" : summary + " and your chat widget");
    }

    private static byte[] Zip(byte[] page)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(PageFile, CompressionLevel.Optimal).Open();
            entry.Write(page);
        }
        return buffer.ToArray();
    }
}
