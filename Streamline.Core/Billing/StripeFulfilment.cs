using Microsoft.EntityFrameworkCore;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Hosting;
using Streamline.Core.Workspaces;
using Stripe;
using Session = Stripe.Checkout.Session;

namespace Streamline.Core.Billing;

/// <summary>
/// What each Stripe event means for the business. Every effect is keyed by the object it is about —
/// checkout session, invoice (subscription + period), charge — never by the event id, because Stripe
/// reports one purchase through several events and delivers each at least once, in any order.
/// Returns one sentence saying what it did, kept on the stored event.
/// </summary>
public sealed class StripeFulfilment(
    StreamlineDbContext db, CreditService credits, EmailOutbox outbox, IPaymentGateway gateway, PublicUrl links,
    TimeProvider clock)
{
    /// <summary>A frozen hold never expires by itself; only the dispute's outcome closes it.</summary>
    private static readonly DateTime FrozenUntil = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private IQueryable<CheckoutSession> Checkouts => db.CheckoutSessions.IgnoreQueryFilters(QueryFilters.Workspace);
    private IQueryable<Payment> Payments => db.Payments.IgnoreQueryFilters(QueryFilters.Workspace);
    private IQueryable<BillingSubscription> Subscriptions => db.BillingSubscriptions.IgnoreQueryFilters(QueryFilters.Workspace);

    public Task<string> ApplyAsync(Event stripeEvent, CancellationToken ct) => (stripeEvent.Type, stripeEvent.Data?.Object) switch
    {
        ("checkout.session.completed" or "checkout.session.async_payment_succeeded", Session s) => CheckoutCompletedAsync(s, ct),
        ("checkout.session.expired", Session s) => CheckoutExpiredAsync(s, ct),
        ("invoice.paid", Invoice i) => InvoicePaidAsync(i, ct),
        ("invoice.payment_failed", Invoice i) => InvoicePaymentFailedAsync(i, stripeEvent.Created, ct),
        ("customer.subscription.created" or "customer.subscription.updated", Subscription s) =>
            SubscriptionChangedAsync(s, stripeEvent.Created, deleted: false, ct),
        ("customer.subscription.deleted", Subscription s) => SubscriptionChangedAsync(s, stripeEvent.Created, deleted: true, ct),
        ("charge.refunded", Charge c) => ChargeRefundedAsync(c, ct),
        ("charge.dispute.created", Dispute d) => DisputeOpenedAsync(d, ct),
        ("charge.dispute.closed", Dispute d) => DisputeClosedAsync(d, ct),
        _ => Task.FromResult($"Ignored: {stripeEvent.Type} needs nothing from us."),
    };

    public static string SubscriptionGrantKey(string subscriptionId, DateTime periodStart) =>
        $"subscription:{subscriptionId}:period:{new DateTimeOffset(DateTime.SpecifyKind(periodStart, DateTimeKind.Utc)).ToUnixTimeSeconds()}";

    private async Task<string> CheckoutCompletedAsync(Session session, CancellationToken ct)
    {
        var checkout = await Checkouts.SingleOrDefaultAsync(c => c.ExternalId == session.Id, ct);
        if (checkout is null) return $"Ignored: checkout {session.Id} was not started by this app.";
        if (checkout.Status == CheckoutStatus.Expired)
            return $"Ignored: checkout {session.Id} had already expired here; Stripe does not complete an expired session.";
        if (session.Metadata?.GetValueOrDefault("workspace_id") is { } claimed && claimed != checkout.WorkspaceId.ToString())
            return $"Ignored: checkout {session.Id} names another workspace than the one that started it.";
        // Bank debits and vouchers complete later; async_payment_succeeded then brings the same session, paid.
        if (session.PaymentStatus is not ("paid" or "no_payment_required"))
            return $"Waiting: checkout {session.Id} is {session.PaymentStatus}.";

        await RememberCustomerAsync(checkout.WorkspaceId, session.CustomerId, ct);
        var package = await PackageAsync(checkout.PackageCode, ct);
        var reference = $"checkout:{session.Id}";

        if (checkout.Kind == CreditPackageKind.Subscription)
        {
            if (session.SubscriptionId is { } subscriptionId)
                await EnsureSubscriptionAsync(checkout.WorkspaceId, subscriptionId, session.CustomerId, checkout.PackageCode,
                    checkout.IsSandbox, ct);
            await GrantBonusAsync(checkout, reference, ct);
            await CompleteCheckoutAsync(checkout, ct);
            return $"Subscription {session.SubscriptionId} to {checkout.PackageCode} started; its credits come with each paid invoice.";
        }

        var purchase = await credits.GrantAsync(checkout.WorkspaceId, checkout.CreditsMillicredits, LedgerEntryType.Purchase,
            $"Bought {package?.Name ?? checkout.PackageCode}", $"{reference}:purchase", checkout.CreatedByUserId, reference, ct);
        await GrantBonusAsync(checkout, reference, ct);

        var payment = new Payment
        {
            WorkspaceId = checkout.WorkspaceId,
            Kind = PaymentKind.PackPurchase,
            StripeObjectId = session.Id,
            PaymentIntentId = session.PaymentIntentId,
            PackageCode = checkout.PackageCode,
            AmountCents = session.AmountTotal ?? checkout.AmountCents,
            Currency = session.Currency ?? checkout.Currency,
            CreditsMillicredits = checkout.CreditsMillicredits,
            IsSandbox = checkout.IsSandbox,
            CreatedAt = Now,
        };
        MarkCompleted(checkout);
        var recorded = await RecordPaymentAsync(payment, async () =>
        {
            var values = await ReceiptValuesAsync(checkout.WorkspaceId, payment, package?.Name, ct);
            foreach (var to in await ReceiptRecipientsAsync(checkout, ct)) outbox.Queue(to, "purchase-receipt", values);
        }, ct);
        await RedeemPromotionAsync(checkout, ct);
        return recorded
            ? $"Granted {CreditAmount.Credits(checkout.CreditsMillicredits)} for checkout {session.Id} (balance {CreditAmount.Credits(purchase.BalanceAfter)})."
            : $"Already fulfilled: checkout {session.Id}.";
    }

    private async Task GrantBonusAsync(CheckoutSession checkout, string reference, CancellationToken ct)
    {
        if (checkout.BonusMillicredits <= 0) return;
        await credits.GrantAsync(checkout.WorkspaceId, checkout.BonusMillicredits, LedgerEntryType.PromotionBonus,
            "Promotion bonus", $"{reference}:bonus", checkout.CreatedByUserId, reference, ct);
    }

    private void MarkCompleted(CheckoutSession checkout)
    {
        checkout.Status = CheckoutStatus.Completed;
        checkout.CompletedAt ??= Now;
    }

    /// <summary>Marks the checkout done and its promotion redeemed (saved with the caller's or its own SaveChanges).</summary>
    private async Task CompleteCheckoutAsync(CheckoutSession checkout, CancellationToken ct)
    {
        MarkCompleted(checkout);
        await db.SaveChangesAsync(ct);
        await RedeemPromotionAsync(checkout, ct);
    }

    private Task<int> RedeemPromotionAsync(CheckoutSession checkout, CancellationToken ct) =>
        db.PromotionRedemptions.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(r => r.CheckoutSessionId == checkout.Id && r.Status == RedemptionStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RedemptionStatus.Redeemed).SetProperty(r => r.RedeemedAt, Now), ct);

    private async Task<string> CheckoutExpiredAsync(Session session, CancellationToken ct)
    {
        var checkout = await Checkouts.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalId == session.Id, ct);
        if (checkout is null) return $"Ignored: checkout {session.Id} was not started by this app.";
        return await ExpireCheckoutAsync(checkout.Id, ct)
            ? $"Checkout {session.Id} expired unpaid; its promotion claim was released."
            : $"Ignored: checkout {session.Id} was no longer open.";
    }

    /// <summary>Closes an open checkout unpaid and gives back its promotion claim, in one transaction.</summary>
    public async Task<bool> ExpireCheckoutAsync(Guid checkoutId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var closed = await Checkouts.Where(c => c.Id == checkoutId && c.Status == CheckoutStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CheckoutStatus.Expired), ct);
        if (closed == 0) return false;
        var promotionId = await Checkouts.Where(c => c.Id == checkoutId).Select(c => c.PromotionId).SingleAsync(ct);
        var released = await db.PromotionRedemptions.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(r => r.CheckoutSessionId == checkoutId && r.Status == RedemptionStatus.Pending).ExecuteDeleteAsync(ct);
        if (released > 0 && promotionId is { } id)
            await db.Promotions.Where(p => p.Id == id && p.RedemptionCount > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.RedemptionCount, p => p.RedemptionCount - 1), ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private async Task<string> InvoicePaidAsync(Invoice invoice, CancellationToken ct)
    {
        // Since the 2025 "basil" API an invoice names its subscription under parent.subscription_details,
        // and the period paid for is the line's, not the invoice's own period (the previous one on renewals).
        var details = invoice.Parent?.SubscriptionDetails;
        if (details?.SubscriptionId is not { } subscriptionId) return $"Ignored: invoice {invoice.Id} is not for a subscription.";
        var line = invoice.Lines?.Data?.Where(l => l.Period is not null)
            .OrderBy(l => l.Parent?.SubscriptionItemDetails?.Proration == true).FirstOrDefault();
        if (line?.Period is not { } period) return $"Ignored: invoice {invoice.Id} has no billing period.";

        var existing = await Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.StripeSubscriptionId == subscriptionId, ct);
        var workspaceId = existing?.WorkspaceId ?? WorkspaceFrom(details.Metadata);
        var package = await PackageAsync(line.Pricing?.PriceDetails?.PriceId, details.Metadata?.GetValueOrDefault("package_code"),
            existing?.PackageCode, ct);
        if (workspaceId is not { } workspace || package is null)
            return $"Ignored: invoice {invoice.Id} is for subscription {subscriptionId}, which no workspace or plan of ours owns.";

        var sandbox = existing?.IsSandbox ?? subscriptionId.StartsWith("sub_sandbox_", StringComparison.Ordinal);
        await EnsureSubscriptionAsync(workspace, subscriptionId, invoice.CustomerId, package.Code, sandbox, ct);
        await AdvancePeriodAsync(subscriptionId, period.Start, period.End, ct);
        var grant = await GrantPeriodAsync(workspace, subscriptionId, package, period.Start, period.End, ct);

        var payment = new Payment
        {
            WorkspaceId = workspace,
            Kind = PaymentKind.SubscriptionInvoice,
            StripeObjectId = invoice.Id,
            SubscriptionId = subscriptionId,
            PackageCode = package.Code,
            AmountCents = invoice.AmountPaid,
            Currency = invoice.Currency ?? package.Currency,
            CreditsMillicredits = package.CreditsMillicredits,
            IsSandbox = sandbox,
            CreatedAt = Now,
        };
        await RecordPaymentAsync(payment, async () =>
        {
            var values = await ReceiptValuesAsync(workspace, payment, package.Name, ct);
            values["PeriodStart"] = period.Start.ToString("d MMM yyyy");
            values["PeriodEnd"] = period.End.ToString("d MMM yyyy");
            foreach (var to in await db.OwnerEmailsAsync(workspace, ct)) outbox.Queue(to, "subscription-receipt", values);
        }, ct);
        return grant.Duplicate
            ? $"Invoice {invoice.Id} recorded; the period from {period.Start:u} was already granted."
            : $"Granted {CreditAmount.Credits(package.CreditsMillicredits)} for subscription {subscriptionId}, period from {period.Start:u}.";
    }

    /// <summary>The one way a subscription period is granted, by the webhook and by the recurring job alike.</summary>
    public Task<CreditResult> GrantPeriodAsync(Guid workspaceId, string subscriptionId, CreditPackage package,
        DateTime periodStart, DateTime periodEnd, CancellationToken ct) =>
        credits.GrantAsync(workspaceId, package.CreditsMillicredits, LedgerEntryType.SubscriptionGrant,
            $"{package.Name} plan, {periodStart:d MMM yyyy} – {periodEnd:d MMM yyyy}",
            SubscriptionGrantKey(subscriptionId, periodStart), null, $"subscription:{subscriptionId}", ct);

    private async Task<string> InvoicePaymentFailedAsync(Invoice invoice, DateTime eventCreated, CancellationToken ct)
    {
        var subscriptionId = invoice.Parent?.SubscriptionDetails?.SubscriptionId;
        var subscription = subscriptionId is null ? null
            : await Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.StripeSubscriptionId == subscriptionId, ct);
        var workspaceId = subscription?.WorkspaceId ?? WorkspaceFrom(invoice.Parent?.SubscriptionDetails?.Metadata);
        if (workspaceId is not { } workspace) return $"Ignored: invoice {invoice.Id} belongs to no workspace of ours.";

        // Stripe's own subscription update follows later, or not at all if it arrives first and was sent earlier: until
        // then the plan must not read as paid. A newer event of any kind still decides, as in SubscriptionChangedAsync.
        await Subscriptions
            .Where(s => s.StripeSubscriptionId == subscriptionId && (s.Status == "active" || s.Status == "trialing") && s.LastEventAt < eventCreated)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, "past_due")
                .SetProperty(x => x.LastEventAt, eventCreated)
                .SetProperty(x => x.UpdatedAt, Now), ct);

        var values = new Dictionary<string, string>
        {
            ["Workspace"] = await WorkspaceNameAsync(workspace, ct),
            ["Amount"] = Money(invoice.AmountDue, invoice.Currency),
            ["Attempt"] = invoice.AttemptCount.ToString(),
            ["NextAttempt"] = invoice.NextPaymentAttempt is { } next ? next.ToString("d MMM yyyy") : "none — update your card to keep the plan",
            ["BillingUrl"] = Link("/credits"),
        };
        foreach (var to in await db.OwnerEmailsAsync(workspace, ct)) outbox.Queue(to, "payment-failed", values);
        await db.SaveChangesAsync(ct);
        return $"Told the owners that invoice {invoice.Id} (attempt {invoice.AttemptCount}) failed.";
    }

    private async Task<string> SubscriptionChangedAsync(Subscription subscription, DateTime eventCreated, bool deleted, CancellationToken ct)
    {
        var existing = await Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.StripeSubscriptionId == subscription.Id, ct);
        var workspaceId = existing?.WorkspaceId ?? WorkspaceFrom(subscription.Metadata);
        var item = subscription.Items?.Data?.FirstOrDefault();
        var package = await PackageAsync(item?.Price?.Id, subscription.Metadata?.GetValueOrDefault("package_code"), existing?.PackageCode, ct);
        if (workspaceId is not { } workspace || package is null)
            return $"Ignored: subscription {subscription.Id} belongs to no workspace or plan of ours.";

        await EnsureSubscriptionAsync(workspace, subscription.Id, subscription.CustomerId, package.Code,
            subscription.Id.StartsWith("sub_sandbox_", StringComparison.Ordinal), ct);
        var status = deleted ? "canceled" : subscription.Status ?? "incomplete";
        DateTime? start = item is null ? null : item.CurrentPeriodStart;
        DateTime? end = item is null ? null : item.CurrentPeriodEnd;
        // Only a newer event moves the row; on a tie a cancellation wins, since it is final.
        var changed = await Subscriptions
            .Where(s => s.StripeSubscriptionId == subscription.Id
                        && (s.LastEventAt < eventCreated || (s.LastEventAt == eventCreated && s.Status != "canceled")))
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, status)
                .SetProperty(x => x.PackageCode, package.Code)
                .SetProperty(x => x.CurrentPeriodStart, x => start ?? x.CurrentPeriodStart)
                .SetProperty(x => x.CurrentPeriodEnd, x => end ?? x.CurrentPeriodEnd)
                .SetProperty(x => x.CancelAtPeriodEnd, subscription.CancelAtPeriodEnd)
                .SetProperty(x => x.LastEventAt, eventCreated)
                .SetProperty(x => x.UpdatedAt, Now), ct);
        return changed == 0
            ? $"Ignored: a newer change of subscription {subscription.Id} was already applied."
            : $"Subscription {subscription.Id}: {status}, {package.Code}.";
    }

    private async Task<string> ChargeRefundedAsync(Charge charge, CancellationToken ct)
    {
        var payment = await PaymentOfIntentAsync(charge.PaymentIntentId, ct)
                      ?? throw new StripeEventNotReadyException($"Charge {charge.Id} names no purchase recorded here (yet).");

        var refunded = Math.Min(charge.AmountRefunded, payment.AmountCents);
        var taken = await credits.TakeUpToAsync(payment.WorkspaceId, LedgerEntryType.Clawback,
            $"Refund of {Money(refunded, payment.Currency)} on {payment.PackageCode}",
            $"payment:{payment.Id}:refunded:{refunded}", $"payment:{payment.Id}",
            claim: async c =>
            {
                // Refunds are cumulative on the charge: only a larger total moves on, and its UPDATE's
                // row lock queues a concurrent refund event for the same payment behind this one.
                var claimed = await Payments.Where(p => p.Id == payment.Id && p.RefundedCents < refunded)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.RefundedCents, refunded), c);
                if (claimed == 0) return null;
                var now = await Payments.AsNoTracking().Where(p => p.Id == payment.Id)
                    .Select(p => new { p.CreditsMillicredits, p.AmountCents, p.ClawedBackMillicredits, p.UnrecoveredMillicredits })
                    .SingleAsync(c);
                var due = now.AmountCents == 0 ? now.CreditsMillicredits : now.CreditsMillicredits * refunded / now.AmountCents;
                return Math.Max(0, due - now.ClawedBackMillicredits - now.UnrecoveredMillicredits);
            },
            record: (result, c) => Payments.Where(p => p.Id == payment.Id).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.ClawedBackMillicredits, p => p.ClawedBackMillicredits + result.Taken)
                .SetProperty(p => p.UnrecoveredMillicredits, p => p.UnrecoveredMillicredits + result.Unrecovered), c),
            ct);
        if (taken is null) return $"Ignored: refunds up to {Money(refunded, payment.Currency)} on charge {charge.Id} were already applied.";
        return $"Refund on charge {charge.Id}: took back {CreditAmount.Credits(taken.Taken)}" +
               (taken.Unrecovered > 0 ? $"; {CreditAmount.Credits(taken.Unrecovered)} were already spent and could not be recovered." : ".");
    }

    private async Task<string> DisputeOpenedAsync(Dispute dispute, CancellationToken ct)
    {
        var payment = await PaymentOfIntentAsync(dispute.PaymentIntentId, ct)
                      ?? throw new StripeEventNotReadyException($"Dispute {dispute.Id} names no purchase recorded here (yet).");

        var wallet = await credits.EnsureWalletAsync(payment.WorkspaceId, ct);
        var reservationId = Guid.NewGuid();
        var frozen = await credits.TakeUpToAsync(payment.WorkspaceId, LedgerEntryType.ReservationHold,
            $"Frozen while the card payment for {payment.PackageCode} is disputed",
            $"payment:{payment.Id}:dispute:{dispute.Id}:freeze", $"reservation:{reservationId}",
            claim: async c =>
            {
                var claimed = await Payments.Where(p => p.Id == payment.Id && p.ChargeDisputeId == null)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(p => p.ChargeDisputeId, dispute.Id)
                        .SetProperty(p => p.ChargeDisputeStatus, dispute.Status), c);
                if (claimed == 0) return null;
                var left = await Payments.AsNoTracking().Where(p => p.Id == payment.Id)
                    .Select(p => p.CreditsMillicredits - p.ClawedBackMillicredits - p.UnrecoveredMillicredits).SingleAsync(c);
                return Math.Max(0, left);
            },
            record: async (result, c) =>
            {
                if (result.Taken == 0) return;
                db.CreditReservations.Add(new CreditReservation
                {
                    Id = reservationId,
                    WalletId = wallet.Id,
                    WorkspaceId = payment.WorkspaceId,
                    AmountMillicredits = result.Taken,
                    Description = $"Card dispute {dispute.Id}",
                    ExpiresAt = FrozenUntil,
                    CreatedAt = Now,
                });
                await Payments.Where(p => p.Id == payment.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.FrozenReservationId, reservationId), c);
            },
            ct);
        if (frozen is null) return $"Ignored: dispute {dispute.Id} was already applied.";

        var values = new Dictionary<string, string>
        {
            ["Workspace"] = await WorkspaceNameAsync(payment.WorkspaceId, ct),
            ["Dispute"] = dispute.Id,
            ["Amount"] = Money(dispute.Amount, dispute.Currency),
            ["Reason"] = dispute.Reason ?? "not given",
            ["Frozen"] = CreditAmount.Credits(frozen.Taken),
            ["Unfrozen"] = CreditAmount.Credits(frozen.Unrecovered),
            ["AdminUrl"] = Link($"/admin/credits/{payment.WorkspaceId}"),
        };
        foreach (var to in await db.AdminEmailsAsync(ct)) outbox.Queue(to, "card-dispute", values);
        await db.SaveChangesAsync(ct);
        return $"Dispute {dispute.Id}: froze {CreditAmount.Credits(frozen.Taken)} of payment {payment.StripeObjectId}.";
    }

    private async Task<string> DisputeClosedAsync(Dispute dispute, CancellationToken ct)
    {
        var payment = await Payments.AsNoTracking().FirstOrDefaultAsync(p => p.ChargeDisputeId == dispute.Id, ct);
        if (payment is null) throw new StripeEventNotReadyException($"Dispute {dispute.Id} has not been opened here (yet).");
        await Payments.Where(p => p.Id == payment.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ChargeDisputeStatus, dispute.Status), ct);
        if (payment.FrozenReservationId is not { } frozen) return $"Dispute {dispute.Id} closed ({dispute.Status}); nothing was frozen.";

        if (dispute.Status == "lost")
        {
            // The money went back to the card holder: the frozen credits are gone for good.
            var held = await credits.FindReservationAsync(frozen, ct);
            var result = await credits.CaptureAsync(frozen, held?.AmountMillicredits ?? 0, $"payment:{payment.Id}:dispute:{dispute.Id}:lost", ct);
            return $"Dispute {dispute.Id} lost: {result.Outcome} the frozen credits.";
        }
        var released = await credits.ReleaseAsync(frozen, $"payment:{payment.Id}:dispute:{dispute.Id}:released", ct);
        return $"Dispute {dispute.Id} closed ({dispute.Status}): frozen credits {released.Outcome}.";
    }

    /// <summary>
    /// A pack's payment names its intent (from the checkout session). A subscription invoice's does not:
    /// Stripe is asked which invoice the intent paid, and the answer is kept on the payment so the next
    /// refund or dispute of it is found without asking again.
    /// </summary>
    private async Task<Payment?> PaymentOfIntentAsync(string? intent, CancellationToken ct)
    {
        if (intent is null) return null;
        var payment = await Payments.AsNoTracking().FirstOrDefaultAsync(p => p.PaymentIntentId == intent, ct);
        if (payment is not null || await gateway.InvoicePaidByAsync(intent, ct) is not { } invoiceId) return payment;

        await Payments.Where(p => p.StripeObjectId == invoiceId && p.PaymentIntentId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.PaymentIntentId, intent), ct);
        return await Payments.AsNoTracking().FirstOrDefaultAsync(p => p.StripeObjectId == invoiceId, ct);
    }

    private async Task EnsureSubscriptionAsync(Guid workspaceId, string subscriptionId, string? customerId, string packageCode,
        bool sandbox, CancellationToken ct)
    {
        if (await Subscriptions.AnyAsync(s => s.StripeSubscriptionId == subscriptionId, ct)) return;
        var row = new BillingSubscription
        {
            WorkspaceId = workspaceId,
            StripeSubscriptionId = subscriptionId,
            StripeCustomerId = customerId,
            PackageCode = packageCode,
            // Paid at checkout or by an invoice; subscription events (ordered by LastEventAt) refine it.
            Status = "active",
            IsSandbox = sandbox,
            LastEventAt = DateTime.UnixEpoch,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        await InsertOnceAsync(db.BillingSubscriptions, row, ct);
    }

    private Task AdvancePeriodAsync(string subscriptionId, DateTime start, DateTime end, CancellationToken ct) =>
        Subscriptions.Where(s => s.StripeSubscriptionId == subscriptionId && (s.CurrentPeriodStart == null || s.CurrentPeriodStart < start))
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.CurrentPeriodStart, start)
                .SetProperty(x => x.CurrentPeriodEnd, end)
                .SetProperty(x => x.UpdatedAt, Now), ct);

    private async Task RememberCustomerAsync(Guid workspaceId, string? customerId, CancellationToken ct)
    {
        if (customerId is null || await db.BillingCustomers.IgnoreQueryFilters(QueryFilters.Workspace).AnyAsync(c => c.WorkspaceId == workspaceId, ct)) return;
        await InsertOnceAsync(db.BillingCustomers,
            new BillingCustomer { WorkspaceId = workspaceId, StripeCustomerId = customerId, CreatedAt = Now }, ct);
    }

    /// <summary>Inserts unless a unique index says a concurrent handler already did.</summary>
    private async Task InsertOnceAsync<T>(DbSet<T> set, T row, CancellationToken ct) where T : class
    {
        set.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }

    /// <summary>
    /// Writes the payment with its receipt mail and the checkout's completion in one SaveChanges. The
    /// unique StripeObjectId makes the second of two concurrent handlers fail here and write nothing.
    /// </summary>
    private async Task<bool> RecordPaymentAsync(Payment payment, Func<Task> queueReceipts, CancellationToken ct)
    {
        if (await Payments.AnyAsync(p => p.StripeObjectId == payment.StripeObjectId, ct))
        {
            DiscardPending();
            return false;
        }
        db.Payments.Add(payment);
        await queueReceipts();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            DiscardPending();
            if (await Payments.AnyAsync(p => p.StripeObjectId == payment.StripeObjectId, ct)) return false;
            throw;
        }
        return true;
    }

    private void DiscardPending()
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList())
            entry.State = EntityState.Detached;
    }

    private async Task<List<string>> ReceiptRecipientsAsync(CheckoutSession checkout, CancellationToken ct)
    {
        var to = await db.OwnerEmailsAsync(checkout.WorkspaceId, ct);
        if (checkout.CustomerEmail is { } buyer && !to.Contains(buyer, StringComparer.OrdinalIgnoreCase)) to.Add(buyer);
        return to;
    }

    private async Task<Dictionary<string, string>> ReceiptValuesAsync(Guid workspaceId, Payment payment, string? packageName, CancellationToken ct) => new()
    {
        ["Workspace"] = await WorkspaceNameAsync(workspaceId, ct),
        ["Package"] = packageName ?? payment.PackageCode,
        ["Amount"] = Money(payment.AmountCents, payment.Currency),
        ["Credits"] = CreditAmount.Credits(payment.CreditsMillicredits),
        ["Balance"] = CreditAmount.Credits(await credits.BalanceAsync(workspaceId, ct) ?? 0),
        ["Reference"] = payment.StripeObjectId,
        ["HistoryUrl"] = Link("/credits/history"),
    };

    private Task<string> WorkspaceNameAsync(Guid workspaceId, CancellationToken ct) =>
        db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.Name).SingleAsync(ct);

    private Task<CreditPackage?> PackageAsync(string code, CancellationToken ct) =>
        db.CreditPackages.AsNoTracking().SingleOrDefaultAsync(p => p.Code == code, ct);

    /// <summary>A plan changed in the Customer Portal shows up as a Stripe price; our metadata is the fallback.</summary>
    private async Task<CreditPackage?> PackageAsync(string? priceId, string? metadataCode, string? knownCode, CancellationToken ct)
    {
        if (priceId is not null && await db.CreditPackages.AsNoTracking().FirstOrDefaultAsync(p => p.StripePriceId == priceId, ct) is { } byPrice)
            return byPrice;
        foreach (var code in new[] { metadataCode, knownCode })
            if (code is not null && await PackageAsync(code, ct) is { Kind: CreditPackageKind.Subscription } package)
                return package;
        return null;
    }

    private static Guid? WorkspaceFrom(Dictionary<string, string>? metadata) =>
        metadata?.GetValueOrDefault("workspace_id") is { } text && Guid.TryParse(text, out var id) ? id : null;

    private string Link(string path) => links.Link(path);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public static string Money(long cents, string? currency) =>
        $"{(currency ?? "usd").ToUpperInvariant()} {cents / 100}.{Math.Abs(cents % 100):00}";
}
