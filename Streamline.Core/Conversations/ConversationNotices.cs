using Streamline.Core.Data;
using Streamline.Core.Hosting;
using Streamline.Core.Notifications;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Conversations;

/// <summary>
/// The owners' notices about conversations: a lead that became qualified, a visitor waiting for a person; each owner
/// is e-mailed unless they turned that kind off.
/// </summary>
public sealed class ConversationNotices(StreamlineDbContext db, Notifier notifier, PublicUrl links)
{
    public Task QualifiedLeadAsync(Conversation conversation, Contact contact, LeadAssessment lead) =>
        SendAsync(conversation, NotificationKind.QualifiedLead, "qualified-lead", new()
        {
            ["Lead"] = Describe(contact),
            ["Score"] = lead.Score.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Reasons"] = string.Join(", ", lead.Reasons),
        });

    public Task HandoffAsync(Conversation conversation, Contact contact, HandoffReason reason) =>
        SendAsync(conversation, NotificationKind.Handoff, "conversation-handoff", new() { ["Lead"] = Describe(contact), ["Reason"] = Label(reason) });

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

    private async Task SendAsync(Conversation conversation, NotificationKind kind, string template, Dictionary<string, string> values)
    {
        var name = db.Workspaces.Where(w => w.Id == conversation.WorkspaceId).Select(w => w.Name).Single();
        values["Workspace"] = name;
        values["ConversationUrl"] = links.Link($"/inbox/{conversation.Id}");
        var owners = await db.OwnerEmailsAsync(conversation.WorkspaceId, CancellationToken.None);
        await notifier.SendAsync(conversation.WorkspaceId, kind, owners, template, values, $"/inbox/{conversation.Id}", CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
