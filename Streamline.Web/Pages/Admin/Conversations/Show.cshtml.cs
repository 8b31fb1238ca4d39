using Streamline.Core.Conversations.Inbox;
using Streamline.Web.Pages.Conversations.Inbox;

namespace Streamline.Web.Pages.Admin.Conversations;

/// <summary>
/// Any workspace's conversation, read-only and live. Admins do not take over or reply: a message to a business's
/// lead should come from that business; an admin who belongs to the workspace answers from its inbox. Nor does an
/// admin's look mark the conversation read for the workspace.
/// </summary>
public class ShowModel(ConversationDetails details, ConversationInbox inbox) : ConversationPageModel(details, inbox)
{
    protected override bool AsAdmin => true;
    protected override string BaseUrlFor(Guid id) => $"/admin/conversations/{id}";
}
