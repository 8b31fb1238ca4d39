using Microsoft.EntityFrameworkCore;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Hosting;
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

/// <summary>The capture of <paramref name="Amount"/> from a hold, under its idempotency key, to travel with another write.</summary>
public sealed record HoldCapture(Guid ReservationId, long Amount, string Key, DateTime At);

/// <summary>Credits held for one AI call, with the model they were priced for.</summary>
public sealed record AiHold(HoldOutcome Outcome, Guid WorkspaceId, PricedModel Model, Guid? ReservationId, long HeldMillicredits, string Key)
{
    public bool MayCall => Outcome is HoldOutcome.Held or HoldOutcome.Free;
}

/// <summary>
/// Credits to hold for an AI reply before its prompt exists, so the hold can travel with the visitor's message in the
/// round trip that stores it (<see cref="PostgresVisitorPost"/>): <paramref name="Amount"/> covers a reply whose prompt is
/// up to a bound at the dearest model the catalog would pick for it. The turn keeps it when it covers the prompt it built
/// and holds again when not (<see cref="AiMeter.HoldAsync"/>). Its id and time are fixed when it is planned.
/// </summary>
public sealed record HoldAhead(Guid WorkspaceId, long Amount, string Purpose, Guid ReservationId, DateTime At)
{
    /// <summary>The hold's own key: new with every message, so it can never fail the batch it travels in.</summary>
    public static string KeyFor(Guid messageId) => $"ai:reply:{messageId}:ahead:hold";
}

/// <summary>
/// Meters AI calls through the credits service: hold the most a call can cost before it starts, capture what
/// the tokens actually used cost (plus the margin) when it ends, release everything when it fails. Every AI
/// call in the app goes through here, so no model is ever called on credit the workspace does not have.
/// </summary>
public sealed class AiMeter(StreamlineDbContext db, CreditService credits, ModelCatalog catalog, SalesSetupCache setups, Notifications.Notifier notifier,
    PublicUrl links, TimeProvider clock)
{
    /// <summary>Holds outlive the slowest call with retries; the expiry sweeper returns an abandoned one.</summary>
    public static readonly TimeSpan HoldLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Plans a <see cref="HoldAhead"/> for a <paramref name="task"/> call of at most <paramref name="maxInputTokens"/> in and
    /// <paramref name="maxOutputTokens"/> out, whose prompt has at most <paramref name="maxPromptTokens"/>; priced at the dearer of
    /// the models the catalog picks for the smallest and the largest such prompt. Null for the house workspace, whose AI is free.
    /// Reads nothing from the database (the catalog and the setup are remembered).
    /// </summary>
    public async Task<HoldAhead?> PlanAheadAsync(Guid workspaceId, AiTask task, int maxPromptTokens, int maxInputTokens, int maxOutputTokens,
        string purpose, CancellationToken ct = default)
    {
        if ((await setups.GetAsync(db, workspaceId, ct)).IsHouse) return null;
        var least = await catalog.PickAsync(task, 0, ct);
        var largest = await catalog.PickAsync(task, maxPromptTokens, ct);
        var amount = Math.Max(1, Math.Max(least.CostMillicredits(maxInputTokens, maxOutputTokens), largest.CostMillicredits(maxInputTokens, maxOutputTokens)));
        return new HoldAhead(workspaceId, amount, purpose, Guid.NewGuid(), clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Holds credits for a call of at most <paramref name="maxInputTokens"/> in and <paramref name="maxOutputTokens"/>
    /// out. <paramref name="key"/> names this attempt: holding again with the same key returns the same hold.
    /// <paramref name="heldAhead"/>, a hold already placed for this call, is kept when it covers the call (no round trip);
    /// otherwise it is released and the call held as usual. Either way the call is never charged more than its own bound.
    /// </summary>
    public async Task<AiHold> HoldAsync(Guid workspaceId, AiTask task, int promptTokens, int maxInputTokens, int maxOutputTokens,
        string purpose, string key, CancellationToken ct = default, HoldAhead? heldAhead = null)
    {
        var model = await catalog.PickAsync(task, promptTokens, ct);
        if ((await setups.GetAsync(db, workspaceId, ct)).IsHouse)
            return new AiHold(HoldOutcome.Free, workspaceId, model, null, 0, key);

        var most = Math.Max(1, model.CostMillicredits(maxInputTokens, maxOutputTokens));
        if (heldAhead is not null)
        {
            // The reservation may hold more than this call's bound; settling captures at most the bound and returns the rest.
            if (heldAhead.WorkspaceId == workspaceId && heldAhead.Amount >= most)
                return new AiHold(HoldOutcome.Held, workspaceId, model, heldAhead.ReservationId, most, key);
            await credits.ReleaseAsync(heldAhead.ReservationId, $"ai:{key}:ahead:release", ct);
        }
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
            await TellOwnersOnceAsync(workspaceId, outcome, held.BalanceAfter ?? 0, ct);
        }
        return new AiHold(outcome, workspaceId, model, held.ReservationId, outcome == HoldOutcome.Held ? most : 0, key);
    }

    /// <summary>Charges what the call used (never more than was held) and returns the rest; the charge in millicredits.</summary>
    public async Task<long> SettleAsync(AiHold hold, int inputTokens, int outputTokens, CancellationToken ct = default)
    {
        if (hold.Outcome != HoldOutcome.Held) return 0;
        // The hold covers the call's bounds; the provider's token count can still differ a little from ours,
        // and the customer is never charged beyond what was held.
        var charge = ChargeFor(hold, inputTokens, outputTokens);
        var captured = await credits.CaptureAsync(hold.ReservationId!.Value, charge, CaptureKey(hold), ct);
        return captured.Succeeded ? charge : 0;
    }

    /// <summary>What a call that used these tokens is charged from its hold: never more than was held.</summary>
    public static long ChargeFor(AiHold hold, int inputTokens, int outputTokens) =>
        hold.Outcome == HoldOutcome.Held ? Math.Min(hold.HeldMillicredits, hold.Model.CostMillicredits(inputTokens, outputTokens)) : 0;

    /// <summary>
    /// <see cref="SettleAsync"/> as data, for a write that can carry it (the reply's post on PostgreSQL captures it with the
    /// reply, so both commit together); null when there is nothing held to capture. Should that write not capture it,
    /// <see cref="SettleAsync"/> does, and says why.
    /// </summary>
    public HoldCapture? CaptureOf(AiHold hold, int inputTokens, int outputTokens) =>
        hold.Outcome == HoldOutcome.Held
            ? new HoldCapture(hold.ReservationId!.Value, ChargeFor(hold, inputTokens, outputTokens), CaptureKey(hold), clock.GetUtcNow().UtcDateTime)
            : null;

    private static string CaptureKey(AiHold hold) => $"ai:{hold.Key}:capture";

    /// <summary>After a <see cref="CaptureCommand"/> applied: the balance changed without the credit service seeing it.</summary>
    public void ChargedWithPost(AiHold hold) => credits.ForgetBalance(hold.WorkspaceId);

    /// <summary>Returns <paramref name="heldAhead"/> when the call it was placed for is not made; <paramref name="key"/> as in <see cref="HoldAsync"/>.</summary>
    public async Task ReleaseAheadAsync(HoldAhead heldAhead, string key, CancellationToken ct = default) =>
        await credits.ReleaseAsync(heldAhead.ReservationId, $"ai:{key}:ahead:release", ct);

    public async Task ReleaseAsync(AiHold hold, CancellationToken ct = default)
    {
        if (hold.Outcome != HoldOutcome.Held) return;
        await credits.ReleaseAsync(hold.ReservationId!.Value, $"ai:{hold.Key}:release", ct);
    }

    /// <summary>
    /// Once per crossing: the notice is claimed here when a hold fails, and forgotten by the next hold that succeeds
    /// (<see cref="CreditService.ReserveAsync"/>, in the same write as the hold). A paused wallet gets its own mail:
    /// credits would not help there, only the agency resuming it does.
    /// </summary>
    private async Task TellOwnersOnceAsync(Guid workspaceId, HoldOutcome outcome, long balance, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Wallets.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(w => w.WorkspaceId == workspaceId && w.AiOutOfCreditsNotifiedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.AiOutOfCreditsNotifiedAt, now), ct);
        if (claimed == 0) return;
        var name = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.Name).SingleAsync(ct);
        var values = new Dictionary<string, string> { ["Workspace"] = name, ["Balance"] = CreditAmount.Credits(balance) };
        if (outcome != HoldOutcome.Paused) values["CreditsUrl"] = links.Link("/credits");
        await notifier.SendAsync(workspaceId, Notifications.NotificationKind.LowBalance, await db.OwnerEmailsAsync(workspaceId, ct),
            outcome == HoldOutcome.Paused ? "ai-credits-paused" : "ai-out-of-credits", values, "/credits", ct);
        await db.SaveChangesAsync(ct);
    }
}
