using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Assistant;
using Streamline.Core.Workspaces;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Assistant;

/// <summary>The question box: <see cref="RequestId"/> is new with every render, so a question sent twice is charged once.</summary>
public sealed record AskForm(Guid RequestId, long EstimateMillicredits, string? Question = null, bool Oob = false);

/// <summary>
/// Leo's chat. The exchanges of a visit live only on the page (each answer is appended to it): nothing is stored, so there
/// is no history to scope or delete.
/// </summary>
[KnownHandlersOnly]
public class IndexModel(Leo leo, CurrentWorkspace current) : PageModel
{
    public AskForm Form { get; private set; } = null!;
    public AssistantAnswer? Answer { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        Form = new AskForm(Guid.NewGuid(), await leo.EstimateAsync(ct));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? question, Guid requestId, CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        if (requestId == Guid.Empty) requestId = Guid.NewGuid();
        Answer = await leo.AskAsync(current.Id, question, requestId, ct);
        var estimate = await leo.EstimateAsync(ct);
        // Invalid input keeps the question and its id (nothing was charged); anything else gets a fresh form.
        Form = Answer.Outcome == AnswerOutcome.Invalid
            ? new AskForm(requestId, estimate, question)
            : new AskForm(Guid.NewGuid(), estimate);
        if (!Request.IsHtmx()) return Page();
        return Partial("_Exchange", new ExchangeView(Answer, Form with { Oob = true }));
    }
}

public sealed record ExchangeView(AssistantAnswer Answer, AskForm? Form = null);
