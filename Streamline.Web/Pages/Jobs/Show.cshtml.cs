namespace Streamline.Web.Pages.Jobs;

/// <summary>
/// A job as its customer sees it: every section read-only, plus comments, their own files and change requests.
/// Jobs of other workspaces are not found.
/// </summary>
public class ShowModel(JobPageServices services) : JobPageModel(services)
{
    protected override bool AsAdmin => false;
    protected override string BaseUrlFor(Guid id) => $"/jobs/{id}";
}
