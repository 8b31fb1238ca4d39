namespace Streamline.Core.Conversations.Inbox;

/// <summary>A member of the current workspace working the inbox; the name is what the visitor sees when they join.</summary>
public sealed record InboxActor(Guid UserId, string Name);

public enum InboxError { None, NotFound, HeldByOther, NotHeld, Closed, Invalid }

/// <summary>What an inbox action did: success, or why not in words the person can act on.</summary>
public sealed record InboxResult(InboxError Error, string? Message = null)
{
    public bool Succeeded => Error == InboxError.None;
    public static readonly InboxResult Ok = new(InboxError.None);
    public static readonly InboxResult NotFound = new(InboxError.NotFound);
}
