using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Streamline.Core.Campaigns;
using Streamline.Core.Knowledge;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Knowledge;

/// <summary>"What your AI knows": the knowledge assembly for a sample question, exactly as the AI would get it.</summary>
public class AskModel(CurrentWorkspace current, KnowledgeAssembler assembler, IOptions<KnowledgeOptions> options) : PageModel
{
    public const int QuestionLength = 1_000;

    public static readonly IReadOnlyList<CampaignChannels> Channels =
        [CampaignChannels.Web, CampaignChannels.WhatsApp, CampaignChannels.Telegram, CampaignChannels.Messenger, CampaignChannels.Instagram];

    [BindProperty(SupportsGet = true, Name = "q")] public string? Question { get; set; }
    [BindProperty(SupportsGet = true, Name = "channel")] public CampaignChannels Channel { get; set; } = CampaignChannels.Web;
    [BindProperty(SupportsGet = true, Name = "budget")] public int? Budget { get; set; }

    public int EffectiveBudget => Budget ?? options.Value.DefaultTokenBudget;
    public AssembledKnowledge? Result { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        Response.Htmx(h => h.WithVary());
        if (!Channels.Contains(Channel)) Channel = CampaignChannels.Web;
        if (Budget is < 100 or > 50_000) Error = "Choose a budget between 100 and 50,000 tokens.";
        else if (Question is { Length: > QuestionLength }) Error = $"Keep the question under {QuestionLength:N0} characters.";
        else if (!string.IsNullOrWhiteSpace(Question))
            Result = await assembler.AssembleAsync(current.Id, Channel, Question.Trim(), EffectiveBudget, ct);
        return Request.IsHtmx() && !Request.IsHtmxHistoryRestoreRequest() ? Partial("_AskResult", this) : Page();
    }
}
