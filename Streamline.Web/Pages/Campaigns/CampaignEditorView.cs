using Streamline.Core.Campaigns;

namespace Streamline.Web.Pages.Campaigns;

/// <summary>
/// Everything the form partial (_Editor) shows: which step, the step's input (as saved, or as typed
/// when it comes back with messages) and the version the form was loaded from.
/// </summary>
public sealed class CampaignEditorView
{
    /// <summary>Null until the first step is saved: the campaign does not exist yet.</summary>
    public Guid? Id { get; init; }
    public int Version { get; init; }
    public string Name { get; init; } = "";
    public CampaignStatus Status { get; init; } = CampaignStatus.Draft;
    public EditorStep Step { get; init; }

    public ProductStep Product { get; init; } = new();
    public ChannelsStep Channels { get; init; } = new();
    public ChatFlowStep ChatFlow { get; init; } = new();
    public AudienceStep Audience { get; init; } = new();

    /// <summary>The saved campaign, for the review step.</summary>
    public Campaign? Saved { get; init; }

    /// <summary>Set when a save was refused because someone else saved first.</summary>
    public bool IsStale { get; init; }

    /// <summary>The input to focus after a row was added ("Product.Features[3]").</summary>
    public string? Focus { get; init; }

    public bool IsNew => Id is null;
    public int Number => (int)Step + 1;

    public string ActionUrl => Id is { } id ? StepUrl(id, Step) : "/campaigns/new";
    public string RowsUrl => ActionUrl + "?handler=Rows";
    public string ActivateUrl => ActionUrl + "?handler=Activate";

    public static string StepUrl(Guid id, EditorStep step) => $"/campaigns/{id}/edit/{EditorSteps.Slug(step)}";

    /// <summary>The saved campaign at <paramref name="step"/>, every step's input read from it.</summary>
    public static CampaignEditorView Of(Campaign c, EditorStep step) => new()
    {
        Id = c.Id,
        Version = c.Version,
        Name = c.Name,
        Status = c.Status,
        Step = step,
        Product = ProductStep.From(c),
        Channels = ChannelsStep.From(c),
        ChatFlow = ChatFlowStep.From(c),
        Audience = AudienceStep.From(c),
        Saved = c,
    };
}
