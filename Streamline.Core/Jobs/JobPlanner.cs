using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Knowledge;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Streamline.Core.Jobs;

/// <summary>
/// A drafted plan for the admin to review: nothing is saved until they press Save, which goes through the planning
/// section's usual save with its version check. <see cref="Model"/> names the model that wrote it; null for the
/// built-in template.
/// </summary>
public sealed record PlanDraft(JobResult Result, IReadOnlyList<Milestone> Milestones, string? Model = null)
{
    public static PlanDraft Refused(JobResult result) => new(result, []);
}

/// <summary>
/// Plan with AI: drafts milestones and deliverables from a job's project details. Online it asks the configured
/// chat model for JSON in a fixed schema and reads it strictly; offline (no <see cref="IChatClient"/> registered)
/// it uses <see cref="JobPlanTemplate"/>.
/// </summary>
public sealed class JobPlanner(StreamlineDbContext db, IServiceProvider services, AiMeter meter, TokenCounter tokens, TimeProvider clock)
{
    public const string Unreachable = "The AI could not be reached just now, so no plan was drafted and nothing was saved. Try again in a minute.";

    public async Task<PlanDraft> DraftAsync(Guid jobId, JobActor actor, CancellationToken ct)
    {
        if (!actor.IsAdmin) return PlanDraft.Refused(JobResult.NotAllowed);
        var job = await db.Jobs.VisibleTo(actor).AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return PlanDraft.Refused(JobResult.NotFound);
        if (string.IsNullOrWhiteSpace(job.Requirements) && string.IsNullOrWhiteSpace(job.Goals))
            return PlanDraft.Refused(JobResult.Invalid("Fill in the goals or requirements under Project details first: the plan is drafted from them."));

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (services.GetService<IChatClient>() is not { } chat)
            return JobPlanTemplate.Draft(job, today) is { } drafted
                ? new PlanDraft(JobResult.Ok, drafted)
                // Only headings ("Video details:") and blank lines: nothing a milestone could be made of.
                : PlanDraft.Refused(JobResult.Invalid(
                    "The goals and requirements hold only headings. Write each deliverable on a line of its own, then try again."));

        // Metered like every AI call: the job's workspace pays (the house pays nothing), held before, captured after.
        var prompt = Prompt(job, today);
        var promptTokens = prompt.Sum(m => tokens.Count(m.Text));
        var hold = await meter.HoldAsync(job.WorkspaceId, AiTask.Planning, promptTokens, promptTokens + 200, MaxOutputTokens,
            "Plan with AI", $"plan:{job.Id}:{Guid.NewGuid():N}", ct);
        if (!hold.MayCall)
            return PlanDraft.Refused(JobResult.Invalid(hold.Outcome == HoldOutcome.Paused
                ? "This workspace's credit use is paused, so no plan was drafted."
                : "This workspace has no credits left for AI planning. Add credits, then try again."));
        var model = hold.Model;
        ChatResponse response;
        try
        {
            // The client for the model the catalog picked (an SDK client is bound to one model).
            var client = services.GetService<Ai.ChatClients>()?.For(model.Name) ?? chat;
            response = await client.GetResponseAsync(prompt, Options(model), CancellationToken.None);
        }
        catch (Exception)
        {
            await meter.ReleaseAsync(hold, CancellationToken.None);
            return PlanDraft.Refused(JobResult.Invalid(Unreachable));
        }
        await meter.SettleAsync(hold, (int)(response.Usage?.InputTokenCount ?? promptTokens),
            (int)(response.Usage?.OutputTokenCount ?? tokens.Count(response.Text)), CancellationToken.None);

        var plan = JobPlanJson.Parse(response.Text, out var error);
        return plan is null
            ? PlanDraft.Refused(JobResult.Invalid(error + " Nothing was saved: try again, or plan by hand."))
            : new PlanDraft(JobResult.Ok, plan, model.Name);
    }

    /// <summary>A plan is a page of JSON at most; the hold is sized from it.</summary>
    private const int MaxOutputTokens = 2000;

    private static ChatOptions Options(PricedModel model) => new()
    {
        ModelId = model.Name,
        MaxOutputTokens = MaxOutputTokens,
        Temperature = 0.2f,
        ResponseFormat = ChatResponseFormat.ForJsonSchema(JobPlanJson.Schema, JobPlanJson.SchemaName, "Milestones with deliverables for a client project."),
    };

    private static List<ChatMessage> Prompt(Job job, DateOnly today)
    {
        var details = new StringBuilder();
        details.AppendLine($"Project: {job.Title}");
        if (job.Company is { } company) details.AppendLine($"Client: {company}");
        details.AppendLine($"Start date: {(job.StartDate ?? today):yyyy-MM-dd}");
        details.AppendLine($"Due date: {(job.DueDate is { } due ? due.ToString("yyyy-MM-dd") : "not set")}");
        details.AppendLine().AppendLine("Goals:").AppendLine(job.Goals ?? "(none given)");
        details.AppendLine().AppendLine("Requirements:").AppendLine(job.Requirements ?? "(none given)");
        details.AppendLine().AppendLine("Timeline notes:").AppendLine(job.TimelineNotes ?? "(none given)");
        return
        [
            new(ChatRole.System,
                "You plan client projects for a digital agency. Draft the project's milestones in order, from kick-off to launch, " +
                "each with a few concrete deliverables and a due date between the start and due dates (yyyy-MM-dd, or null when " +
                $"there is no due date). Plan only what the details ask for; never mention prices. At most {JobLimits.Milestones} " +
                "milestones, titles under 100 characters. Answer with JSON only, exactly in the given schema."),
            new(ChatRole.User, details.ToString()),
        ];
    }
}
