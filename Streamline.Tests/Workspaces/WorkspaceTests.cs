using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Workspaces;

public abstract class WorkspaceTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private static Dictionary<string, string> Invite(string email) => new() { ["Invite.Email"] = email };

    [Fact]
    public async Task An_owner_invites_by_mail_and_the_invitee_joins_and_switches_to_the_workspace()
    {
        var (owner, _) = await AppClient.SignedInUserAsync(app, workspace: "Acme Bakery");
        var (invitee, inviteeEmail) = await AppClient.SignedInUserAsync(app, workspace: "Own Shop");

        (await owner.PostFormAsync("/workspace", Invite(inviteeEmail), "/workspace?handler=Invite")).EnsureRedirect("/workspace");

        await using var db = app.Database.NewContext();
        var mail = await db.EmailMessages.SingleAsync(m => m.To == inviteeEmail && m.Template == "workspace-invitation");
        Assert.Contains("Acme Bakery", mail.Subject);
        var acceptPage = AppClient.PathOf(AppClient.LinkTo("/invitations/accept", mail.TextBody));
        (await invitee.PostFormAsync(acceptPage, new Dictionary<string, string>())).EnsureRedirect("/app");

        var dashboard = await invitee.GetDocumentAsync("/app");
        Assert.Contains("Acme Bakery", dashboard.QuerySelector("main")!.TextContent);
        var members = await invitee.GetDocumentAsync("/workspace");
        Assert.Contains(inviteeEmail, members.QuerySelector("main")!.TextContent);

        // Switch back to the invitee's own workspace.
        // Found by its owner, not its name: other classes on the same app have workspaces called "Own Shop" too.
        var own = await db.Workspaces.SingleAsync(w => w.Name == "Own Shop"
            && w.Members.Any(m => m.Role == WorkspaceRole.Owner && db.Users.Any(u => u.Id == m.UserId && u.Email == inviteeEmail)));
        (await invitee.PostFormAsync("/app", new Dictionary<string, string> { ["workspaceId"] = own.Id.ToString() }, "/workspace/switch"))
            .EnsureRedirect("/app");
        Assert.Contains("Own Shop", (await invitee.GetDocumentAsync("/app")).QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task One_person_can_send_only_so_many_invitations_an_hour()
    {
        var (owner, _) = await AppClient.SignedInUserAsync(app);
        for (var i = 0; i < WorkspaceService.InvitationsPerUserPerHour; i++)
            (await owner.PostFormAsync("/workspace", Invite($"many-{i}-{Guid.NewGuid():N}@example.test"), "/workspace?handler=Invite")).EnsureRedirect();
        var onceTooMany = $"too-many-{Guid.NewGuid():N}@example.test";

        var response = await owner.PostFormAsync("/workspace", Invite(onceTooMany), "/workspace?handler=Invite");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("invitations in the last hour", (await AppClient.ParseAsync(response)).QuerySelector("main")!.TextContent);
        await using var db = app.Database.NewContext();
        Assert.False(await db.EmailMessages.AnyAsync(m => m.To == onceTooMany));
    }

    [Fact]
    public async Task A_workspace_can_send_only_so_many_invitations_a_day()
    {
        var (owner, email) = await AppClient.SignedInUserAsync(app);
        await using var db = app.Database.NewContext();
        var member = await db.WorkspaceMembers.IgnoreQueryFilters().SingleAsync(m => db.Users.Any(u => u.Id == m.UserId && u.Email == email));
        var earlier = DateTime.UtcNow.AddHours(-2);
        db.WorkspaceInvitations.AddRange(Enumerable.Range(0, WorkspaceService.InvitationsPerWorkspacePerDay).Select(i => new WorkspaceInvitation
        {
            WorkspaceId = member.WorkspaceId, Email = $"earlier-{i}-{Guid.NewGuid():N}@example.test", TokenHash = Guid.NewGuid().ToString("N"),
            InvitedByUserId = member.UserId, CreatedAt = earlier, ExpiresAt = earlier.AddDays(7),
        }));
        await db.SaveChangesAsync();
        var onceTooMany = $"too-many-{Guid.NewGuid():N}@example.test";

        var response = await owner.PostFormAsync("/workspace", Invite(onceTooMany), "/workspace?handler=Invite");

        Assert.Contains("invitations today", (await AppClient.ParseAsync(response)).QuerySelector("main")!.TextContent);
        Assert.False(await db.EmailMessages.AnyAsync(m => m.To == onceTooMany));
    }

    [Fact]
    public async Task An_invitation_cannot_be_accepted_by_someone_else()
    {
        var (owner, _) = await AppClient.SignedInUserAsync(app);
        var (stranger, _) = await AppClient.SignedInUserAsync(app);
        var invited = $"invited-{Guid.NewGuid():N}@example.test";
        (await owner.PostFormAsync("/workspace", Invite(invited), "/workspace?handler=Invite")).EnsureRedirect();

        await using var db = app.Database.NewContext();
        var mail = await db.EmailMessages.SingleAsync(m => m.To == invited);
        var response = await stranger.PostFormAsync(AppClient.PathOf(AppClient.LinkTo("/invitations/accept", mail.TextBody)), new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"This invitation was sent to {invited}", await response.Content.ReadAsStringAsync());
        var invitation = await db.WorkspaceInvitations.IgnoreQueryFilters().SingleAsync(i => i.Email == invited);
        Assert.Null(invitation.AcceptedAt);
    }

    [Fact]
    public async Task Another_workspaces_invitation_is_a_404_for_reading_and_for_revoking()
    {
        var (owner, _) = await AppClient.SignedInUserAsync(app);
        var (other, _) = await AppClient.SignedInUserAsync(app);
        var invited = $"target-{Guid.NewGuid():N}@example.test";
        (await owner.PostFormAsync("/workspace", Invite(invited), "/workspace?handler=Invite")).EnsureRedirect();
        await using var db = app.Database.NewContext();
        var id = (await db.WorkspaceInvitations.IgnoreQueryFilters().SingleAsync(i => i.Email == invited)).Id;

        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync($"/workspace/invitations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/workspace/invitations/{id}")).StatusCode);

        var token = await other.AntiforgeryTokenAsync("/workspace");
        var revoke = new HttpRequestMessage(HttpMethod.Post, $"/workspace?handler=Revoke&id={id}");
        revoke.Headers.Add("RequestVerificationToken", token);
        revoke.Headers.Add("HX-Request", "true");
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.SendAsync(revoke)).StatusCode);

        await using var check = app.Database.NewContext();
        Assert.Null((await check.WorkspaceInvitations.IgnoreQueryFilters().SingleAsync(i => i.Id == id)).RevokedAt);
    }

    [Fact]
    public async Task Switching_to_a_workspace_the_user_is_not_a_member_of_is_a_404()
    {
        var (intruder, intruderEmail) = await AppClient.SignedInUserAsync(app);
        var (_, victimEmail) = await AppClient.SignedInUserAsync(app, workspace: "Victim Ltd");
        await using var db = app.Database.NewContext();
        var victim = await db.Users.SingleAsync(u => u.Email == victimEmail);

        var response = await intruder.PostFormAsync("/app",
            new Dictionary<string, string> { ["workspaceId"] = victim.CurrentWorkspaceId!.Value.ToString() }, "/workspace/switch");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var intruderUser = await db.Users.AsNoTracking().SingleAsync(u => u.Email == intruderEmail);
        Assert.NotEqual(victim.CurrentWorkspaceId, intruderUser.CurrentWorkspaceId);
        Assert.DoesNotContain("Victim Ltd", (await intruder.GetDocumentAsync("/app")).Body!.TextContent);
    }

    [Fact]
    public async Task An_htmx_invite_returns_the_form_fragment_with_the_new_row()
    {
        var (owner, _) = await AppClient.SignedInUserAsync(app);
        var token = await owner.AntiforgeryTokenAsync("/workspace");
        var invited = $"htmx-{Guid.NewGuid():N}@example.test";
        var request = new HttpRequestMessage(HttpMethod.Post, "/workspace?handler=Invite")
        {
            Content = new FormUrlEncodedContent(Invite(invited)),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);

        var response = await owner.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html);
        Assert.Contains($"Invitation sent to {invited}", html);
        Assert.Contains("hx-swap-oob", html);
    }

    [Fact]
    public async Task An_invalid_htmx_invite_comes_back_as_the_form_with_its_message()
    {
        var (owner, _) = await AppClient.SignedInUserAsync(app);
        var token = await owner.AntiforgeryTokenAsync("/workspace");
        var request = new HttpRequestMessage(HttpMethod.Post, "/workspace?handler=Invite") { Content = new FormUrlEncodedContent(Invite("not-an-address")) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);

        var html = await (await owner.Http.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("look like an e-mail address", html);
        Assert.DoesNotContain("hx-swap-oob", html);
    }
}

[Collection(SharedApps.Sqlite1)]
public sealed class WorkspaceTestsOnSqlite(SqliteApp app) : WorkspaceTests<SqliteApp>(app);

[Collection(SharedApps.Postgres3)]
public sealed class WorkspaceTestsOnPostgres(PostgresApp app) : WorkspaceTests<PostgresApp>(app);
