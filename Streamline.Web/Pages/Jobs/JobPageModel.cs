using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Streamline.Core.Data;
using Streamline.Core.Jobs;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Jobs;

/// <summary>
/// The handlers both sides of a job page share: section fragments, the live stamp, comments, files and change
/// requests. Each loads the job through <see cref="Actor"/>, so a customer reaches only the current workspace's
/// jobs (404 otherwise, fragments and files included); admins, on the admin page, reach all.
/// </summary>
[KnownHandlersOnly]
public abstract class JobPageModel(JobPageServices services) : PageModel
{
    protected JobPageServices Services { get; } = services;

    public const string Sections = "/Pages/Jobs/Sections/";

    protected abstract bool AsAdmin { get; }
    protected abstract string BaseUrlFor(Guid id);

    public JobView View { get; private set; } = null!;

    protected JobActor Actor => new(
        Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!),
        User.FindFirstValue("streamline:name") ?? User.Identity?.Name ?? "Someone",
        AsAdmin);

    protected JobLinks Links => new(
        id => $"{Request.Scheme}://{Request.Host}/jobs/{id}",
        id => $"{Request.Scheme}://{Request.Host}/admin/projects/{id}");

    /// <summary>The stamp the page was rendered at; read before the page's data, so a change in between is not missed.</summary>
    public string Stamp { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Stamp = await Services.Jobs.LiveStampAsync(id, Actor, ct) ?? "";
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    /// <summary>One section in view mode: the page's live refresh and an edit's Cancel ask for it.</summary>
    public async Task<IActionResult> OnGetSectionAsync(Guid id, string name, CancellationToken ct) =>
        await LoadAsync(id, ct) ? SectionPartial(name) : NotFound();

    /// <summary>
    /// The live stamp, polled every few seconds. The browser sends the stamp it has as If-None-Match: 304 with no
    /// body when nothing changed (the common case, two small indexed queries); otherwise the new poller element
    /// and an HX-Trigger that makes every section in view mode fetch itself again.
    /// </summary>
    public async Task<IActionResult> OnGetLiveAsync(Guid id, CancellationToken ct)
    {
        var stamp = await Services.Jobs.LiveStampAsync(id, Actor, ct);
        if (stamp is null) return NotFound();
        var etag = new EntityTagHeaderValue($"\"{stamp}\"");
        Response.Headers.CacheControl = "no-store";
        Response.Headers.ETag = etag.ToString();
        if (Request.Headers.IfNoneMatch.ToString() == etag.ToString()) return StatusCode(StatusCodes.Status304NotModified);
        Response.Headers["HX-Trigger"] = "job-changed";
        return Partial(Sections + "_Live.cshtml", new LiveStamp(BaseUrlFor(id), stamp));
    }

    public async Task<IActionResult> OnPostCommentAsync(Guid id, string? body, CancellationToken ct)
    {
        var result = await Services.Comments.AddAsync(id, Actor, body, Links, ct);
        return await AfterAsync(id, "comments", result, ct);
    }

    public async Task<IActionResult> OnPostChangeRequestAsync(Guid id, string? description, string? reason, ChangeUrgency urgency, CancellationToken ct)
    {
        var result = await Services.ChangeRequests.SubmitAsync(id, Actor, new ChangeRequestInput(description ?? "", reason, urgency), Links, ct);
        return await AfterAsync(id, "changes", result, ct);
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? upload, CancellationToken ct)
    {
        JobResult result;
        if (upload is null) result = JobResult.Invalid("Choose a file to upload.");
        else
        {
            await using var content = upload.OpenReadStream();
            result = await Services.Files.UploadAsync(id, Actor, upload.FileName, content, upload.Length, ct);
        }
        return await AfterAsync(id, "files", result, ct);
    }

    public async Task<IActionResult> OnPostDeleteFileAsync(Guid id, Guid fileId, CancellationToken ct)
    {
        var result = await Services.Files.DeleteAsync(id, fileId, Actor, ct);
        return await AfterAsync(id, "files", result, ct);
    }

    public Task<IActionResult> OnGetDownloadAsync(Guid id, Guid fileId, CancellationToken ct) =>
        FileAsync(id, fileId, inline: false, ct);

    public Task<IActionResult> OnGetPreviewAsync(Guid id, Guid fileId, CancellationToken ct) =>
        FileAsync(id, fileId, inline: true, ct);

    private async Task<IActionResult> FileAsync(Guid id, Guid fileId, bool inline, CancellationToken ct)
    {
        var opened = await Services.Files.OpenAsync(id, fileId, Actor, ct);
        if (opened is not var (file, content)) return NotFound();
        // Only images are shown inline, and only by their sniffed type; everything else is a download.
        if (inline && !JobFileStore.ImageKinds.Contains(file.Kind))
        {
            await content.DisposeAsync();
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "private, no-store";
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        disposition.SetHttpFileName(file.FileName);
        Response.Headers.ContentDisposition = disposition.ToString();
        return File(content, JobFileStore.ContentType(file.Kind));
    }

    /// <summary>After a change: the section again (with the refusal when there is one), or 404 for a job not visible.</summary>
    protected async Task<IActionResult> AfterAsync(Guid id, string section, JobResult result, CancellationToken ct)
    {
        if (result.Error == JobError.NotFound || !await LoadAsync(id, ct)) return NotFound();
        if (result.Error == JobError.NotAllowed && !AsAdmin) return NotFound();
        return SectionPartial(section, result.Succeeded ? null : result.Message);
    }

    protected IActionResult SectionPartial(string name, string? error = null)
    {
        var partial = name switch
        {
            "basic" => "_Basic", "business" => "_Business", "project" => "_Project", "branding" => "_Branding",
            "resources" => "_Resources", "planning" => "_Planning", "financial" => "_Financial", "files" => "_Files",
            "filelist" => "_FileList", "comments" => "_Comments", "commentlist" => "_CommentList", "changes" => "_ChangeRequests",
            "changelist" => "_ChangeRequestList", "activity" => "_Activity", "header" => "_Header",
            _ => null,
        };
        if (partial is null) return NotFound();
        return Partial($"{Sections}{partial}.cshtml", new SectionView(View, error));
    }

    protected async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = Actor;
        var job = await Services.Jobs.FindAsync(id, actor, ct);
        if (job is null) return false;
        var workspace = await Services.Db.Workspaces.Where(w => w.Id == job.WorkspaceId).Select(w => w.Name).SingleAsync(ct);
        View = new JobView(job, workspace, AsAdmin, actor.UserId, BaseUrlFor(id), DateOnly.FromDateTime(Services.Clock.GetUtcNow().UtcDateTime),
            await Services.Files.ListAsync(id, actor, ct),
            await Services.Comments.ListAsync(id, actor, ct),
            await Services.ChangeRequests.ListAsync(id, actor, ct),
            await Services.Jobs.ActivityAsync(id, actor, ct))
        {
            ConversationId = AsAdmin
                ? await Services.Db.Proposals.IgnoreQueryFilters(QueryFilters.Workspace)
                    .Where(p => p.JobId == id).Select(p => (Guid?)p.ConversationId).SingleOrDefaultAsync(ct)
                : null,
        };
        return true;
    }
}

public sealed record LiveStamp(string BaseUrl, string Stamp);

/// <summary>What every job page needs, injected as one so the two page models stay short.</summary>
public sealed class JobPageServices(StreamlineDbContext db, JobService jobs, JobComments comments, JobChangeRequests changeRequests, JobFileStore files, TimeProvider clock)
{
    public StreamlineDbContext Db => db;
    public JobService Jobs => jobs;
    public JobComments Comments => comments;
    public JobChangeRequests ChangeRequests => changeRequests;
    public JobFileStore Files => files;
    public TimeProvider Clock => clock;
}
