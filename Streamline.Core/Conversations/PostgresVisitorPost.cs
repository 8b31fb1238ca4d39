using Npgsql;
using NpgsqlTypes;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations;

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
/// judged on the row as it is at that moment; a converted lead who writes again is active again; the version is bumped
/// as by every append, so an AI reply saved against an older copy is re-checked.</item>
/// </list>
/// </para>
/// </summary>
internal static class PostgresVisitorPost
{
    //   $1 conversation  $2 message id  $3 now  $4 text  $5 claim the reply  $6 the claim's lease
    private const string Sql = $$"""
        WITH bumped AS (
            UPDATE "Conversations"
            SET "MessageCount" = "MessageCount" + 1, "Version" = "Version" + 1,
                -- Never backwards: a message that waited for the row lock may carry an earlier time than the one before it.
                "LastMessageAt" = GREATEST("LastMessageAt", $3), "LastVisitorMessageAt" = GREATEST("LastVisitorMessageAt", $3),
                "Status" = CASE WHEN "Status" = '{{nameof(ConversationStatus.Converted)}}' THEN '{{nameof(ConversationStatus.Active)}}' ELSE "Status" END
            WHERE "Id" = $1 AND "Status" <> '{{nameof(ConversationStatus.Closed)}}'
            RETURNING "WorkspaceId", "MessageCount", "Version", "Status",
                "Status" IN ('{{nameof(ConversationStatus.AwaitingHuman)}}', '{{nameof(ConversationStatus.Human)}}') AS "AiLocked"
        ), stored AS (
            INSERT INTO "ChatMessages" ("Id", "WorkspaceId", "ConversationId", "Sequence", "Sender", "Text", "Attachments", "ReplyState",
                "ReplyAttempts", "ReplyLeaseUntil", "InputTokens", "OutputTokens", "CostMillicredits", "CreatedAt")
            SELECT $2, b."WorkspaceId", $1, b."MessageCount", '{{nameof(MessageSender.Visitor)}}', $4, '[]',
                CASE WHEN b."AiLocked" THEN '{{nameof(ReplyState.None)}}' ELSE '{{nameof(ReplyState.Awaiting)}}' END,
                CASE WHEN $5 AND NOT b."AiLocked" THEN 1 ELSE 0 END,
                CASE WHEN $5 AND NOT b."AiLocked" THEN $6 END,
                0, 0, 0, $3
            FROM bumped AS b
            RETURNING "WorkspaceId", "Sequence", "ReplyState", "ReplyAttempts", "ReplyLeaseUntil"
        )
        SELECT s."WorkspaceId", s."Sequence", s."ReplyState", s."ReplyAttempts", s."ReplyLeaseUntil", b."Version", b."Status"
        FROM stored AS s CROSS JOIN bumped AS b
        """;

    /// <summary>Stores <paramref name="message"/> (its id, text and time set) and fills in the rest; false when the conversation is closed or gone.</summary>
    public static Task<bool> TryAsync(StreamlineDbContext db, Guid conversationId, ChatMessage message, bool claimReply,
        DateTime leaseUntil, Conversation? asRead, CancellationToken ct) =>
        PostgresCommand.RunAsync(db, Sql,
            [
                new NpgsqlParameter<Guid> { TypedValue = conversationId },
                new NpgsqlParameter<Guid> { TypedValue = message.Id },
                new NpgsqlParameter<DateTime> { TypedValue = message.CreatedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<string> { TypedValue = message.Text },
                new NpgsqlParameter<bool> { TypedValue = claimReply },
                new NpgsqlParameter<DateTime> { TypedValue = leaseUntil, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            ],
            async (command, token) =>
            {
                await using var reader = await command.ExecuteReaderAsync(token);
                if (!await reader.ReadAsync(token)) return false;
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
            }, ct);
}
