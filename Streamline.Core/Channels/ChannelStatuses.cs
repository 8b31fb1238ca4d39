using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Channels;

/// <summary>
/// A status callback that named a provider message id no outbound row carries yet: the provider can report "delivered"
/// before its own answer to the send has reached the app. Kept until the send stores that id, then applied.
/// </summary>
public class ChannelPendingStatus : IWorkspaceOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid WorkspaceId { get; set; }
    public Guid ChannelId { get; set; }
    public required string ProviderMessageId { get; set; }
    public ChannelDeliveryState State { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTime ReceivedAt { get; set; }
}

internal sealed class ChannelPendingStatusConfiguration : IEntityTypeConfiguration<ChannelPendingStatus>
{
    public void Configure(EntityTypeBuilder<ChannelPendingStatus> b)
    {
        b.ToTable("ChannelPendingStatuses");
        b.Property(s => s.ProviderMessageId).HasMaxLength(200);
        b.Property(s => s.ErrorCode).HasMaxLength(40);
        b.Property(s => s.ErrorMessage).HasMaxLength(1000);
        // A redelivered callback is kept once.
        b.HasIndex(s => new { s.ChannelId, s.ProviderMessageId, s.State }).IsUnique();
        b.HasIndex(s => s.ReceivedAt);
        b.HasIndex(s => s.WorkspaceId);
        b.HasOne<MessagingChannel>().WithMany().HasForeignKey(s => s.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// The provider's status callbacks (sent, delivered, read, failed) applied to the outbound rows they name, only ever
/// forward (<see cref="ChannelRules.MayMove"/>): a late "delivered" after "read" changes nothing, and a failure keeps the
/// provider's error. A callback that arrives before the send stored the provider's id waits as a
/// <see cref="ChannelPendingStatus"/> and is applied the moment the id is stored, whichever of the two commits last.
/// </summary>
public sealed class ChannelStatuses(StreamlineDbContext db, TimeProvider clock)
{
    /// <summary>How long a callback waits for its message: WhatsApp also reports messages other tools sent from the number.</summary>
    public static readonly TimeSpan PendingHorizon = TimeSpan.FromDays(1);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private IQueryable<ChannelMessage> Rows => db.ChannelMessages.IgnoreQueryFilters(QueryFilters.Workspace);
    private IQueryable<ChannelPendingStatus> Pending => db.ChannelPendingStatuses.IgnoreQueryFilters(QueryFilters.Workspace);

    /// <summary>Applies <paramref name="update"/>; true when it moved a message on.</summary>
    public async Task<bool> ApplyAsync(MessagingChannel channel, ChannelDeliveryUpdate update, CancellationToken ct)
    {
        if (await MoveAsync(channel.Id, update.ProviderMessageId, update.State, update.ErrorCode, update.ErrorMessage, ct) is { } moved)
            return moved;
        db.ChannelPendingStatuses.Add(new ChannelPendingStatus
        {
            WorkspaceId = channel.WorkspaceId, ChannelId = channel.Id, ProviderMessageId = Clip(update.ProviderMessageId, 200)!,
            State = update.State, ErrorCode = Clip(update.ErrorCode, 40), ErrorMessage = Clip(update.ErrorMessage, 1000), ReceivedAt = Now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same callback, redelivered, is already waiting.
        }
        db.ChangeTracker.Clear();
        // The send may have stored the id between the look above and this commit, and looked for waiting callbacks before it.
        return await ApplyPendingAsync(channel.Id, update.ProviderMessageId, ct) > 0;
    }

    /// <summary>Applies the callbacks waiting for <paramref name="providerMessageId"/>, furthest last; returns how many moved it.</summary>
    public async Task<int> ApplyPendingAsync(Guid channelId, string providerMessageId, CancellationToken ct)
    {
        var waiting = await Pending.AsNoTracking().Where(s => s.ChannelId == channelId && s.ProviderMessageId == providerMessageId).ToListAsync(ct);
        if (waiting.Count == 0) return 0;
        // The moves and the forgetting in one commit: nobody sees the message moved with its callbacks still waiting.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var moved = 0;
        foreach (var status in waiting.OrderBy(s => ChannelRules.Rank(s.State)))
        {
            var outcome = await MoveAsync(channelId, providerMessageId, status.State, status.ErrorCode, status.ErrorMessage, ct);
            // Still no message carries the id: the callbacks keep waiting.
            if (outcome is null) return 0;
            if (outcome is true) moved++;
        }
        var ids = waiting.Select(s => s.Id).ToList();
        await Pending.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return moved;
    }

    /// <summary>Forgets callbacks whose message never turned up.</summary>
    public Task<int> ForgetStaleAsync(CancellationToken ct)
    {
        var before = Now - PendingHorizon;
        return Pending.Where(s => s.ReceivedAt < before).ExecuteDeleteAsync(ct);
    }

    /// <summary>Null when no outbound row carries the id yet; else whether the row moved.</summary>
    private async Task<bool?> MoveAsync(Guid channelId, string providerMessageId, ChannelDeliveryState to, string? code, string? message,
        CancellationToken ct)
    {
        var row = await Rows.AsNoTracking().Where(m => m.ChannelId == channelId && m.ProviderMessageId == providerMessageId
                                                       && m.Direction == ChannelDirection.Outbound)
            .Select(m => new { m.Id, m.State, m.ErrorCode, m.ErrorMessage }).SingleOrDefaultAsync(ct);
        if (row is null) return null;
        if (!ChannelRules.MayMove(row.State, to)) return false;
        var errorCode = to == ChannelDeliveryState.Failed ? Clip(code, 40) : row.ErrorCode;
        var errorMessage = to == ChannelDeliveryState.Failed ? Clip(message, 1000) : row.ErrorMessage;
        // Decided on the row as it is at the moment of writing: two callbacks at once cannot move it backwards.
        var changed = await Rows.Where(m => m.Id == row.Id && m.State == row.State)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, to).SetProperty(m => m.ErrorCode, errorCode)
                .SetProperty(m => m.ErrorMessage, errorMessage).SetProperty(m => m.UpdatedAt, Now), ct);
        return changed == 1;
    }

    private static string? Clip(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().Length <= max ? value.Trim() : value.Trim()[..max];
}
