using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streamline.Core.Accounts;

namespace Streamline.Core.Audit;

/// <summary>
/// The Identity user manager, recording security events in the audit log. Each entry is staged before the base method
/// runs, so the user store's own save (the failure count, the lockout, the 2FA flag) writes it in the same transaction.
/// This covers the Identity UI pages we did not write (2FA setup, recovery codes) as well as our own.
/// </summary>
public sealed class AuditedUserManager(
    IUserStore<AppUser> store, IOptions<IdentityOptions> options, IPasswordHasher<AppUser> hasher,
    IEnumerable<IUserValidator<AppUser>> userValidators, IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer normalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<AppUser>> logger,
    AuditTrail audit)
    : UserManager<AppUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AccessFailedAsync(AppUser user)
    {
        audit.Stage(Self(user), AuditAction.SignInFailed, null, Subject(user), "Wrong password or two-factor code");
        var max = Options.Lockout.MaxFailedAccessAttempts;
        if (SupportsUserLockout && await GetLockoutEnabledAsync(user) && user.AccessFailedCount + 1 >= max)
            audit.Stage(Self(user), AuditAction.LockedOut, null, Subject(user),
                $"Locked out for {Options.Lockout.DefaultLockoutTimeSpan.TotalMinutes:0} minutes after {max} failed attempts");
        return await Kept(base.AccessFailedAsync(user));
    }

    public override async Task<IdentityResult> SetTwoFactorEnabledAsync(AppUser user, bool enabled)
    {
        if (user.TwoFactorEnabled != enabled)
            audit.Stage(Self(user), enabled ? AuditAction.TwoFactorEnabled : AuditAction.TwoFactorDisabled, null, Subject(user),
                enabled ? "Two-factor sign-in turned on" : "Two-factor sign-in turned off");
        return await Kept(base.SetTwoFactorEnabledAsync(user, enabled));
    }

    public override async Task<IdentityResult> ResetAuthenticatorKeyAsync(AppUser user)
    {
        audit.Stage(Self(user), AuditAction.AuthenticatorReset, null, Subject(user), "A new authenticator key was set");
        return await Kept(base.ResetAuthenticatorKeyAsync(user));
    }

    public override async Task<IEnumerable<string>?> GenerateNewTwoFactorRecoveryCodesAsync(AppUser user, int number)
    {
        audit.Stage(Self(user), AuditAction.RecoveryCodesGenerated, null, Subject(user), $"{number} new recovery codes replaced the old ones");
        var codes = await base.GenerateNewTwoFactorRecoveryCodesAsync(user, number);
        if (codes is null) audit.Discard();
        return codes;
    }

    /// <summary>A refused save (a concurrency stamp that moved) wrote nothing, so neither may its entries stay staged.</summary>
    private async Task<IdentityResult> Kept(Task<IdentityResult> change)
    {
        var result = await change;
        if (!result.Succeeded) audit.Discard();
        return result;
    }

    private static AuditActor Self(AppUser user) => new(user.Id, user.Email ?? user.UserName ?? user.Id.ToString());

    private static string Subject(AppUser user) => $"user:{user.Id}";
}
