using Microsoft.EntityFrameworkCore;
using Streamline.Tests.Support;

namespace Streamline.Tests.Onboarding;

/// <summary>What the onboarding and widget tests do as people: htmx posts and joining a workspace as a member.</summary>
public static class SetupClients
{
    /// <summary>A post as htmx sends it: the antiforgery token in the header, HX-Request set.</summary>
    public static async Task<HttpResponseMessage> HtmxPostAsync(this AppClient client, string url, IDictionary<string, string> fields)
    {
        var token = await client.AntiforgeryTokenAsync("/app");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        return await client.Http.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> HtmxGetAsync(this AppClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        return await client.Http.SendAsync(request);
    }

    /// <summary>A new user invited by the owner, who accepts and so works in the owner's workspace as a member.</summary>
    public static async Task<AppClient> NewMemberAsync(StreamlineApp app, AppClient owner)
    {
        var (member, email) = await AppClient.SignedInUserAsync(app);
        (await owner.PostFormAsync("/workspace", new Dictionary<string, string> { ["Invite.Email"] = email }, "/workspace?handler=Invite"))
            .EnsureRedirect("/workspace");
        await using var db = app.Database.NewContext();
        var mail = await db.EmailMessages.SingleAsync(m => m.To == email && m.Template == "workspace-invitation");
        (await member.PostFormAsync(AppClient.PathOf(AppClient.LinkTo("/invitations/accept", mail.TextBody)), new Dictionary<string, string>()))
            .EnsureRedirect("/app");
        return member;
    }

    public static async Task<Guid> WorkspaceIdOfAsync(StreamlineApp app, string email)
    {
        await using var db = app.Database.NewContext();
        return (await db.Users.SingleAsync(u => u.Email == email)).CurrentWorkspaceId!.Value;
    }
}
