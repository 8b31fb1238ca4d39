namespace Streamline.Core.Campaigns;

/// <summary>An objection → answer row as typed; a row with one half filled is a mistake, a row with neither is ignored.</summary>
public sealed class ObjectionRow
{
    public string? Objection { get; set; }
    public string? Answer { get; set; }
}

/// <summary>Step 3: how the conversation goes, from greeting to the call to action.</summary>
public sealed class ChatFlowStep : ICampaignStep
{
    public string? Greeting { get; set; }
    public List<string?> QualificationQuestions { get; set; } = [];
    public List<ObjectionRow> Objections { get; set; } = [];
    public string? ClosingMessage { get; set; }
    public string? CallToActionUrl { get; set; }

    public static ChatFlowStep From(Campaign c) => new()
    {
        Greeting = c.Greeting,
        QualificationQuestions = [.. c.QualificationQuestions],
        Objections = [.. c.Objections.Select(o => new ObjectionRow { Objection = o.Objection, Answer = o.Answer })],
        ClosingMessage = c.ClosingMessage,
        CallToActionUrl = c.CallToActionUrl,
    };

    public IReadOnlyList<CampaignFieldError> Validate()
    {
        var errors = new StepErrors();
        errors.Length(nameof(Greeting), Greeting, CampaignLimits.Message);
        errors.List(nameof(QualificationQuestions), QualificationQuestions, "qualification questions");
        for (var i = 0; i < Objections.Count; i++)
        {
            var (objection, answer) = (StepErrors.Clean(Objections[i].Objection), StepErrors.Clean(Objections[i].Answer));
            var field = $"{nameof(Objections)}[{i}]";
            if (objection is null && answer is not null) errors.Add($"{field}.{nameof(ObjectionRow.Objection)}", "Say which objection this answers.");
            if (objection is not null && answer is null) errors.Add($"{field}.{nameof(ObjectionRow.Answer)}", "Give the answer the AI should use.");
            errors.Length($"{field}.{nameof(ObjectionRow.Objection)}", objection, CampaignLimits.ListItem);
            errors.Length($"{field}.{nameof(ObjectionRow.Answer)}", answer, CampaignLimits.Message);
        }
        if (FilledObjections().Count() > CampaignLimits.ListItems)
            errors.Add(nameof(Objections), $"At most {CampaignLimits.ListItems} objections.");
        errors.Length(nameof(ClosingMessage), ClosingMessage, CampaignLimits.Message);
        errors.Length(nameof(CallToActionUrl), CallToActionUrl, CampaignLimits.Url);
        if (StepErrors.Clean(CallToActionUrl) is { } url && !IsWebAddress(url))
            errors.Add(nameof(CallToActionUrl), "Enter a full web address starting with https:// or http://, e.g. https://example.com/buy.");
        return errors;
    }

    public void ApplyTo(Campaign campaign)
    {
        campaign.Greeting = StepErrors.Clean(Greeting);
        campaign.QualificationQuestions = StepErrors.CleanList(QualificationQuestions);
        campaign.Objections = [.. FilledObjections().Select(o => new ObjectionAnswer { Objection = o.Objection, Answer = o.Answer })];
        campaign.ClosingMessage = StepErrors.Clean(ClosingMessage);
        campaign.CallToActionUrl = StepErrors.Clean(CallToActionUrl);
    }

    /// <summary>An absolute http(s) address with a host: what a visitor's browser can open from a chat message.</summary>
    public static bool IsWebAddress(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0;

    private IEnumerable<(string Objection, string Answer)> FilledObjections() =>
        Objections.Select(o => (Objection: StepErrors.Clean(o.Objection), Answer: StepErrors.Clean(o.Answer)))
            .Where(o => o.Objection is not null && o.Answer is not null)
            .Select(o => (o.Objection!, o.Answer!));
}
