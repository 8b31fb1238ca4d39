using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Accounts;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Support;

namespace Streamline.Tests.Channels;

/// <summary>A workspace whose owner is signed in over HTTP, with helpers for the channels pages and the sandbox phone.</summary>
public sealed class ChannelPagesScene : IDisposable
{
    private ChannelPagesScene(StreamlineApp app, AppClient owner, string ownerEmail, Guid workspaceId)
    {
        App = app;
        Owner = owner;
        OwnerEmail = ownerEmail;
        WorkspaceId = workspaceId;
    }

    public StreamlineApp App { get; }
    public AppClient Owner { get; }
    public string OwnerEmail { get; }
    public Guid WorkspaceId { get; }

    public static async Task<ChannelPagesScene> CreateAsync(StreamlineApp app)
    {
        var (owner, email) = await AppClient.SignedInUserAsync(app);
        await using var db = app.Database.NewContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return new ChannelPagesScene(app, owner, email, user.CurrentWorkspaceId!.Value);
    }

    /// <summary>Makes a sandbox channel through the channels page, as the owner's button does; returns its id.</summary>
    public async Task<Guid> CreateSandboxAsync(ConversationChannel channel)
    {
        var response = await Owner.PostFormAsync("/channels", new Dictionary<string, string>(), $"/channels/Sandbox?channel={channel}");
        response.EnsureRedirect("/channels/");
        var path = response.Headers.Location!.OriginalString;
        return Guid.Parse(path.Split('/')[2]);
    }

    /// <summary>What the owner types into the phone, posted by htmx as the page does; returns the swapped phone.</summary>
    public async Task<HttpResponseMessage> WriteAsync(Guid channelId, string text)
    {
        var token = await Owner.AntiforgeryTokenAsync("/channels");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/channels/{channelId}/sandbox/Send")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = text }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        var response = await Owner.Http.SendAsync(request);
        if (response.IsSuccessStatusCode) await ProcessedAsync(channelId);
        return response;
    }

    /// <summary>
    /// Waits until the pump has made every received message of the channel part of the inbox and answered it: the webhook
    /// only stores what came in, so a test that reads the conversation right after would race it.
    /// </summary>
    public async Task ProcessedAsync(Guid channelId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var db = App.Database.NewContext())
                if (!await db.ChannelInbound.IgnoreQueryFilters(QueryFilters.Workspace).AnyAsync(r => r.ChannelId == channelId && r.ProcessedAt == null))
                    return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The pump left channel {channelId}'s received messages unprocessed.");
            await Task.Delay(50);
        }
    }

    public async Task<MessagingChannel> ChannelAsync(Guid id)
    {
        await using var db = App.Database.NewContext();
        return await db.MessagingChannels.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    /// <summary>Another person of this workspace, a Member rather than an owner, signed in.</summary>
    public async Task<AppClient> MemberAsync()
    {
        var email = $"member-{Guid.NewGuid():N}@example.test";
        await App.WithScopeAsync(async sp =>
        {
            var user = new AppUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = "A Member", CurrentWorkspaceId = WorkspaceId, CreatedAt = DateTime.UtcNow,
            };
            Assert.True((await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, AppClient.Password)).Succeeded);
            var db = sp.GetRequiredService<StreamlineDbContext>();
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = WorkspaceId, UserId = user.Id, Role = WorkspaceRole.Member, JoinedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return true;
        });
        var client = App.NewClient();
        (await client.LoginAsync(email)).EnsureRedirect("/app");
        return client;
    }

    /// <summary>Polls the phone's conversation until <paramref name="until"/> holds or the time is up.</summary>
    public async Task<string> PhoneUntilAsync(Guid channelId, Func<string, bool> until, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var response = await Owner.Http.GetAsync($"/channels/{channelId}/sandbox/Messages");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            if (until(html) || DateTime.UtcNow > deadline) return html;
            await Task.Delay(200);
        }
    }

    public void Dispose() => Owner.Dispose();
}
