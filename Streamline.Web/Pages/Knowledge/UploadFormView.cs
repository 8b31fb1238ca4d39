using Streamline.Core.Knowledge;

namespace Streamline.Web.Pages.Knowledge;

/// <summary>
/// The upload form's model. Other pages (the onboarding wizard) embed the form with a
/// <see cref="ReturnUrl"/>: a successful upload goes back there instead of to /knowledge.
/// </summary>
public sealed record UploadFormView(KnowledgeOptions Limits, string? ReturnUrl = null, IReadOnlyList<string>? Errors = null)
{
    public IReadOnlyList<string> ErrorList => Errors ?? [];
}
