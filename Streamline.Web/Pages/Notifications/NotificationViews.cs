using Streamline.Core.Notifications;

namespace Streamline.Web.Pages.Notifications;

/// <summary>The bell in the top bar: how many notices of this member's here are unread.</summary>
public sealed record BellView(int Unread)
{
    public string Label => Unread switch
    {
        0 => "Notifications, none unread",
        1 => "Notifications, 1 unread",
        _ => $"Notifications, {Unread} unread",
    };

    /// <summary>What the badge shows; a long backlog reads the same as a large one.</summary>
    public string Badge => Unread > 99 ? "99+" : Unread.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record NotificationRowView(Notification Notice, DateTime Now);
