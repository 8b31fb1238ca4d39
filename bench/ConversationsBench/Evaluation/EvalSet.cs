using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streamline.Bench.Conversations;

/// <summary>A business as the evaluation sets it up: profile, active web campaigns and document passages.</summary>
public sealed record EvalWorkspace(
    string Key, string Name, string? Phone, string? Description,
    List<EvalCampaign> Campaigns, List<string>? Passages = null);

public sealed record EvalCampaign(
    string Name, string Product, string Description, decimal Price, string Currency,
    List<string> Features, string Greeting, List<string> Questions, List<EvalObjection> Objections, string Closing);

public sealed record EvalObjection(string Objection, string Answer);

/// <summary>What a stored contact should hold at the end; an absent field must stay empty.</summary>
public sealed record EvalContact(
    string? Name = null, string? Email = null, string? Phone = null, string? Company = null,
    [property: JsonPropertyName("team_size")] int? TeamSize = null, decimal? Budget = null);

/// <summary>
/// One scripted visitor. <see cref="Needs"/>, when given, are words each stored pain point must contain one of
/// (an empty list: nothing may be stored as a need); <see cref="Fit"/> are the acceptable products when the
/// visitor asks for one; <see cref="Answers"/> are strings some reply must contain (a question answered).
/// </summary>
public sealed record EvalConversation(
    string Id, string Workspace, string Lang, List<string> Turns,
    EvalContact? Contact = null, List<string>? Needs = null, bool Handoff = false,
    List<string>? Fit = null, List<string>? Forbidden = null, List<string>? Answers = null);

public sealed record EvalSet(List<EvalWorkspace> Workspaces, List<EvalConversation> Conversations)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>workspaces.json and every other *.json of the folder (conversations, in file-name order).</summary>
    public static EvalSet Load(string folder)
    {
        var workspaces = JsonSerializer.Deserialize<List<EvalWorkspace>>(File.ReadAllText(Path.Combine(folder, "workspaces.json")), Json)!;
        var conversations = Directory.GetFiles(folder, "*.json").Where(f => Path.GetFileName(f) != "workspaces.json").Order(StringComparer.Ordinal)
            .SelectMany(f => JsonSerializer.Deserialize<List<EvalConversation>>(File.ReadAllText(f), Json)!).ToList();
        var unknown = conversations.Where(c => workspaces.All(w => w.Key != c.Workspace)).Select(c => c.Id).ToList();
        if (unknown.Count > 0) throw new InvalidDataException("conversations on an unknown workspace: " + string.Join(", ", unknown));
        var twice = conversations.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0) throw new InvalidDataException("conversation ids used twice: " + string.Join(", ", twice));
        return new EvalSet(workspaces, conversations);
    }

    /// <summary>The set in the repository, found from the working directory or the running assembly upwards.</summary>
    public static string FindFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "bench", "conversations")))
                    return Path.Combine(dir.FullName, "bench", "conversations");
        throw new DirectoryNotFoundException("bench/conversations not found above " + Directory.GetCurrentDirectory());
    }
}
