using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Admin;

/// <summary>The first SuperAdmin comes from configuration, as on a real server. SQLite; see <see cref="PostgresAdminApp"/>.</summary>
public class AdminApp : StreamlineApp
{
    public const string AdminEmail = "root@example.test";
    public const string AdminPassword = "an admin passphrase";

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Admin:SuperAdminEmail"] = AdminEmail;
        settings["Admin:SuperAdminPassword"] = AdminPassword;
    }

    /// <summary>A client signed in as the configured SuperAdmin.</summary>
    public async Task<AppClient> SuperAdminAsync()
    {
        var admin = NewClient();
        (await admin.LoginAsync(AdminEmail, AdminPassword)).EnsureRedirect("/app");
        return admin;
    }

    /// <summary>A customer promoted to the Admin role (not SuperAdmin) before signing in, so the cookie carries the role.</summary>
    public async Task<AppClient> PlainAdminAsync()
    {
        var client = NewClient();
        var email = $"admin-{Guid.NewGuid():N}@example.test";
        (await client.RegisterAsync(email)).EnsureRedirect();
        (await client.ConfirmFromOutboxAsync(email)).EnsureSuccessStatusCode();
        await WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync(email);
            Assert.True((await users.AddToRoleAsync(user!, Roles.Admin)).Succeeded);
            return true;
        });
        (await client.LoginAsync(email)).EnsureRedirect("/app");
        return client;
    }

    /// <summary>A workspace nobody is signed in to, written straight to the database.</summary>
    public async Task<Guid> NewWorkspaceAsync(string name = "Admin test")
    {
        await using var db = Database.NewContext();
        var workspace = new Workspace { Name = name, CreatedAt = DateTime.UtcNow };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        return workspace.Id;
    }
}

public sealed class PostgresAdminApp : AdminApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
