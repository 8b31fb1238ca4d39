using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Campaigns;

namespace Streamline.Web.Pages.Campaigns;

/// <summary>
/// What the new-campaign and edit pages share: the steps' inputs as posted, their messages in
/// ModelState, and answering with the _Editor region for htmx or the whole page otherwise.
/// </summary>
public abstract class CampaignFormPage : PageModel
{
    [BindProperty] public ProductStep Product { get; set; } = new();
    [BindProperty] public ChannelsStep Channels { get; set; } = new();
    [BindProperty] public ChatFlowStep ChatFlow { get; set; } = new();
    [BindProperty] public AudienceStep Audience { get; set; } = new();
    /// <summary>The campaign's version when the form was loaded.</summary>
    [BindProperty] public int Version { get; set; }

    public CampaignEditorView View { get; private set; } = new();

    protected ICampaignStep Input(EditorStep step) => step switch
    {
        EditorStep.Product => Product,
        EditorStep.Channels => Channels,
        EditorStep.ChatFlow => ChatFlow,
        _ => Audience,
    };

    /// <summary>
    /// True when the binder could not read a field (every step field is text; only the version and the
    /// "all channels" choice are typed), with a message for the whole form.
    /// </summary>
    protected bool Unreadable()
    {
        if (ModelState.IsValid) return false;
        ModelState.AddModelError("", "Part of the form could not be read. Check it and try again.");
        return true;
    }

    /// <summary>Core names fields within a step ("Features[2]"); the form names them with the step's prefix.</summary>
    protected void AddErrors(EditorStep step, IEnumerable<CampaignFieldError> errors)
    {
        foreach (var e in errors)
            ModelState.AddModelError(e.Field == "" ? "" : $"{step}.{e.Field}", e.Message);
    }

    /// <summary>The form as the person typed it, at <paramref name="step"/> of <paramref name="campaign"/> (null while new).</summary>
    protected CampaignEditorView AsTyped(Campaign? campaign, EditorStep step, bool stale = false, string? focus = null) => new()
    {
        Id = campaign?.Id,
        Version = Version,
        Name = campaign?.Name ?? "",
        Status = campaign?.Status ?? CampaignStatus.Draft,
        Step = step,
        Product = Product,
        Channels = Channels,
        ChatFlow = ChatFlow,
        Audience = Audience,
        Saved = campaign,
        IsStale = stale,
        Focus = focus,
    };

    protected IActionResult Render(CampaignEditorView view)
    {
        View = view;
        // One URL answers with the whole page or, for htmx, the editor region: caches must keep both apart.
        Response.Htmx(h => h.WithVary());
        return Request.IsHtmx() && !Request.IsHtmxHistoryRestoreRequest() ? Partial("_Editor", view) : Page();
    }

    /// <summary>After a successful save: on to the step the button asked for, or back to the campaign's page.</summary>
    protected IActionResult Continue(Campaign saved, EditorStep current, string? go)
    {
        ModelState.Clear();
        if (go == EditorSteps.Done)
        {
            TempData[ShowModel.FlashKey] = saved.Status == CampaignStatus.Draft ? "Saved as a draft." : "Changes saved.";
            return GoTo($"/campaigns/{saved.Id}");
        }
        var target = EditorSteps.Target(current, go);
        var url = CampaignEditorView.StepUrl(saved.Id, target);
        if (!Request.IsHtmx()) return Redirect(url);
        Response.Htmx(h => h.PushUrl(url).Reswap("outerHTML show:window:top"));
        return Render(CampaignEditorView.Of(saved, target));
    }

    /// <summary>A list button: changes the typed lists and shows the form again, saving nothing.</summary>
    protected IActionResult Rows(Campaign? campaign, EditorStep step, string? row)
    {
        if (RowCommand.Parse(row) is not { } command || RowCommand.StepOf(command.List) != step) return BadRequest();
        var focus = command.ApplyTo(Product, ChatFlow, Audience);
        // Rows moved or removed: the inputs must show the changed lists, not the values posted at those indexes.
        ModelState.Clear();
        return Render(AsTyped(campaign, step, focus: focus));
    }

    /// <summary>A full page load for a plain form, HX-Redirect for htmx (a 302 would be followed and swapped into the form).</summary>
    protected IActionResult GoTo(string url)
    {
        if (!Request.IsHtmx()) return Redirect(url);
        Response.Htmx(h => h.Redirect(url));
        return new OkResult();
    }
}
