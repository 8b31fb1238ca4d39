using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;
using Streamline.Core.Credits;
using Streamline.Core.Credits.LedgerWriting;
using Streamline.Core.Data;
using Streamline.Core.Knowledge;

namespace Streamline.Core.Conversations.ChatPosting;

/// <summary>
/// A visitor's message (without files) on PostgreSQL as one statement in autocommit: the conversation's UPDATE, which
/// takes the next number and refuses a closed conversation, feeds the message's INSERT. One round trip on the way to
/// every reply's first word instead of a read-checked save and its COMMIT. Messages with files, SQLite and SQL Server
/// take <see cref="ConversationLog.AppendAsync(Guid, ChatMessage, Func{Conversation, bool}?, Action{Conversation}?, CancellationToken, Conversation?)"/>.
/// <para>
/// Why it keeps every guarantee of that path:
/// <list type="bullet">
/// <item>One statement is one transaction: the message and the conversation's count commit together or not at all.</item>
/// <item>The UPDATE takes the conversation's row lock and re-reads the row if a concurrent writer committed first (READ
/// COMMITTED), so concurrent messages get consecutive numbers and one that arrives after a close is refused; the
/// unique (conversation, number) index stays the backstop.</item>
/// <item>The message awaits the AI unless a human is asked for or has the conversation (<see cref="Conversation.AiLocked"/>),
/// judged on the row as it is at that moment: C# gives the message's reply state for either case
/// (<see cref="VisitorPost.ReplyOnArrival"/>) and the row picks one; a converted lead who writes again is active again; the
/// version is bumped as by every append, so an AI reply saved against an older copy is re-checked.</item>
/// </list>
/// </para>
/// </summary>
internal static class PostgresVisitorPost
{
    //   $1 conversation  $2 message id  $3 now  $4 text  $5 $6 $7 the message's reply state, attempts and lease when the AI may
    //   answer it, $8 $9 $10 the same when it may not (VisitorPost.ReplyOnArrival)
    //   $11 the statuses in which the AI stays silent (Conversation.AiLocked)  $12 the statuses that refuse a visitor's message
    //   (Conversation.TakesVisitorMessages)  $13 the statuses a visitor's message changes and $14 what each becomes, in the
    //   same order (Conversation.AfterVisitorMessage)
    private const string Sql = $"""
        WITH bumped AS (
            UPDATE "Conversations"
            SET "MessageCount" = "MessageCount" + 1, "Version" = "Version" + 1,
                -- Never backwards: a message that waited for the row lock may carry an earlier time than the one before it.
                "LastMessageAt" = GREATEST("LastMessageAt", $3), "LastVisitorMessageAt" = GREATEST("LastVisitorMessageAt", $3),
                "Status" = COALESCE($14[array_position($13, "Status")], "Status")
            WHERE "Id" = $1 AND NOT ("Status" = ANY($12))
            RETURNING "WorkspaceId", "MessageCount", "Version", "Status",
                "Status" = ANY($11) AS "AiLocked"
        ), stored AS (
            INSERT INTO "ChatMessages" ("Id", "WorkspaceId", "ConversationId", "Sequence", "Sender", "Text", "Attachments", "ReplyState",
                "ReplyAttempts", "ReplyLeaseUntil", "InputTokens", "OutputTokens", "CostMillicredits", "CreatedAt")
            SELECT $2, b."WorkspaceId", $1, b."MessageCount", '{nameof(MessageSender.Visitor)}', $4, '[]',
                CASE WHEN b."AiLocked" THEN $8 ELSE $5 END,
                CASE WHEN b."AiLocked" THEN $9 ELSE $6 END,
                CASE WHEN b."AiLocked" THEN $10 ELSE $7 END,
                0, 0, 0, $3
            FROM bumped AS b
            RETURNING "WorkspaceId", "Sequence", "ReplyState", "ReplyAttempts", "ReplyLeaseUntil"
        )
        SELECT s."WorkspaceId", s."Sequence", s."ReplyState", s."ReplyAttempts", s."ReplyLeaseUntil", b."Version", b."Status"
        FROM stored AS s CROSS JOIN bumped AS b
        """;

    /// <summary>Stores the post's message (its id, text and time set) and fills in the rest; false when the conversation is closed or gone.</summary>
    public static Task<bool> TryAsync(StreamlineDbContext db, VisitorPost post, CancellationToken ct) =>
        PostgresCommand.RunAsync(db, Sql, Parameters(post),
            async (command, token) =>
            {
                await using var reader = await command.ExecuteReaderAsync(token);
                return await ReadStoredAsync(reader, post.ConversationId, post.Message, post.AsRead, token);
            }, ct);

    /// <summary>
    /// The same with the reply claimed, and in the same round trip everything the AI turn starts from (<see cref="TurnStart"/>):
    /// the conversation as stored, its contact, whether it has a proposal, the end of the history up to the message, and the postings of
    /// <paramref name="terms"/> in the conversation's workspace. The statements run as one implicit transaction, so the reads
    /// see the message, and the conversation's row lock (taken by the store) keeps any other change out until they are done.
    /// The turn is null when nothing was stored or the message is not the AI's to answer (a person has the conversation).
    /// <para>
    /// <paramref name="holdAhead"/>, when given, is placed last, only for a message the AI is to answer, and with the credits'
    /// own statement (<see cref="PostgresSpend.HoldCommand"/>): the balance is checked in the same row update, so it cannot go
    /// below zero. When it cannot be placed (too little balance, a paused wallet, a first low-balance crossing) nothing of it
    /// is written and the turn holds as usual. <c>HeldFrom</c> is the wallet as a placed hold left it, for the credit service to
    /// judge the low-balance notice on.
    /// </para>
    /// </summary>
    public static Task<(bool Stored, TurnStart? Turn, WalletAfterWrite? HeldFrom)> TryWithTurnAsync(StreamlineDbContext db, VisitorPost post,
        IReadOnlyList<string> terms, CancellationToken ct)
    {
        var (conversationId, message, asRead, holdAhead) = (post.ConversationId, post.Message, post.AsRead, post.HoldAhead);
        var conversations = EntityRows<Conversation>.For(db);
        var contacts = EntityRows<Contact>.For(db);
        var messages = EntityRows<ChatMessage>.For(db);
        var sql = TurnSql.GetValue(db.Model, _ => new TurnStatements(conversations, contacts, messages));
        List<NpgsqlBatchCommand> commands =
        [
            Command(Sql, Parameters(post)),
            Command(sql.Turn, [new NpgsqlParameter<Guid> { TypedValue = conversationId }]),
            Command(sql.History, [new NpgsqlParameter<Guid> { TypedValue = conversationId }, new NpgsqlParameter<Guid> { TypedValue = message.Id }]),
        ];
        if (terms.Count > 0)
            commands.Add(Command(Postings,
                [new NpgsqlParameter<Guid> { TypedValue = conversationId }, new NpgsqlParameter<string[]> { TypedValue = [.. terms] }]));
        // Last, so the wallet's row lock is held for the shortest time before the batch commits.
        if (holdAhead is not null)
            commands.Add(PostgresSpend.HoldCommand(holdAhead.WorkspaceId, holdAhead.Amount, holdAhead.Purpose, HoldAhead.KeyFor(message.Id),
                new HeldReservation(holdAhead.ReservationId, holdAhead.At + AiMeter.HoldLifetime), holdAhead.At,
                HoldOnlyIfAwaiting, new NpgsqlParameter<Guid> { TypedValue = message.Id }));

        return PostgresCommand.RunBatchAsync(db, commands, async (batch, token) =>
        {
            await using var reader = await batch.ExecuteReaderAsync(token);
            if (!await ReadStoredAsync(reader, conversationId, message, asRead, token)) return (false, (TurnStart?)null, (WalletAfterWrite?)null);

            await reader.NextResultAsync(token);
            await reader.ReadAsync(token);
            var conversation = conversations.Read(reader);
            var contact = contacts.Read(reader, conversations.Count);
            var hasProposal = reader.GetBoolean(conversations.Count + contacts.Count);
            var visitorMessages = reader.GetInt32(conversations.Count + contacts.Count + 1);

            await reader.NextResultAsync(token);
            var history = new List<ChatMessage>();
            while (await reader.ReadAsync(token)) history.Add(messages.Read(reader));

            var postings = new List<Posting>();
            if (terms.Count > 0)
            {
                await reader.NextResultAsync(token);
                while (await reader.ReadAsync(token)) postings.Add(KnowledgeSearch.ReadPosting(reader));
            }
            var heldFrom = holdAhead is not null && await reader.NextResultAsync(token) ? await PostgresSpend.ReadWalletAsync(reader, token) : null;
            return (true, message.ReplyState == ReplyState.Awaiting
                ? new TurnStart(conversation, contact, hasProposal, history, visitorMessages, postings, heldFrom is not null ? holdAhead : null)
                : null, heldFrom);
        }, ct);
    }

    private static readonly string Postings = KnowledgeSearch.PostingsSql("""(SELECT "WorkspaceId" FROM "Conversations" WHERE "Id" = $1)""");

    private const string HoldOnlyIfAwaiting = $"""EXISTS (SELECT 1 FROM "ChatMessages" WHERE "Id" = $13 AND "ReplyState" = '{nameof(ReplyState.Awaiting)}')""";

    /// <summary>The turn's reads, written once per model (their column lists come from it).</summary>
    private static readonly ConditionalWeakTable<IModel, TurnStatements> TurnSql = new();

    private sealed class TurnStatements(EntityRows<Conversation> conversations, EntityRows<Contact> contacts, EntityRows<ChatMessage> messages)
    {
        //   $1 conversation
        public string Turn { get; } = $"""
            SELECT {conversations.Columns("c")}, {contacts.Columns("ct")},
                EXISTS (SELECT 1 FROM "Proposals" AS p WHERE p."ConversationId" = c."Id"),
                (SELECT count(*) FROM "ChatMessages" AS v WHERE v."ConversationId" = c."Id" AND v."Sender" = '{nameof(MessageSender.Visitor)}')::int
            FROM "Conversations" AS c JOIN "Contacts" AS ct ON ct."Id" = c."ContactId"
            WHERE c."Id" = $1
            """;

        //   $1 conversation  $2 the visitor's message. Numbers are consecutive, so the window is a range.
        public string History { get; } = $"""
            WITH posted AS (SELECT "Sequence" FROM "ChatMessages" WHERE "Id" = $2)
            SELECT {messages.Columns("m")} FROM "ChatMessages" AS m JOIN posted AS p
                ON m."Sequence" > p."Sequence" - {TurnStart.Window} AND m."Sequence" <= p."Sequence"
            WHERE m."ConversationId" = $1
            ORDER BY m."Sequence"
            """;
    }

    private static NpgsqlParameter[] Parameters(VisitorPost post)
    {
        var (open, locked) = (post.ReplyOnArrival(aiLocked: false), post.ReplyOnArrival(aiLocked: true));
        return
        [
            new NpgsqlParameter<Guid> { TypedValue = post.ConversationId },
            new NpgsqlParameter<Guid> { TypedValue = post.Message.Id },
            new NpgsqlParameter<DateTime> { TypedValue = post.Message.CreatedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new NpgsqlParameter<string> { TypedValue = post.Message.Text },
            .. ReplyParameters(open),
            .. ReplyParameters(locked),
            new NpgsqlParameter<string[]> { TypedValue = Conversation.AiLockedStatusNames },
            new NpgsqlParameter<string[]> { TypedValue = Conversation.RefusingVisitorStatusNames },
            new NpgsqlParameter<string[]> { TypedValue = Conversation.ChangedByVisitorStatusNames },
            new NpgsqlParameter<string[]> { TypedValue = Conversation.ChangedByVisitorToStatusNames },
        ];
    }

    private static NpgsqlParameter[] ReplyParameters((ReplyState State, int Attempts, DateTime? LeaseUntil) reply) =>
    [
        new NpgsqlParameter<string> { TypedValue = reply.State.ToString() },
        new NpgsqlParameter<int> { TypedValue = reply.Attempts },
        new NpgsqlParameter<DateTime?> { TypedValue = reply.LeaseUntil, NpgsqlDbType = NpgsqlDbType.TimestampTz },
    ];

    private static NpgsqlBatchCommand Command(string sql, NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static async Task<bool> ReadStoredAsync(DbDataReader reader, Guid conversationId, ChatMessage message, Conversation? asRead, CancellationToken ct)
    {
        if (!await reader.ReadAsync(ct)) return false;
        message.ConversationId = conversationId;
        message.WorkspaceId = reader.GetGuid(0);
        message.Sequence = reader.GetInt32(1);
        message.ReplyState = Enum.Parse<ReplyState>(reader.GetString(2));
        message.ReplyAttempts = reader.GetInt32(3);
        message.ReplyLeaseUntil = reader.IsDBNull(4) ? null : reader.GetDateTime(4);
        if (asRead is not null)
        {
            // The caller's copy changed as the append path would have changed it.
            asRead.MessageCount = message.Sequence;
            asRead.Version = reader.GetInt32(5);
            asRead.Status = Enum.Parse<ConversationStatus>(reader.GetString(6));
            asRead.LastMessageAt = message.CreatedAt;
            asRead.LastVisitorMessageAt = message.CreatedAt;
        }
        return true;
    }
}
