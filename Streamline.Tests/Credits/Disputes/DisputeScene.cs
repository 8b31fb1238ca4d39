using Microsoft.EntityFrameworkCore;
using Streamline.Core.Accounts;
using Streamline.Core.Credits;
using Streamline.Core.Credits.Disputes;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Workspaces;
using Streamline.Tests.Credits;

namespace Streamline.Tests.Credits.Disputes;

/// <summary>
/// A workspace with an owner and a plain member, 100 credits granted and one debit to dispute, plus an
/// admin: what every dispute test starts from. Each scene has its own people, so tests sharing a
/// database never read each other's mail.
/// </summary>
public sealed record DisputeScene(Guid Workspace, string Owner, Guid MemberId, string Member, Guid AdminId, string Admin,
    Guid Grant, Guid Debit)
{
    public const long Credit = 1_000;
    public const long Spent = 10 * Credit;

    public static readonly DisputeLinks Links = new("https://app.test/credits/disputes", id => $"https://app.test/admin/disputes/{id}");
    private static readonly EmailTemplates Templates = new();

    public static async Task<DisputeScene> CreateAsync(CreditsDatabase fixture, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var (ownerId, owner) = await UserAsync(fixture, role: null);
        var (memberId, member) = await UserAsync(fixture, role: null);
        var (adminId, admin) = await UserAsync(fixture, Roles.Admin);
        var workspace = await fixture.NewWorkspaceAsync();
        await using (var db = fixture.Database.NewContext())
        {
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace, UserId = ownerId, Role = WorkspaceRole.Owner, JoinedAt = DateTime.UtcNow });
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace, UserId = memberId, Role = WorkspaceRole.Member, JoinedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        var grant = await CreditsAsync(fixture, clock, c => c.GrantAsync(workspace, 100 * Credit, LedgerEntryType.Purchase, "100 credits", Key(), null, null));
        var debit = await CreditsAsync(fixture, clock, c => c.SpendAsync(workspace, Spent, LedgerEntryType.Consumption, "Video render", Key(), null, null));
        return new(workspace, owner, memberId, member, adminId, admin, grant.EntryId!.Value, debit.EntryId!.Value);
    }

    /// <summary>The dispute service on a context of its own, as one request would have it.</summary>
    public static async Task<T> DisputesAsync<T>(CreditsDatabase fixture, Func<CreditDisputeService, Task<T>> call, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        await using var db = fixture.Database.NewContext();
        var outbox = new EmailOutbox(db, Templates, clock);
        return await call(new CreditDisputeService(db, new CreditService(db, clock, outbox), outbox, clock));
    }

    public static async Task<CreditResult> CreditsAsync(CreditsDatabase fixture, TimeProvider clock, Func<CreditService, Task<CreditResult>> call)
    {
        await using var db = fixture.Database.NewContext();
        var result = await call(new CreditService(db, clock, new EmailOutbox(db, Templates, clock)));
        Assert.True(result.Succeeded);
        return result;
    }

    public Task<DisputeResult> SubmitAsync(CreditsDatabase fixture, long requested = 4 * Credit, Guid? entry = null, TimeProvider? clock = null) =>
        DisputesAsync(fixture, s => s.SubmitAsync(Workspace, MemberId,
            new DisputeRequest(entry ?? Debit, DisputeReason.ServiceNotDelivered, "The render never finished.", requested), Links), clock);

    public static async Task<(Guid Id, string Email)> UserAsync(CreditsDatabase fixture, string? role)
    {
        await using var db = fixture.Database.NewContext();
        var email = $"{Guid.NewGuid():N}@disputes.test";
        var user = new AppUser { UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant() };
        db.Users.Add(user);
        if (role is not null)
        {
            var existing = await db.Roles.SingleOrDefaultAsync(r => r.Name == role);
            if (existing is null) db.Roles.Add(existing = new AppRole(role) { NormalizedName = role.ToUpperInvariant() });
            db.UserRoles.Add(new() { UserId = user.Id, RoleId = existing.Id });
        }
        await db.SaveChangesAsync();
        return (user.Id, email);
    }

    public static string Key() => $"test:{Guid.NewGuid():N}";

    public static async Task<List<EmailMessage>> MailsAsync(StreamlineDbContext db, string to, string template) =>
        await db.EmailMessages.Where(m => m.To == to && m.Template == template).ToListAsync();
}
