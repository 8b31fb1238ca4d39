using Npgsql;
using NpgsqlTypes;
using Streamline.Core.Data;

namespace Streamline.Core.Conversations.ChatPosting;

/// <summary>
/// <see cref="WasQualifiedAt"/>: the lead's qualified time on the locked row before this post. <see cref="ChargedFrom"/>: the
/// wallet as the capture that travelled with it left it, null when there was none or it was not captured.
/// </summary>
internal sealed record ReplyPostResult(ReplyPostOutcome Outcome, int MessageCount = 0, int Version = 0, DateTime? WasQualifiedAt = null,
    Credits.LedgerWriting.WalletAfterWrite? ChargedFrom = null);

/// <summary>
/// An AI turn's answer on PostgreSQL as one round trip: the conversation's UPDATE (the lead, the cost, a handoff, the next
/// numbers), the messages' INSERT fed by it with the outbound rows of a messaging channel, the visitor's message marked
/// answered and, last, the turn's credits captured from its hold, only when the answer was posted. Sent together they are
/// one implicit transaction: the answer, its outbound rows and its charge commit together or not at all. SQLite, SQL Server and a caller's own transaction take
/// <see cref="ConversationLog.AppendAsync(Guid, IReadOnlyList{ChatMessage}, Func{Conversation, bool}?, Action{Conversation}?, CancellationToken, ChatMessage?, Conversation?)"/>
/// and settle apart.
/// <para>
/// Why it keeps every guarantee of that path:
/// <list type="bullet">
/// <item>The conversation's row is locked and read as it is now (FOR UPDATE re-reads a row a concurrent writer changed), so
/// an answer is never posted once a person has the conversation, however late they took it (<see cref="Conversation.AiLocked"/>).</item>
/// <item>The numbers come from the locked row's count, so concurrent appends never share one; the version is bumped as by
/// every append, so a save made against an older copy is re-checked.</item>
/// <item>A message is answered once: the unique reply-to index fails a second answer, and with it the whole batch.</item>
/// <item>The lead becomes qualified once: the row as locked keeps its own time, and returns it so that C# judges whether this
/// post qualified it (<see cref="Conversation.QualifiedSince"/>).</item>
/// </list>
/// </para>
/// </summary>
internal static class PostgresReplyPost
{
    private const string ReplyToIndex = "IX_ChatMessages_ReplyToId";

    //   $1 conversation  $2 the visitor's message answered  $3 now  $4 cost  $5 lead score  $6 its reasons  $7 sentiment
    //   $8 campaign recommended  $9 handoff reason  $10 how many messages  $11..$18 the messages, one array per column
    //   $19 the statuses in which the AI stays silent (Conversation.AiLocked)  $20 since when the lead is qualified if it was not
    //   yet (Conversation.QualifiedSince)  $21 the status a handoff leaves (Conversation.HandedOff), null without one
    //   $22 channel and $23 customer of a messaging channel's outbound rows  $24..$28 those rows, one array per column (ChannelOutbound)
    private static readonly string Sql = $$"""
        WITH was AS (
            SELECT "Id", "QualifiedAt" FROM "Conversations"
            WHERE "Id" = $1 AND "Status" <> ALL($19)
            FOR UPDATE
        ), bumped AS (
            UPDATE "Conversations" AS c
            SET "MessageCount" = c."MessageCount" + $10, "Version" = c."Version" + 1,
                -- Never backwards: a visitor's message stored while this turn ran may carry a later time.
                "LastMessageAt" = GREATEST(c."LastMessageAt", $3),
                "AiCostMillicredits" = c."AiCostMillicredits" + $4,
                "LeadScore" = $5, "LeadScoreReasons" = $6, "Sentiment" = $7,
                "CampaignId" = COALESCE($8, c."CampaignId"),
                "Status" = COALESCE($21, c."Status"),
                "HandoffReason" = COALESCE($9, c."HandoffReason"),
                "QualifiedAt" = COALESCE(c."QualifiedAt", $20)
            FROM was AS w
            WHERE c."Id" = w."Id"
            RETURNING c."WorkspaceId", c."MessageCount", c."Version", w."QualifiedAt"
        ), answered AS (
            UPDATE "ChatMessages" SET "ReplyState" = '{{nameof(ReplyState.Answered)}}', "ReplyLeaseUntil" = NULL
            WHERE "Id" = $2 AND EXISTS (SELECT 1 FROM bumped)
        ), posted AS (
            INSERT INTO "ChatMessages" ("Id", "WorkspaceId", "ConversationId", "Sequence", "Sender", "Text", "Attachments", "ReplyToId",
                "ReplyState", "ReplyAttempts", "Model", "InputTokens", "OutputTokens", "CostMillicredits", "CreatedAt")
            SELECT m."Id", b."WorkspaceId", $1, b."MessageCount" - $10 + m."Position"::int, m."Sender", m."Text", '[]', m."ReplyToId",
                '{{nameof(ReplyState.None)}}', 0, m."Model", m."InputTokens", m."OutputTokens", m."CostMillicredits", $3
            FROM bumped AS b CROSS JOIN unnest($11, $12, $13, $14, $15, $16, $17, $18) WITH ORDINALITY
                AS m("Id", "Sender", "Text", "ReplyToId", "Model", "InputTokens", "OutputTokens", "CostMillicredits", "Position")
        ), outbound AS (
            INSERT INTO "ChannelMessages" ("Id", "WorkspaceId", "ChannelId", "IdentityId", "ConversationId", "ChatMessageId", "Direction",
                "Part", "Kind", "Text", "State", "Attempts", "CreatedAt", "UpdatedAt")
            SELECT o."Id", b."WorkspaceId", $22, $23, $1, o."ChatMessageId", '{{nameof(Channels.ChannelDirection.Outbound)}}',
                o."Part", o."Kind", o."Text", '{{nameof(Channels.ChannelDeliveryState.Queued)}}', 0, $3, $3
            FROM bumped AS b CROSS JOIN unnest($24, $25, $26, $27, $28) AS o("Id", "ChatMessageId", "Part", "Kind", "Text")
        )
        SELECT "WorkspaceId", "MessageCount", "Version", "QualifiedAt" FROM bumped
        """;

    // The charge's extra condition: the reply's own row, which exists only if the post above was written.
    private const string OnlyIfPosted = """EXISTS (SELECT 1 FROM "ChatMessages" WHERE "Id" = $12)""";

    /// <summary>
    /// Posts <paramref name="post"/>, filling in its messages' numbers and ids of workspace and conversation.
    /// <paramref name="charge"/> is the capture of the turn's credits (<see cref="AiMeter.CaptureOf"/>); it runs last, only if the answer was posted.
    /// </summary>
    public static async Task<ReplyPostResult> TryAsync(StreamlineDbContext db, ReplyPost post, HoldCapture? charge, CancellationToken ct)
    {
        var messages = post.Messages;
        var outbound = post.Outbound ?? [];
        var postCommand = new NpgsqlBatchCommand(Sql);
        postCommand.Parameters.AddRange(new NpgsqlParameter[]
        {
            new NpgsqlParameter<Guid> { TypedValue = post.ConversationId },
            new NpgsqlParameter<Guid> { TypedValue = post.AnsweringId },
            new NpgsqlParameter<DateTime> { TypedValue = post.Now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new NpgsqlParameter<long> { TypedValue = post.Cost },
            new NpgsqlParameter<int> { TypedValue = post.Lead.Score },
            new NpgsqlParameter<string[]> { TypedValue = [.. post.Lead.Reasons] },
            new NpgsqlParameter<string> { TypedValue = post.Lead.Sentiment.ToString() },
            new NpgsqlParameter<Guid?> { TypedValue = post.RecommendedCampaignId, NpgsqlDbType = NpgsqlDbType.Uuid },
            new NpgsqlParameter<string?> { TypedValue = post.Handoff?.ToString(), NpgsqlDbType = NpgsqlDbType.Text },
            new NpgsqlParameter<int> { TypedValue = messages.Count },
            new NpgsqlParameter<Guid[]> { TypedValue = [.. messages.Select(m => m.Id)] },
            new NpgsqlParameter<string[]> { TypedValue = [.. messages.Select(m => m.Sender.ToString())] },
            new NpgsqlParameter<string[]> { TypedValue = [.. messages.Select(m => m.Text)] },
            new NpgsqlParameter<Guid?[]> { TypedValue = [.. messages.Select(m => m.ReplyToId)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
            new NpgsqlParameter<string?[]> { TypedValue = [.. messages.Select(m => m.Model)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new NpgsqlParameter<int[]> { TypedValue = [.. messages.Select(m => m.InputTokens)] },
            new NpgsqlParameter<int[]> { TypedValue = [.. messages.Select(m => m.OutputTokens)] },
            new NpgsqlParameter<long[]> { TypedValue = [.. messages.Select(m => m.CostMillicredits)] },
            new NpgsqlParameter<string[]> { TypedValue = Conversation.AiLockedStatusNames },
            new NpgsqlParameter<DateTime?> { TypedValue = Conversation.QualifiedSince(null, post.Lead, post.Now), NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new NpgsqlParameter<string?> { TypedValue = post.Handoff is null ? null : Conversation.HandedOff.ToString(), NpgsqlDbType = NpgsqlDbType.Text },
            new NpgsqlParameter<Guid?> { TypedValue = outbound.FirstOrDefault()?.ChannelId, NpgsqlDbType = NpgsqlDbType.Uuid },
            new NpgsqlParameter<Guid?> { TypedValue = outbound.FirstOrDefault()?.IdentityId, NpgsqlDbType = NpgsqlDbType.Uuid },
            new NpgsqlParameter<Guid[]> { TypedValue = [.. outbound.Select(r => r.Id)] },
            new NpgsqlParameter<Guid[]> { TypedValue = [.. outbound.Select(r => r.ChatMessageId!.Value)] },
            new NpgsqlParameter<int[]> { TypedValue = [.. outbound.Select(r => r.Part)] },
            new NpgsqlParameter<string[]> { TypedValue = [.. outbound.Select(r => r.Kind)] },
            new NpgsqlParameter<string?[]> { TypedValue = [.. outbound.Select(r => r.Text)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
        });
        List<NpgsqlBatchCommand> commands = [postCommand];
        if (charge is not null)
            commands.Add(Credits.LedgerWriting.PostgresSpend.CloseCommand(charge.ReservationId, Credits.ReservationStatus.Captured, charge.Amount, charge.Key, charge.At,
                OnlyIfPosted, new NpgsqlParameter<Guid> { TypedValue = messages[0].Id }));

        try
        {
            return await PostgresCommand.RunBatchAsync(db, commands, async (batch, token) =>
            {
                await using var reader = await batch.ExecuteReaderAsync(token);
                if (!await reader.ReadAsync(token)) return new ReplyPostResult(ReplyPostOutcome.Refused);
                var workspaceId = reader.GetGuid(0);
                var count = reader.GetInt32(1);
                var result = new ReplyPostResult(ReplyPostOutcome.Posted, count, reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetDateTime(3));
                for (var i = 0; i < messages.Count; i++)
                {
                    messages[i].WorkspaceId = workspaceId;
                    messages[i].ConversationId = post.ConversationId;
                    messages[i].Sequence = count - messages.Count + i + 1;
                    messages[i].CreatedAt = post.Now;
                }
                var charged = charge is not null && await reader.NextResultAsync(token)
                    ? await Credits.LedgerWriting.PostgresSpend.ReadWalletAsync(reader, token)
                    : null;
                return result with { ChargedFrom = charged };
            }, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == ReplyToIndex)
        {
            return new ReplyPostResult(ReplyPostOutcome.AlreadyAnswered);
        }
    }
}
