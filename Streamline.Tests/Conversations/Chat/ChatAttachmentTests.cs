using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Web.Pages.Conversations.Chat;
using AngleSharp.Html.Parser;
using Streamline.Core.Conversations;
using Streamline.Tests.Knowledge;
using Streamline.Tests.Onboarding;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations.Chat;

/// <summary>Files on chat messages: checked by content, stored outside wwwroot, readable only by who may.</summary>
public abstract class ChatAttachmentTests<TApp>(TApp app) where TApp : AdminApp
{
    private IEnumerable<string> FilesOf(Guid workspaceId)
    {
        var directory = ChatWorld.AttachmentDirectory(app, workspaceId);
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories) : [];
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string text)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var notice = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelector(".chat-notice-text")!;
        Assert.Contains(text, notice.TextContent);
    }

    [Fact]
    public async Task Accepted_files_are_stored_under_the_data_directory_and_recorded_on_the_message()
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        await visitor.StartAsync();

        var sent = await visitor.SendOkAsync("Here is our brief", new TestFile("logo.png", TestFile.Png),
            TestFile.Text("notes.txt", "Opening hours: 9–5"), new TestFile("brief.pdf", KnowledgeFiles.Pdf("Our brief")));

        var message = Assert.Single(await ChatWorld.MessagesAsync(app, workspaceId), m => m.Sender == MessageSender.Visitor);
        Assert.Equal(["logo.png", "notes.txt", "brief.pdf"], message.Attachments.Select(a => a.FileName));
        Assert.Equal(["image/png", "text/plain; charset=utf-8", "application/pdf"], message.Attachments.Select(a => a.ContentType));
        Assert.Equal(TestFile.Png.Length, message.Attachments[0].Bytes);
        var stored = FilesOf(workspaceId).ToList();
        Assert.Equal(3, stored.Count);
        Assert.All(stored, path => Assert.StartsWith(Path.Combine(app.DataDirectory, "chat", workspaceId.ToString("N"), message.ConversationId.ToString("N")), path));
        var links = sent.Html.QuerySelectorAll($"#msg-{message.Id} a[data-chat-file]");
        Assert.Equal(message.Attachments.Select(a => $"/chat/files/{message.Id}/{a.Id}"), links.Select(a => a.GetAttribute("href")));
    }

    [Theory]
    [InlineData("setup.png", "MZ-an-executable", "\u201csetup.png\u201d can't be sent")]
    [InlineData("photo.txt", null, "\u201cphoto.txt\u201d can't be sent")]
    [InlineData("script.js", "alert(1)", "\u201cscript.js\u201d can't be sent")]
    [InlineData("empty.txt", "", "\u201cempty.txt\u201d is empty")]
    public async Task A_file_that_is_not_what_it_claims_or_not_accepted_is_refused_and_nothing_is_stored(string name, string? content, string reason)
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        await visitor.StartAsync();
        var bytes = content is null ? TestFile.Png : System.Text.Encoding.UTF8.GetBytes(content);

        await AssertRefusedAsync(await visitor.SendAsync("See attached", TestFile.Text("fine.txt", "fine"), new TestFile(name, bytes)), reason);

        Assert.Empty(await ChatWorld.MessagesAsync(app, workspaceId));
        Assert.Empty(FilesOf(workspaceId));
    }

    [Fact]
    public async Task Files_of_a_message_that_could_not_be_stored_are_not_kept()
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        // A conversation that is not in the database (removed meanwhile): storing the message fails after the files are written.
        var gone = ChatTarget.Widget(workspaceId, Guid.NewGuid());
        IFormFile Upload(string name, byte[] content) => new FormFile(new MemoryStream(content), 0, content.Length, "files", name);

        await Assert.ThrowsAnyAsync<Exception>(() => app.WithScopeAsync(sp => sp.GetRequiredService<ChatPages>().SendAsync(
            gone, "Here is our brief", [Upload("logo.png", TestFile.Png), Upload("notes.txt", "Opening hours"u8.ToArray())],
            ChatLinks.Widget(key), CancellationToken.None)));

        Assert.Empty(FilesOf(workspaceId));
        Assert.Empty(await ChatWorld.MessagesAsync(app, workspaceId));
    }

    [Fact]
    public async Task More_than_three_files_or_a_file_over_five_megabytes_is_refused()
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        await visitor.StartAsync();

        await AssertRefusedAsync(await visitor.SendAsync("Four files",
            Enumerable.Range(1, 4).Select(i => TestFile.Text($"{i}.txt", "text")).ToArray()), "at most 3 files");
        var big = new byte[ChatAttachmentStore.MaxBytes + 1];
        Array.Fill(big, (byte)'a');
        await AssertRefusedAsync(await visitor.SendAsync("Big file", new TestFile("big.txt", big)), "files can be at most 5 MB");

        Assert.Empty(await ChatWorld.MessagesAsync(app, workspaceId));
        Assert.Empty(FilesOf(workspaceId));
    }

    [Fact]
    public async Task A_file_is_downloadable_by_its_visitor_the_workspaces_members_and_admins_only()
    {
        var (owner, ownerEmail) = await AppClient.SignedInUserAsync(app);
        var (workspaceId, key) = await ChatWorld.WidgetOfAsync(app, ownerEmail);
        var member = await SetupClients.NewMemberAsync(app, owner);
        var (outsider, _) = await AppClient.SignedInUserAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        await visitor.StartAsync();
        await visitor.SendOkAsync("Our menu", TestFile.Text("menu.txt", "Bread\nCake"));
        var message = Assert.Single(await ChatWorld.MessagesAsync(app, workspaceId), m => m.Sender == MessageSender.Visitor);
        var url = $"/chat/files/{message.Id}/{message.Attachments[0].Id}";

        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(VisitorToken.Header, visitor.Token);
        var download = await visitor.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("Bread\nCake", await download.Content.ReadAsStringAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("menu.txt", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.Http.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync(url)).StatusCode);
        var admin = app.NewClient();
        (await admin.LoginAsync(AdminApp.AdminEmail, AdminApp.AdminPassword)).EnsureRedirect("/app");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync(url)).StatusCode); // admins read every conversation
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.Http.GetAsync(url)).StatusCode); // no token: anyone on the internet
        using var otherVisitor = new WidgetVisitor(app, key);
        await otherVisitor.StartAsync();
        var theirs = new HttpRequestMessage(HttpMethod.Get, url);
        theirs.Headers.Add(VisitorToken.Header, otherVisitor.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await otherVisitor.Http.SendAsync(theirs)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Http.GetAsync($"/chat/files/{message.Id}/{Guid.NewGuid()}")).StatusCode);
    }
}

[Collection(SharedApps.SqliteAdmin2)]
public sealed class ChatAttachmentTestsOnSqlite(AdminApp app) : ChatAttachmentTests<AdminApp>(app);

[Collection(SharedApps.PostgresAdmin1)]
public sealed class ChatAttachmentTestsOnPostgres(PostgresAdminApp app) : ChatAttachmentTests<PostgresAdminApp>(app);
