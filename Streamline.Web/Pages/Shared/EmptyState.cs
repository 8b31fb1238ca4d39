namespace Streamline.Web.Pages.Shared;

public sealed record EmptyState(string Icon, string Title, string Text);
