using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Credits;
using Streamline.Core.Email;
using Streamline.Core.Workspaces;

namespace Streamline.Tests.Credits;

public abstract class CreditNotificationTests<TDatabase>(TDatabase fixture) : IClassFixture<TDatabase> where TDatabase : CreditsDatabase
{
    private const long Credit = 1_000;

    [Fact]
    public async Task A_tampered_balance_is_mailed_once_to_every_admin_and_to_nobody_else()
    {
        var admin = await NewUserAsync(Roles.Admin);
        var superAdmin = await NewUserAsync(Roles.SuperAdmin);
        var bystander = await NewUserAsync(role: null);
        var workspace = await OwnedWorkspaceAsync(bystander);
        await GrantAsync(workspace, 10 * Credit);
        var walletId = await WalletIdAsync(workspace);
        await AdjustBalanceBehindTheLedgerAsync(walletId, 5_001);
        try
        {
            var (job, db) = fixture.NewReconciliation();
            await using (db)
                Assert.Equal(1, await job.RunAsync(CancellationToken.None));

            var mails = await DiscrepancyMailsAsync();
            foreach (var to in new[] { admin, superAdmin })
            {
                var mail = Assert.Single(mails, m => m.To == to);
                Assert.Contains(walletId.ToString(), mail.TextBody);
                Assert.Contains(workspace.ToString(), mail.TextBody);
                Assert.Contains("balance 15.001, ledger sum 10.000", mail.TextBody);
                Assert.Equal(EmailStatus.Pending, mail.Status);
            }
            Assert.DoesNotContain(mails, m => m.To == bystander);
        }
        finally
        {
            // The class shares one database; leave it reconciled for the other tests.
            await AdjustBalanceBehindTheLedgerAsync(walletId, -5_001);
        }
    }

    [Fact]
    public async Task Reconciliation_without_a_discrepancy_mails_nobody()
    {
        await NewUserAsync(Roles.Admin);
        await GrantAsync(await fixture.NewWorkspaceAsync(), 10 * Credit);
        var before = (await DiscrepancyMailsAsync()).Count;

        var (job, db) = fixture.NewReconciliation();
        await using (db)
            Assert.Equal(0, await job.RunAsync(CancellationToken.None));

        Assert.Equal(before, (await DiscrepancyMailsAsync()).Count);
    }

    [Fact]
    public async Task Fifty_concurrent_spends_crossing_the_threshold_send_exactly_one_low_balance_mail()
    {
        var owner = await NewUserAsync(role: null);
        var member = await NewUserAsync(role: null);
        var workspace = await OwnedWorkspaceAsync(owner, member);
        await GrantAsync(workspace, 100 * Credit);
        await WithServiceAsync(c => c.SetLowBalanceThresholdAsync(workspace, 60 * Credit));

        var results = await fixture.ConcurrentlyAsync(50, i => WithServiceAsync(c =>
            c.SpendAsync(workspace, Credit, LedgerEntryType.Consumption, "test spend", Key(), null, null)));

        Assert.All(results, r => Assert.True(r.Succeeded));
        var mail = Assert.Single(await LowBalanceMailsAsync(owner));
        // The balance the claiming debit left: the first below the threshold, or on PostgreSQL's one-statement path, where the
        // claim follows the debit's commit, possibly one a concurrent debit left a moment later.
        var told = System.Text.RegularExpressions.Regex.Match(mail.TextBody, @"dropped to (\d+) credits, below your alert threshold of 60 credits");
        Assert.True(told.Success, mail.TextBody);
        Assert.InRange(int.Parse(told.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 50, 59);
        Assert.Contains("Top up: https://app.example/credits", mail.TextBody);
        Assert.Contains("<a href=\"https://app.example/credits\">Top up</a>", mail.HtmlBody);
        Assert.Empty(await LowBalanceMailsAsync(member));
        await using var db = fixture.Database.NewContext();
        Assert.NotNull(await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => w.LowBalanceNotifiedAt).SingleAsync());
    }

    [Fact]
    public async Task Coming_back_above_the_threshold_by_a_grant_or_a_release_arms_the_next_crossing()
    {
        var owner = await NewUserAsync(role: null);
        var workspace = await OwnedWorkspaceAsync(owner);
        await GrantAsync(workspace, 12 * Credit);
        await WithServiceAsync(c => c.SetLowBalanceThresholdAsync(workspace, 10 * Credit));

        await SpendAsync(workspace, 3 * Credit); // 9: crosses
        await SpendAsync(workspace, 1 * Credit); // 8: still below, no second mail
        Assert.Single(await LowBalanceMailsAsync(owner));

        await GrantAsync(workspace, 5 * Credit); // 13: back above
        var hold = await WithServiceAsync(c => c.ReserveAsync(workspace, 4 * Credit, "hold", TimeSpan.FromMinutes(5), Key(), null)); // 9: crosses
        Assert.True(hold.Succeeded);
        Assert.Equal(2, (await LowBalanceMailsAsync(owner)).Count);

        Assert.True((await WithServiceAsync(c => c.ReleaseAsync(hold.ReservationId!.Value, Key()))).Succeeded); // 13: back above
        await SpendAsync(workspace, 3 * Credit + 1); // 9.999: crosses
        var mails = await LowBalanceMailsAsync(owner);
        Assert.Equal(3, mails.Count);
        Assert.Contains(mails, m => m.TextBody.Contains("9.999 credits"));
    }

    [Fact]
    public async Task A_spend_below_the_threshold_tells_owners_who_were_not_told_when_a_clawback_took_it_there()
    {
        var owner = await NewUserAsync(role: null);
        var workspace = await OwnedWorkspaceAsync(owner);
        await GrantAsync(workspace, 12 * Credit);
        await WithServiceAsync(c => c.SetLowBalanceThresholdAsync(workspace, 10 * Credit));

        // A clawback takes what it must whatever the balance, and tells nobody: the owners learn of the low balance when they next spend.
        var taken = await WithServiceAsync(c => c.TakeUpToAsync(workspace, LedgerEntryType.Clawback, "refunded purchase", Key(), null,
            _ => Task.FromResult<long?>(5 * Credit), (_, _) => Task.CompletedTask));
        Assert.Equal(5 * Credit, taken!.Taken);
        Assert.Empty(await LowBalanceMailsAsync(owner));

        await SpendAsync(workspace, 1 * Credit); // 6
        await SpendAsync(workspace, 1 * Credit); // 5: told already
        var mail = Assert.Single(await LowBalanceMailsAsync(owner));
        Assert.Contains("dropped to 6 credits", mail.TextBody);
    }

    [Fact]
    public async Task A_capture_that_gives_back_enough_arms_the_next_crossing_and_one_that_does_not_keeps_the_owners_told()
    {
        var owner = await NewUserAsync(role: null);
        var workspace = await OwnedWorkspaceAsync(owner);
        await GrantAsync(workspace, 12 * Credit);
        await WithServiceAsync(c => c.SetLowBalanceThresholdAsync(workspace, 10 * Credit));

        var first = await WithServiceAsync(c => c.ReserveAsync(workspace, 4 * Credit, "hold", TimeSpan.FromMinutes(5), Key(), null)); // 8: crosses
        Assert.True((await WithServiceAsync(c => c.CaptureAsync(first.ReservationId!.Value, 3 * Credit, Key()))).Succeeded); // 9: still below
        await SpendAsync(workspace, 1 * Credit); // 8: told already
        Assert.Single(await LowBalanceMailsAsync(owner));

        await GrantAsync(workspace, 3 * Credit); // 11: back above
        var second = await WithServiceAsync(c => c.ReserveAsync(workspace, 4 * Credit, "hold", TimeSpan.FromMinutes(5), Key(), null)); // 7: crosses
        Assert.Equal(2, (await LowBalanceMailsAsync(owner)).Count);
        Assert.True((await WithServiceAsync(c => c.CaptureAsync(second.ReservationId!.Value, 1 * Credit, Key()))).Succeeded); // 10: back at it
        await SpendAsync(workspace, 1); // 9.999: crosses
        Assert.Equal(3, (await LowBalanceMailsAsync(owner)).Count);
    }

    [Fact]
    public async Task A_threshold_of_zero_never_sends_a_low_balance_mail()
    {
        var owner = await NewUserAsync(role: null);
        var workspace = await OwnedWorkspaceAsync(owner);
        await GrantAsync(workspace, 10 * Credit);
        await WithServiceAsync(c => c.SetLowBalanceThresholdAsync(workspace, 0));

        await SpendAsync(workspace, 9 * Credit);
        await SpendAsync(workspace, 1 * Credit);

        Assert.Empty(await LowBalanceMailsAsync(owner));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => WithServiceAsync(c => c.SetLowBalanceThresholdAsync(workspace, -1)));
    }

    private async Task<string> NewUserAsync(string? role)
    {
        await using var db = fixture.Database.NewContext();
        var email = $"{Guid.NewGuid():N}@credits.test";
        var user = new AppUser { UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant() };
        db.Users.Add(user);
        if (role is not null)
        {
            var existing = await db.Roles.SingleOrDefaultAsync(r => r.Name == role);
            if (existing is null) db.Roles.Add(existing = new AppRole(role) { NormalizedName = role.ToUpperInvariant() });
            db.UserRoles.Add(new() { UserId = user.Id, RoleId = existing.Id });
        }
        await db.SaveChangesAsync();
        return email;
    }

    /// <summary>A workspace whose first user is its owner and the rest plain members.</summary>
    private async Task<Guid> OwnedWorkspaceAsync(string owner, params string[] members)
    {
        var workspace = await fixture.NewWorkspaceAsync();
        await using var db = fixture.Database.NewContext();
        foreach (var (email, role) in members.Select(m => (m, WorkspaceRole.Member)).Prepend((owner, WorkspaceRole.Owner)))
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace, UserId = userId, Role = role, JoinedAt = DateTime.UtcNow });
        }
        await db.SaveChangesAsync();
        return workspace;
    }

    private async Task AdjustBalanceBehindTheLedgerAsync(Guid walletId, long millicredits)
    {
        await using var db = fixture.Database.NewContext();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE \"Wallets\" SET \"BalanceMillicredits\" = \"BalanceMillicredits\" + {millicredits} WHERE \"Id\" = {walletId}");
    }

    private async Task<Guid> WalletIdAsync(Guid workspace)
    {
        await using var db = fixture.Database.NewContext();
        return await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => w.Id).SingleAsync();
    }

    private async Task<List<EmailMessage>> DiscrepancyMailsAsync()
    {
        await using var db = fixture.Database.NewContext();
        return await db.EmailMessages.Where(m => m.Template == "wallet-discrepancy").ToListAsync();
    }

    private async Task<List<EmailMessage>> LowBalanceMailsAsync(string to)
    {
        await using var db = fixture.Database.NewContext();
        return await db.EmailMessages.Where(m => m.Template == "low-balance" && m.To == to).ToListAsync();
    }

    private async Task GrantAsync(Guid workspace, long amount) =>
        Assert.True((await WithServiceAsync(c => c.GrantAsync(workspace, amount, LedgerEntryType.AdminGrant, "arrange", Key(), null, null))).Succeeded);

    private async Task SpendAsync(Guid workspace, long amount) =>
        Assert.True((await WithServiceAsync(c => c.SpendAsync(workspace, amount, LedgerEntryType.Consumption, "test spend", Key(), null, null))).Succeeded);

    private async Task WithServiceAsync(Func<CreditService, Task> call)
    {
        var (credits, db) = fixture.NewService();
        await using (db) await call(credits);
    }

    private async Task<T> WithServiceAsync<T>(Func<CreditService, Task<T>> call)
    {
        var (credits, db) = fixture.NewService();
        await using (db) return await call(credits);
    }

    private static string Key() => $"test:{Guid.NewGuid():N}";
}

public sealed class CreditNotificationTestsOnSqlite(SqliteCreditsDatabase fixture) : CreditNotificationTests<SqliteCreditsDatabase>(fixture);

public sealed class CreditNotificationTestsOnPostgres(PostgresCreditsDatabase fixture) : CreditNotificationTests<PostgresCreditsDatabase>(fixture);

public sealed class CreditNotificationTestsOnPostgresWithoutFastPaths(PortablePostgresCreditsDatabase fixture)
    : CreditNotificationTests<PortablePostgresCreditsDatabase>(fixture);
