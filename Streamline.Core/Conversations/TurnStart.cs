using Streamline.Core.Knowledge;

namespace Streamline.Core.Conversations;

/// <summary>
/// What an AI turn starts from: the conversation (untracked, as stored with the visitor's message: the reply is saved
/// against this copy's version), its contact, whether it has a proposal yet, the end of its history up to the visitor's
/// message (the last <see cref="Window"/> messages: all the prompt shows, so a long conversation costs a turn no more than
/// a short one) and how many messages the visitor has written in all.
/// <paramref name="Postings"/> are the message's knowledge postings when they were read with the rest (the one round trip
/// that stores the message on PostgreSQL reads all of this too); null when the search still has to read them.
/// <paramref name="HeldAhead"/> is the credits hold placed in that same round trip, when one was planned and could be placed.
/// </summary>
public sealed record TurnStart(Conversation Conversation, Contact Contact, bool HasProposal, List<ChatMessage> History, int VisitorMessages,
    IReadOnlyList<Posting>? Postings, HoldAhead? HeldAhead)
{
    public const int Window = Sales.SalesPrompt.HistoryMessages;
}
