using Microsoft.AspNetCore.Identity;
using Streamline.Core.Accounts;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Bench;

/// <summary>
/// Only mapped when Bench:Enabled is true (bench/pages.sh, bench/chat.sh and bench/analytics.sh set it): a sign-in for a benchmark user
/// and the chat's floor (<see cref="BenchChatFloor"/>); the pages' floor is a Razor page (/bench/floor). Never enable
/// it on a real deployment.
/// </summary>
public static class BenchEndpoints
{
    private const string BenchEmail = "bench@streamline.local";

    public static void MapBenchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapBenchChatFloor();
        app.MapBenchAnalytics();
        app.MapBenchChannels();
        app.MapPost("/bench/login", async (UserManager<AppUser> users, SignInManager<AppUser> signIn,
                WorkspaceService workspaces, StreamlineDbContext db, TimeProvider clock) =>
            {
                var user = await users.FindByEmailAsync(BenchEmail);
                if (user is null)
                {
                    user = new AppUser { UserName = BenchEmail, Email = BenchEmail, EmailConfirmed = true, DisplayName = "Bench", CreatedAt = clock.GetUtcNow().UtcDateTime };
                    await users.CreateAsync(user);
                    user.CurrentWorkspaceId = workspaces.Create("Bench workspace", user.Id).Id;
                    await db.SaveChangesAsync();
                    await users.UpdateAsync(user);
                }
                await signIn.SignInAsync(user, isPersistent: false);
                return Results.Ok();
            })
            .AllowAnonymous()
            .DisableAntiforgery();
    }
}
