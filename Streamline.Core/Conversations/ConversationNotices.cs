using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Hosting;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Conversations;

/// <summary>The owners' e-mails about conversations: a lead that became qualified, a visitor waiting for a person.</summary>
public sealed class ConversationNotices(StreamlineDbContext db, EmailOutbox outbox, PublicUrl links)
{
    public Task QualifiedLeadAsync(Conversation conversation, Contact contact, LeadAssessment lead) =>
        SendAsync(conversation, "qualified-lead", new()
        {
            ["Lead"] = Describe(contact),
            ["Score"] = lead.Score.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Reasons"] = string.Join(", ", lead.Reasons),
        });

    public Task HandoffAsync(Conversation conversation, Contact contact, HandoffReason reason) =>
        SendAsync(conversation, "conversation-handoff", new() { ["Lead"] = Describe(contact), ["Reason"] = Label(reason) });

    public static string Label(HandoffReason reason) => reason switch
    {
        HandoffReason.VisitorAsked => "the visitor asked for a person",
        HandoffReason.ComplexQuestion => "a question the AI could not answer",
        HandoffReason.Complaint => "a complaint",
        HandoffReason.PricingNegotiation => "the visitor wants to negotiate",
        _ => "the AI could not answer",
    };

    public static string Describe(Contact contact) =>
        string.Join(", ", new[] { contact.Name, contact.Email, contact.Phone, contact.Company }.OfType<string>()) is { Length: > 0 } known
            ? known : "an anonymous visitor";

    private async Task SendAsync(Conversation conversation, string template, Dictionary<string, string> values)
    {
        var name = db.Workspaces.Where(w => w.Id == conversation.WorkspaceId).Select(w => w.Name).Single();
        values["Workspace"] = name;
        values["ConversationUrl"] = links.Link($"/inbox/{conversation.Id}");
        foreach (var to in await db.OwnerEmailsAsync(conversation.WorkspaceId, CancellationToken.None))
            outbox.Queue(to, template, values);
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
