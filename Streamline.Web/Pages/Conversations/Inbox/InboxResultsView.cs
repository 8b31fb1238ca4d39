using Streamline.Core.Conversations.Inbox;

namespace Streamline.Web.Pages.Conversations.Inbox;

/// <summary>
/// The list region: the page of rows and the links it needs. <paramref name="SelfUrl"/> is what the live refresh
/// fetches again, filters and page included; the admin list shows the workspace and links to its own pages.
/// </summary>
public sealed record InboxResultsView(
    InboxPage Page, string SelfUrl, Func<int, string> PageUrl, string ConversationBaseUrl, bool ShowWorkspace, bool Filtered,
    bool Live, string? Error);
