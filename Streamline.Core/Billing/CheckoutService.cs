using Microsoft.EntityFrameworkCore;
using Streamline.Core.Credits;
using Streamline.Core.Data;

namespace Streamline.Core.Billing;

public sealed record CheckoutRequest(Guid WorkspaceId, Guid UserId, string? UserEmail, string PackageCode, string? PromotionCode, string AppBaseUrl);

/// <summary>The Stripe-hosted page (checkout or portal) to send the customer to, or why not.</summary>
public sealed record CheckoutStart(string? Url, string? Error)
{
    public static CheckoutStart Refused(string error) => new(null, error);
}

/// <summary>
/// Starts a purchase: prices it (with a promotion, if any), claims the promotion so its limits hold
/// under concurrency, records what was offered, and asks the gateway for the page to pay on.
/// </summary>
public sealed class CheckoutService(
    StreamlineDbContext db, IPaymentGateway gateway, SandboxPayments sandbox, StripeFulfilment fulfilment, TimeProvider clock)
{
    public async Task<CheckoutStart> StartAsync(CheckoutRequest request, CancellationToken ct)
    {
        if (gateway.IsSandbox && !sandbox.Enabled)
            return CheckoutStart.Refused("Payments are not configured on this server yet. Please contact support.");
        var package = await db.CreditPackages.AsNoTracking().SingleOrDefaultAsync(p => p.Code == request.PackageCode && p.IsActive, ct);
        if (package is null) return CheckoutStart.Refused("That package is not on sale.");
        if (package.Kind == CreditPackageKind.Subscription && await HasLiveSubscriptionAsync(request.WorkspaceId, ct))
            return CheckoutStart.Refused("This workspace already has a plan: change it with Manage subscription.");

        var now = clock.GetUtcNow().UtcDateTime;
        Promotion? promotion = null;
        if (!string.IsNullOrWhiteSpace(request.PromotionCode))
        {
            var code = request.PromotionCode.Trim().ToUpperInvariant();
            promotion = await db.Promotions.AsNoTracking().SingleOrDefaultAsync(p => p.Code == code, ct);
            if (PromotionProblem(promotion, package, now) is { } problem) return CheckoutStart.Refused(problem);
        }

        var checkout = new CheckoutSession
        {
            WorkspaceId = request.WorkspaceId,
            PackageCode = package.Code,
            Kind = package.Kind,
            ListPriceCents = package.PriceCents,
            AmountCents = Discounted(package.PriceCents, promotion?.PercentOff),
            Currency = package.Currency,
            CreditsMillicredits = package.CreditsMillicredits,
            BonusMillicredits = promotion?.BonusMillicredits ?? 0,
            PromotionId = promotion?.Id,
            IsSandbox = gateway.IsSandbox,
            CreatedByUserId = request.UserId,
            CustomerEmail = request.UserEmail,
            CreatedAt = now,
            ExpiresAt = now + SandboxPaymentGateway.CheckoutLifetime,
        };
        checkout.ExternalId = $"pending_{checkout.Id:N}";
        if (await RecordWithClaimAsync(checkout, promotion, ct) is { } refused) return CheckoutStart.Refused(refused);

        HostedCheckout hosted;
        try
        {
            var customer = await db.BillingCustomers.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.WorkspaceId == request.WorkspaceId)
                .Select(c => c.StripeCustomerId).SingleOrDefaultAsync(ct);
            hosted = await gateway.CreateCheckoutAsync(checkout, package, customer, request.AppBaseUrl, ct);
        }
        catch (Exception e) when (IsProviderFailure(e))
        {
            await fulfilment.ExpireCheckoutAsync(checkout.Id, CancellationToken.None);
            return CheckoutStart.Refused("The payment provider could not be reached, so nothing was charged. Please try again in a minute.");
        }

        await db.CheckoutSessions.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.Id == checkout.Id).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.ExternalId, hosted.Id)
            .SetProperty(c => c.Url, hosted.Url)
            .SetProperty(c => c.ExpiresAt, hosted.ExpiresAt), ct);
        return new CheckoutStart(hosted.Url, null);
    }

    /// <summary>The Customer Portal for the workspace's Stripe customer, or why it cannot be opened.</summary>
    public async Task<CheckoutStart> OpenPortalAsync(Guid workspaceId, string appBaseUrl, CancellationToken ct)
    {
        var customer = await db.BillingCustomers.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.WorkspaceId == workspaceId)
            .Select(c => c.StripeCustomerId).SingleOrDefaultAsync(ct);
        if (customer is null)
            return CheckoutStart.Refused("There is no billing account for this workspace yet: it is created with the first purchase.");
        try
        {
            return new CheckoutStart(await gateway.CreatePortalAsync(customer, appBaseUrl, ct), null);
        }
        catch (Exception e) when (IsProviderFailure(e))
        {
            return CheckoutStart.Refused("The payment provider could not be reached. Please try again in a minute.");
        }
    }

    /// <summary>Stripe answered with an error, or did not answer at all (Stripe.net rethrows the transport's exception).</summary>
    public static bool IsProviderFailure(Exception e) => e is Stripe.StripeException or HttpRequestException or TaskCanceledException;

    private Task<bool> HasLiveSubscriptionAsync(Guid workspaceId, CancellationToken ct) =>
        db.BillingSubscriptions.IgnoreQueryFilters(QueryFilters.Workspace)
            .AnyAsync(s => s.WorkspaceId == workspaceId && (s.Status == "active" || s.Status == "trialing" || s.Status == "past_due"), ct);

    /// <summary>Rounded to the nearest cent, halves up: 15% off $19.99 is $16.99.</summary>
    public static long Discounted(long cents, int? percentOff) =>
        percentOff is not { } pct ? cents : (cents * (100 - pct) + 50) / 100;

    /// <summary>Stripe refuses charges below 50 cents (USD); a discount may not go under that.</summary>
    private const long MinimumChargeCents = 50;

    private static string? PromotionProblem(Promotion? promotion, CreditPackage package, DateTime now) => promotion switch
    {
        null or { IsActive: false } => "That promotion code is not valid.",
        { StartsAt: { } starts } when now < starts => $"That promotion code starts on {starts:d MMM yyyy}.",
        { EndsAt: { } ends } when now >= ends => "That promotion code has expired.",
        { PercentOff: not null } when package.Kind == CreditPackageKind.Subscription => "That promotion code applies to credit packs only.",
        { PercentOff: { } pct } when Discounted(package.PriceCents, pct) < MinimumChargeCents => "That promotion code cannot be used on this pack.",
        { MaxRedemptions: { } max } when promotion.RedemptionCount >= max => "That promotion code has been fully redeemed.",
        _ => null,
    };

    /// <summary>
    /// Saves the checkout and claims the promotion in one transaction. The total limit is a conditional
    /// UPDATE of the count; the per-workspace limit is the unique (promotion, workspace, sequence) index:
    /// two concurrent checkouts of one workspace both wanting sequence 1 cannot both be saved.
    /// </summary>
    private async Task<string?> RecordWithClaimAsync(CheckoutSession checkout, Promotion? promotion, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.CheckoutSessions.Add(checkout);
        if (promotion is not null)
        {
            var claimed = await db.Promotions
                .Where(p => p.Id == promotion.Id && p.IsActive && (p.MaxRedemptions == null || p.RedemptionCount < p.MaxRedemptions))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.RedemptionCount, p => p.RedemptionCount + 1), ct);
            if (claimed == 0) return Abandon("That promotion code has been fully redeemed.");

            var taken = await db.PromotionRedemptions.IgnoreQueryFilters(QueryFilters.Workspace)
                .Where(r => r.PromotionId == promotion.Id && r.WorkspaceId == checkout.WorkspaceId).Select(r => r.Sequence).ToListAsync(ct);
            if (taken.Count >= promotion.MaxRedemptionsPerWorkspace) return Abandon("Your workspace has already used that promotion code.");
            db.PromotionRedemptions.Add(new PromotionRedemption
            {
                PromotionId = promotion.Id,
                WorkspaceId = checkout.WorkspaceId,
                // The lowest free place, not count + 1: a released claim leaves a gap that count + 1 would collide past.
                Sequence = Enumerable.Range(1, promotion.MaxRedemptionsPerWorkspace).First(n => !taken.Contains(n)),
                CheckoutSessionId = checkout.Id,
                CreatedAt = checkout.CreatedAt,
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Abandon("Your workspace has already used that promotion code.");
        }
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return null;

        string Abandon(string why)
        {
            // Disposing the transaction rolls the claim back; the tracked rows must not linger either.
            db.ChangeTracker.Clear();
            return why;
        }
    }
}
