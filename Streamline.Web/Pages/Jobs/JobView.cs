using Streamline.Core.Jobs;

namespace Streamline.Web.Pages.Jobs;

/// <summary>
/// Everything the job page's partials show, for one viewer. <see cref="BaseUrl"/> is the page the viewer is on
/// (/jobs/{id} or /admin/projects/{id}): every fragment and form of the partials goes back to it.
/// </summary>
public sealed record JobView(
    Job Job,
    string WorkspaceName,
    bool IsAdmin,
    Guid UserId,
    string BaseUrl,
    DateOnly Today,
    IReadOnlyList<JobFile> Files,
    IReadOnlyList<JobComment> Comments,
    IReadOnlyList<JobChangeRequest> ChangeRequests,
    IReadOnlyList<JobActivity> Activity)
{
    public string Url(string handler) => $"{BaseUrl}/{handler}";
    public string SectionUrl(string name) => $"{BaseUrl}/section?name={name}";
    public string FileUrl(JobFile file, bool preview = false) => $"{BaseUrl}/{(preview ? "preview" : "download")}?fileId={file.Id}";
    public bool CanDelete(JobFile file) => IsAdmin || file.UploadedByUserId == UserId;
    public JobFile? Logo => Files.FirstOrDefault(f => f.Id == Job.LogoFileId);

    /// <summary>For admins, the conversation whose accepted proposal made this job.</summary>
    public Guid? ConversationId { get; init; }
}

/// <summary>A section's partial plus a message for the viewer (an error or a refusal) shown at its top.</summary>
public sealed record SectionView(JobView View, string? Error = null);
