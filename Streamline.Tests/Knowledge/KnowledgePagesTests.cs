using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Knowledge;
using Streamline.Tests.Support;

namespace Streamline.Tests.Knowledge;

public abstract class KnowledgePagesTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private readonly KnowledgeScene _scene = new(app);

    private async Task<(AppClient Client, Guid Workspace)> MemberAsync()
    {
        var name = $"Shop {Guid.NewGuid():N}";
        var (client, _) = await AppClient.SignedInUserAsync(app, workspace: name);
        await using var db = app.Database.NewContext();
        return (client, await db.Workspaces.Where(w => w.Name == name).Select(w => w.Id).SingleAsync());
    }

    private static async Task<HttpResponseMessage> UploadAsync(AppClient client, string fileName, byte[] bytes, bool htmx = false)
    {
        var token = await client.AntiforgeryTokenAsync("/knowledge");
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, "/knowledge?handler=Upload") { Content = form };
        request.Headers.Add("RequestVerificationToken", token);
        if (htmx) request.Headers.Add("HX-Request", "true");
        return await client.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostAsync(AppClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Add("RequestVerificationToken", await client.AntiforgeryTokenAsync("/knowledge"));
        request.Headers.Add("HX-Request", "true");
        return await client.Http.SendAsync(request);
    }

    private async Task<KnowledgeDocument> SingleDocumentAsync(Guid workspace)
    {
        await using var db = app.Database.NewContext();
        return await db.KnowledgeDocuments.IgnoreQueryFilters().SingleAsync(d => d.WorkspaceId == workspace);
    }

    [Fact]
    public async Task The_page_shows_the_empty_state_the_limits_and_a_link_to_the_profile()
    {
        var (client, _) = await MemberAsync();

        var page = await client.GetDocumentAsync("/knowledge");

        var main = string.Join(' ', page.QuerySelector("main")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("No documents yet", main);
        Assert.Contains("up to 10 MB each and 50 documents per workspace", main);
        Assert.NotNull(page.QuerySelector("#profile-summary a[href='/onboarding']"));
        Assert.NotNull(page.QuerySelector("form[enctype='multipart/form-data'] input[type=file][name=file]"));
    }

    [Fact]
    public async Task A_member_uploads_a_document_watches_it_become_ready_and_downloads_it()
    {
        var (client, workspace) = await MemberAsync();
        var bytes = KnowledgeFiles.Docx("# Opening hours", "We are open from nine to five on weekdays.");

        (await UploadAsync(client, "hours.docx", bytes)).EnsureRedirect("/knowledge");
        var document = await SingleDocumentAsync(workspace);
        var page = await client.GetDocumentAsync("/knowledge");
        Assert.Contains("hours.docx", page.QuerySelector($"#document-{document.Id}")!.TextContent);

        await _scene.WaitForAsync(document.Id, d => d.Status == DocumentStatus.Ready);
        var row = await client.Http.GetStringAsync($"/knowledge?handler=Row&id={document.Id}");
        Assert.Contains("Ready", row);
        Assert.DoesNotContain("hx-trigger", row); // a finished row stops polling

        var download = await client.Http.GetAsync($"/knowledge?handler=Download&id={document.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_pending_row_polls_for_itself()
    {
        var (client, workspace) = await MemberAsync();
        var upload = await _scene.UploadAsync(workspace, "notes.txt", "Queued for now."u8.ToArray());
        await using (var db = app.Database.NewContext())
            await db.KnowledgeDocuments.IgnoreQueryFilters().Where(d => d.Id == upload.Document!.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DocumentStatus.Processing).SetProperty(d => d.ProcessingStartedAt, DateTime.UtcNow));

        var row = await client.Http.GetStringAsync($"/knowledge?handler=Row&id={upload.Document!.Id}");

        Assert.Contains("hx-trigger=\"every 2s\"", row);
    }

    [Fact]
    public async Task A_refused_upload_shows_the_reason_in_the_form_and_stores_nothing()
    {
        var (client, workspace) = await MemberAsync();

        var response = await UploadAsync(client, "fake.pdf", "not a pdf"u8.ToArray(), htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = await AppClient.ParseAsync(response);
        Assert.Contains("The file is not a PDF", form.QuerySelector("#knowledge-file-error")!.TextContent);
        await using var db = app.Database.NewContext();
        Assert.False(await db.KnowledgeDocuments.IgnoreQueryFilters().AnyAsync(d => d.WorkspaceId == workspace));
        Assert.Empty(_scene.StoredFiles(workspace));
    }

    [Fact]
    public async Task Another_workspaces_member_gets_404_on_every_document_handler_and_never_sees_its_passages()
    {
        var (owner, workspace) = await MemberAsync();
        var (stranger, _) = await MemberAsync();
        var document = await _scene.ReadyDocumentAsync(workspace, "secret.md", "# Supplier\n\nOur flour comes from the Zephyrine mill."u8.ToArray());
        await using (var db = app.Database.NewContext())
            await db.KnowledgeDocuments.IgnoreQueryFilters().Where(d => d.Id == document.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DocumentStatus.Failed)); // so Retry would act

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/knowledge?handler=Download&id={document.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/knowledge?handler=Row&id={document.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(stranger, $"/knowledge?handler=Retry&id={document.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(stranger, $"/knowledge?handler=Delete&id={document.Id}")).StatusCode);

        var after = await SingleDocumentAsync(workspace);
        Assert.Equal(DocumentStatus.Failed, after.Status);
        Assert.Single(_scene.StoredFiles(workspace));
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync($"/knowledge?handler=Download&id={document.Id}")).StatusCode);

        await using (var db = app.Database.NewContext())
            await db.KnowledgeDocuments.IgnoreQueryFilters().Where(d => d.Id == document.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DocumentStatus.Ready));
        var theirs = await stranger.GetDocumentAsync("/knowledge/ask?q=Where+does+your+flour+come+from%3F&channel=Web");
        Assert.DoesNotContain("Zephyrine", theirs.QuerySelector("main")!.TextContent);
        var mine = await owner.GetDocumentAsync("/knowledge/ask?q=Where+does+your+flour+come+from%3F&channel=Web");
        Assert.Contains("Zephyrine", mine.QuerySelector("[data-testid=passage]")!.TextContent);
    }

    [Fact]
    public async Task Deleting_from_the_page_removes_the_row_and_the_document()
    {
        var (client, workspace) = await MemberAsync();
        var document = await _scene.ReadyDocumentAsync(workspace, "old.txt", "Old prices from last year."u8.ToArray());

        var response = await PostAsync(client, $"/knowledge?handler=Delete&id={document.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        await using var db = app.Database.NewContext();
        Assert.False(await db.KnowledgeDocuments.IgnoreQueryFilters().AnyAsync(d => d.Id == document.Id));
        Assert.Empty(_scene.StoredFiles(workspace));
    }

    [Fact]
    public async Task The_ask_page_shows_the_parts_their_token_counts_and_the_rendered_text()
    {
        var (client, workspace) = await MemberAsync();
        await _scene.ReadyDocumentAsync(workspace, "delivery.md", "# Delivery\n\nWe deliver cakes within 20 miles for a flat fee of $8."u8.ToArray());

        var page = await client.GetDocumentAsync("/knowledge/ask?q=Do+you+deliver+cakes%3F&channel=Telegram&budget=500");

        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains("of 500 tokens used", page.QuerySelector("[data-testid=token-total]")!.TextContent);
        Assert.Contains("No active campaign targets Telegram", main);
        Assert.Contains("delivery.md", page.QuerySelector("[data-testid=passage]")!.TextContent);
        Assert.Contains("[1] From “delivery.md”:\nDelivery\nWe deliver cakes", page.QuerySelector("[data-testid=rendered-prompt]")!.TextContent);
    }
}

[Collection(SharedApps.Sqlite3)]
public sealed class KnowledgePagesTestsOnSqlite(SqliteApp app) : KnowledgePagesTests<SqliteApp>(app);

[Collection(SharedApps.Postgres3)]
public sealed class KnowledgePagesTestsOnPostgres(PostgresApp app) : KnowledgePagesTests<PostgresApp>(app);
