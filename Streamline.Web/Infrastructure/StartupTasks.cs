using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Hosting;
using Streamline.Core.Onboarding.House;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Infrastructure;

/// <summary>What must be true before the first request: schema, roles, the first SuperAdmin, the house workspace and its content.</summary>
public static class StartupTasks
{
    public const string HouseWorkspaceName = "Stream-line AI";

    public static async Task PrepareDatabaseAsync(IServiceProvider services, bool applyMigrations, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<StreamlineDbContext>();
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupTasks));
        if (applyMigrations)
        {
            // Said before the work, so a first run's pause has a reason on screen.
            if (!await db.Database.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct)) log.LogInformation("Creating the database…");
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            if (pending > 0) log.LogInformation("Applying {Count} {Migrations}…", pending, pending == 1 ? "migration" : "migrations");
            await DatabaseMigrator.MigrateAsync(db, ct);
        }
        else
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
                throw new InvalidOperationException(
                    $"The database has {pending.Count} pending migration(s) ({string.Join(", ", pending)}). " +
                    "Run `dotnet Streamline.Web.dll migrate` (or `dotnet run --project Streamline.Web -- migrate`) first.");
        }

        var roles = sp.GetRequiredService<RoleManager<AppRole>>();
        foreach (var role in new[] { Roles.Admin, Roles.SuperAdmin })
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new AppRole(role));

        await EnsureSuperAdminAsync(sp, ct);
        await sp.GetRequiredService<HouseWorkspaceSeed>().EnsureAsync(ct);
    }

    /// <summary>
    /// Once the server listens: one line saying where to open the app and where its mail goes, the two things
    /// a first run needs. The address is the public one when set, else the one the server actually bound.
    /// </summary>
    public static void AnnounceWhenStarted(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupTasks));
            log.LogInformation("Streamline is ready: open {Url} · mail goes to {Mail}",
                app.Services.GetRequiredService<PublicUrl>().Base, MailDestination(app.Services));
        });
    }

    private static string MailDestination(IServiceProvider services)
    {
        var email = services.GetRequiredService<IOptions<EmailOptions>>().Value;
        return email.Transport == MailTransportKind.Smtp
            ? $"the SMTP server {email.Smtp.Host}:{email.Smtp.Port}"
            : $"{services.GetRequiredService<StreamlinePaths>().MailPickupDirectory} (also listed on /admin/mail)";
    }

    private static async Task EnsureSuperAdminAsync(IServiceProvider sp, CancellationToken ct)
    {
        var config = sp.GetRequiredService<IConfiguration>();
        var env = sp.GetRequiredService<IHostEnvironment>();
        var email = config["Admin:SuperAdminEmail"];
        if (string.IsNullOrWhiteSpace(email)) return;

        var users = sp.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(email) is not null) return;

        var password = config["Admin:SuperAdminPassword"];
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            if (!env.IsDevelopment())
                throw new InvalidOperationException(
                    "Admin:SuperAdminEmail is set but Admin:SuperAdminPassword is not. Outside Development the first " +
                    "SuperAdmin's password must come from configuration (an environment variable or a secret store).");
            password = GeneratePassword();
        }

        var db = sp.GetRequiredService<StreamlineDbContext>();
        var clock = sp.GetRequiredService<TimeProvider>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var admin = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Platform admin",
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        Check(await users.CreateAsync(admin, password!));
        Check(await users.AddToRolesAsync(admin, [Roles.Admin, Roles.SuperAdmin]));

        var house = await db.Workspaces.FirstOrDefaultAsync(w => w.IsHouse, ct)
                    ?? sp.GetRequiredService<WorkspaceService>().Create(HouseWorkspaceName, admin.Id, isHouse: true);
        if (!house.Members.Any(m => m.UserId == admin.Id) && db.Entry(house).State != EntityState.Added)
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = house.Id, UserId = admin.Id, Role = WorkspaceRole.Owner, JoinedAt = clock.GetUtcNow().UtcDateTime });
        admin.CurrentWorkspaceId = house.Id;
        await db.SaveChangesAsync(ct);
        Check(await users.UpdateAsync(admin));
        await tx.CommitAsync(ct);

        if (generated)
        {
            // Printed once, on the console only: it is never logged or stored in clear anywhere.
            Console.WriteLine();
            Console.WriteLine("==================================================================");
            Console.WriteLine(" Streamline SuperAdmin created for this development database");
            Console.WriteLine($"   e-mail:   {email}");
            Console.WriteLine($"   password: {password}");
            Console.WriteLine(" It will not be shown again. Change it under Account > Password.");
            Console.WriteLine("==================================================================");
            Console.WriteLine();
        }
    }

    private static string GeneratePassword() =>
        "Sl-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Could not create the SuperAdmin: " + string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
