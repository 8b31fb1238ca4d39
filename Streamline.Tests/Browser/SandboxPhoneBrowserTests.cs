using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>A new owner makes a sandbox Telegram channel and talks to their sales rep on the phone it gives them.</summary>
[Trait("Category", "Browser")]
public sealed partial class SandboxPhoneBrowserTests(BrowserApp app) : BrowserSession(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_owner_writes_on_the_sandbox_phone_and_the_reply_appears_on_it()
    {
        var page = await Context.NewPageAsync();
        await SignUpAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Channels" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/channels$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a sandbox Telegram channel" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/channels/[0-9a-f-]+/sandbox$"));
        await Expect(page.GetByText("Sandbox — nothing is sent to Telegram.")).ToBeVisibleAsync();
        await page.GetByLabel("Message").FillAsync("Hello! What do you offer?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var conversation = page.GetByRole(AriaRole.List, new() { Name = "Conversation" });
        await Expect(conversation.Locator("[data-outbound='false']")).ToContainTextAsync("Hello! What do you offer?");
        await Expect(page.GetByLabel("Message")).ToBeEmptyAsync();
        // The reply is written by the sales rep in the background and arrives through the simulated provider; the phone polls.
        await Expect(conversation.Locator("[data-outbound='true']").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        AssertNoConsoleErrors();

        if (Environment.GetEnvironmentVariable("STREAMLINE_TEST_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "sandbox-phone.png"), FullPage = true });
            await page.GotoAsync("/channels");
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "channels.png"), FullPage = true });
            await page.GotoAsync("/channels/connect/whatsapp");
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "connect-whatsapp.png"), FullPage = true });
        }
    }

    [Fact]
    public async Task The_whatsapp_phone_sends_polls_and_marks_read_without_a_request_the_app_refuses()
    {
        var page = await Context.NewPageAsync();
        var refused = new List<string>();
        page.Response += (_, response) => { if (response.Status >= 400) refused.Add($"{response.Status} {response.Request.Method} {response.Url}"); };
        page.RequestFailed += (_, request) => refused.Add($"failed {request.Method} {request.Url}: {request.Failure}");
        await SignUpAsync(page);

        await page.GotoAsync("/channels");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a sandbox WhatsApp channel" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/channels/[0-9a-f-]+/sandbox$"));
        await page.GetByLabel("Message").FillAsync("Hi, do you build websites?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var conversation = page.GetByRole(AriaRole.List, new() { Name = "Conversation" });
        await Expect(conversation.Locator("[data-outbound='true']").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark replies as read" }).ClickAsync();
        await Expect(conversation.Locator("[data-outbound='true'] .chat-meta").First).ToContainTextAsync("· read");
        // Two more polls of the conversation.
        await page.WaitForTimeoutAsync(4_500);
        await page.ReloadAsync();

        Assert.True(refused.Count == 0, "Requests the app refused:\n" + string.Join("\n", refused));
        AssertNoConsoleErrors();
    }

    private async Task SignUpAsync(IPage page)
    {
        var email = $"phone-{Guid.NewGuid():N}@example.test";
        const string password = "correct horse battery staple";
        await page.GotoAsync("/Identity/Account/Register");
        await page.GetByLabel("Your name").FillAsync("Ada Seller");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Workspace name").FillAsync("Corner Shop");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your e-mail" })).ToBeVisibleAsync();
        var mail = await App.WaitForMailAsync(email, "confirm-email");
        await page.GotoAsync(ConfirmLink().Match(mail.TextBody ?? "").Value);
        await SignInAsync(page, email, password);
    }

    [GeneratedRegex(@"https?://\S*ConfirmEmail\S*")]
    private static partial Regex ConfirmLink();
}
