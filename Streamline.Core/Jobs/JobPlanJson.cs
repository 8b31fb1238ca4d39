using System.Globalization;
using System.Text.Json;

namespace Streamline.Core.Jobs;

/// <summary>
/// The JSON a model must answer Plan with AI with, and its strict reading: anything that is not exactly
/// {"milestones":[{"title","deliverables","dueDate"}]} is refused as a whole, so a half-understood answer never
/// becomes a half-right plan.
/// </summary>
public static class JobPlanJson
{
    public const string SchemaName = "job_plan";

    public static readonly JsonElement Schema = JsonDocument.Parse("""
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["milestones"],
          "properties": {
            "milestones": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["title", "deliverables", "dueDate"],
                "properties": {
                  "title": { "type": "string", "description": "Short milestone name, at most 100 characters." },
                  "deliverables": { "type": "array", "items": { "type": "string" }, "description": "Concrete results of the milestone." },
                  "dueDate": { "type": ["string", "null"], "description": "yyyy-MM-dd, between the project's start and due dates." }
                }
              }
            }
          }
        }
        """).RootElement.Clone();

    /// <summary>The milestones, or why the answer cannot be used (<paramref name="error"/>).</summary>
    public static List<Milestone>? Parse(string? text, out string? error)
    {
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(WithoutFence(text ?? ""));
        }
        catch (JsonException)
        {
            error = "The AI's answer was not valid JSON.";
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("milestones", out var list) || list.ValueKind != JsonValueKind.Array)
                return Fail("the answer has no \"milestones\" list", out error);
            if (list.GetArrayLength() is 0 or > JobLimits.Milestones)
                return Fail($"it proposed {list.GetArrayLength()} milestones (1 to {JobLimits.Milestones} are allowed)", out error);
            var plan = new List<Milestone>();
            foreach (var item in list.EnumerateArray())
            {
                var number = plan.Count + 1;
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String
                    || title.GetString()!.Trim() is not { Length: > 0 } name)
                    return Fail($"milestone {number} has no title", out error);
                if (!item.TryGetProperty("deliverables", out var deliverables) || deliverables.ValueKind != JsonValueKind.Array
                    || deliverables.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.String))
                    return Fail($"milestone {number} has no list of deliverables", out error);
                DateOnly? due = null;
                if (item.TryGetProperty("dueDate", out var date) && date.ValueKind != JsonValueKind.Null)
                {
                    if (date.ValueKind != JsonValueKind.String
                        || !DateOnly.TryParseExact(date.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                        return Fail($"milestone {number} has a due date that is not yyyy-MM-dd", out error);
                    due = parsed;
                }
                plan.Add(new Milestone
                {
                    Title = Clip(name),
                    Deliverables = [.. deliverables.EnumerateArray().Select(d => d.GetString()!.Trim()).Where(d => d.Length > 0)
                        .Take(JobLimits.ListItems).Select(Clip)],
                    DueDate = due,
                });
            }
            return plan;
        }
    }

    private static List<Milestone>? Fail(string why, out string error)
    {
        error = $"The AI's plan could not be used: {why}.";
        return null;
    }

    /// <summary>Some local models wrap JSON in a Markdown code fence even when asked not to.</summary>
    private static string WithoutFence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal) || !trimmed.EndsWith("```", StringComparison.Ordinal) || trimmed.Length < 6) return trimmed;
        var firstLine = trimmed.IndexOf('\n');
        return firstLine < 0 ? trimmed : trimmed[(firstLine + 1)..^3].Trim();
    }

    private static string Clip(string text) => text.Length <= JobLimits.Name ? text : text[..(JobLimits.Name - 1)] + "…";
}
