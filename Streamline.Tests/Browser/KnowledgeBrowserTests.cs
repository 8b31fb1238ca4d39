using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>Uploading a document, watching it become ready and asking what the AI knows, in a real browser under the CSP.</summary>
[Trait("Category", "Browser")]
public sealed class KnowledgeBrowserTests(AdminBrowserApp app) : AdminBrowserSession(app), IClassFixture<AdminBrowserApp>
{
    [Fact]
    public async Task An_uploaded_document_becomes_ready_and_its_passage_answers_a_sample_question()
    {
        await Page.GotoAsync("/knowledge");
        await Page.GetByLabel("File").SetInputFilesAsync(new FilePayload
        {
            Name = "loyalty.md",
            MimeType = "text/markdown",
            Buffer = Encoding.UTF8.GetBytes("# Loyalty card\n\nEvery tenth coffee is free with our stamp card, at both cafés."),
        });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "loyalty.md" });
        await Expect(row).ToBeVisibleAsync();
        // The row polls itself until extraction has finished.
        await Expect(row.GetByText("Ready", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await Page.GetByRole(AriaRole.Link, new() { Name = "What your AI knows" }).ClickAsync();
        await Page.GetByLabel("Visitor's question").FillAsync("Is there a free coffee with the stamp cards?");
        await Page.GetByLabel("Channel").SelectOptionAsync("Web");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ask" }).ClickAsync();

        var passage = Page.GetByTestId("passage").First;
        await Expect(passage).ToContainTextAsync("Every tenth coffee is free");
        await Expect(passage).ToContainTextAsync("loyalty.md");
        await Expect(Page.GetByTestId("rendered-prompt")).ToContainTextAsync("[1] From “loyalty.md”");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/knowledge/ask\\?q="));
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_in_the_browser_with_the_limit_named_and_nothing_is_sent()
    {
        await Page.GotoAsync("/knowledge");
        var uploads = 0;
        Page.Request += (_, request) => { if (request.Url.Contains("handler=Upload")) uploads++; };
        // Past the 10 MB per-file limit. The check matters most past the server's 30 MB request limit, where
        // the server can only drop the connection ("we couldn't reach Streamline"); 11 MB keeps the test quick.
        var file = Page.GetByLabel("File");
        await file.SetInputFilesAsync(new FilePayload { Name = "huge.txt", MimeType = "text/plain", Buffer = new byte[11 * 1024 * 1024] });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

        Assert.Equal("“huge.txt” is 11 MB; the limit is 10 MB per file.", await file.EvaluateAsync<string>("e => e.validationMessage"));
        Assert.Equal(0, uploads);
        await using var db = App.Database.NewContext();
        Assert.False(db.KnowledgeDocuments.Any(d => d.FileName == "huge.txt"));
        Assert.Empty(ConsoleErrors);
    }
}
