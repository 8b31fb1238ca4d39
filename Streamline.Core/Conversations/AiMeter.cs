using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Workspaces;

namespace Streamline.Core.Conversations;

public enum HoldOutcome
{
    Held,

    /// <summary>The house workspace's own AI (the portal assistant) is the platform's cost, not a customer's.</summary>
    Free,
    NoCredits,
    Paused,
}

/// <summary>Credits held for one AI call, with the model they were priced for.</summary>
public sealed record AiHold(HoldOutcome Outcome, Guid WorkspaceId, PricedModel Model, Guid? ReservationId, long HeldMillicredits, string Key)
{
    public bool MayCall => Outcome is HoldOutcome.Held or HoldOutcome.Free;
}

/// <summary>
/// Meters AI calls through the credits service: hold the most a call can cost before it starts, capture what
/// the tokens actually used cost (plus the margin) when it ends, release everything when it fails. Every AI
/// call in the app goes through here, so no model is ever called on credit the workspace does not have.
/// </summary>
public sealed class AiMeter(StreamlineDbContext db, CreditService credits, ModelCatalog catalog, SalesSetupCache setups, EmailOutbox outbox,
    IOptions<EmailOptions> email, TimeProvider clock)
{
    /// <summary>Holds outlive the slowest call with retries; the expiry sweeper returns an abandoned one.</summary>
    public static readonly TimeSpan HoldLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Holds credits for a call of at most <paramref name="maxInputTokens"/> in and <paramref name="maxOutputTokens"/>
    /// out. <paramref name="key"/> names this attempt: holding again with the same key returns the same hold.
    /// </summary>
    public async Task<AiHold> HoldAsync(Guid workspaceId, AiTask task, int promptTokens, int maxInputTokens, int maxOutputTokens,
        string purpose, string key, CancellationToken ct = default)
    {
        var model = await catalog.PickAsync(task, promptTokens, ct);
        if ((await setups.GetAsync(db, workspaceId, ct)).IsHouse)
            return new AiHold(HoldOutcome.Free, workspaceId, model, null, 0, key);

        var most = Math.Max(1, model.CostMillicredits(maxInputTokens, maxOutputTokens));
        // No wallet read first: this is on the way to every AI reply's first word. A workspace without a wallet yet
        // gets one (and its owners the notice) below, on the way out.
        var held = await credits.ReserveAsync(workspaceId, most, purpose, HoldLifetime, $"ai:{key}:hold", null, ct);
        var outcome = held.Outcome switch
        {
            ReservationOutcome.Done or ReservationOutcome.Repeated => HoldOutcome.Held,
            ReservationOutcome.Paused => HoldOutcome.Paused,
            _ => HoldOutcome.NoCredits,
        };
        if (outcome != HoldOutcome.Held)
        {
            await credits.EnsureWalletAsync(workspaceId, ct);
            await TellOwnersOnceAsync(workspaceId, held.BalanceAfter ?? 0, ct);
        }
        return new AiHold(outcome, workspaceId, model, held.ReservationId, outcome == HoldOutcome.Held ? most : 0, key);
    }

    /// <summary>Charges what the call used (never more than was held) and returns the rest; the charge in millicredits.</summary>
    public async Task<long> SettleAsync(AiHold hold, int inputTokens, int outputTokens, CancellationToken ct = default)
    {
        if (hold.Outcome != HoldOutcome.Held) return 0;
        // The hold covers the call's bounds; the provider's token count can still differ a little from ours,
        // and the customer is never charged beyond what was held.
        var cost = Math.Min(hold.HeldMillicredits, hold.Model.CostMillicredits(inputTokens, outputTokens));
        var captured = await credits.CaptureAsync(hold.ReservationId!.Value, cost, $"ai:{hold.Key}:capture", ct);
        return captured.Succeeded ? cost : 0;
    }

    public async Task ReleaseAsync(AiHold hold, CancellationToken ct = default)
    {
        if (hold.Outcome != HoldOutcome.Held) return;
        await credits.ReleaseAsync(hold.ReservationId!.Value, $"ai:{hold.Key}:release", ct);
    }

    /// <summary>
    /// Once per crossing: the notice is claimed here when a hold fails, and forgotten by the next hold that succeeds
    /// (<see cref="CreditService.ReserveAsync"/>, in the same write as the hold).
    /// </summary>
    private async Task TellOwnersOnceAsync(Guid workspaceId, long balance, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Wallets.IgnoreQueryFilters([StreamlineDbContext.WorkspaceFilter])
            .Where(w => w.WorkspaceId == workspaceId && w.AiOutOfCreditsNotifiedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.AiOutOfCreditsNotifiedAt, now), ct);
        if (claimed == 0) return;
        var name = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.Name).SingleAsync(ct);
        foreach (var to in await db.OwnerEmailsAsync(workspaceId, ct))
            outbox.Queue(to, "ai-out-of-credits", new Dictionary<string, string>
            {
                ["Workspace"] = name,
                ["Balance"] = CreditAmount.Format(balance),
                ["CreditsUrl"] = email.Value.Link("/credits"),
            });
        await db.SaveChangesAsync(ct);
    }
}
