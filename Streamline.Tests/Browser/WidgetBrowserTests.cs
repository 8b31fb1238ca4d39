using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Streamline.Core.Accounts;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Tests.Conversations.Chat;
using Streamline.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Streamline.Tests.Browser;

/// <summary>
/// The widget on a customer's website in a real browser: a host page on another site embeds the one-line snippet;
/// the chat in its third-party iframe runs without cookies; and the portal's chat for signed-in customers.
/// </summary>
[Trait("Category", "Browser")]
public sealed class WidgetBrowserTests(AdminBrowserApp app, HostSite host) : BrowserSession(app), IClassFixture<AdminBrowserApp>, IClassFixture<HostSite>
{
    [Fact]
    public async Task A_visitor_chats_on_a_website_sees_the_answer_stream_in_and_finds_the_history_after_a_reload()
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(App, host.Origin);
        await ChatWorld.ChangeWidgetAsync(App, key, w => w.Title = "Ask the baker");
        var page = await Context.NewPageAsync();

        await page.GotoAsync(host.PageWith(App.BaseUrl, key));
        var launcher = page.GetByRole(AriaRole.Button, new() { Name = "Ask the baker" });
        await Expect(launcher).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(page.Locator("iframe")).ToHaveCountAsync(0); // nothing loads until the visitor asks for it

        await launcher.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(launcher).ToHaveAttributeAsync("aria-expanded", "true");
        var chat = page.FrameLocator("iframe[title='Ask the baker']");
        var box = chat.GetByLabel("Your message");
        await Expect(box).ToBeFocusedAsync();
        var frame = page.Frames.Single(f => f.Url.StartsWith(App.BaseUrl + "/chat/", StringComparison.Ordinal));
        await frame.EvaluateAsync("""
            () => {
              window.chunksSeen = 0;
              document.addEventListener('htmx:sseMessage', (e) => { if (e.detail.type === 'chunk') window.chunksSeen++; });
            }
            """);

        await box.FillAsync("Do you bake sourdough on Sundays?");
        await box.PressAsync("Enter");

        await Expect(chat.Locator(".chat-msg--visitor .chat-text")).ToHaveTextAsync("Do you bake sourdough on Sundays?");
        var answer = chat.Locator(".chat-msg--ai[id^='msg-'] .chat-text");
        await Expect(answer).ToHaveCountAsync(1);
        var stored = (await ChatWorld.MessagesAsync(App, workspaceId)).Single(m => m.Sender == MessageSender.Ai);
        await Expect(answer).ToHaveTextAsync(stored.Text);
        Assert.True(await frame.EvaluateAsync<int>("() => window.chunksSeen") > 0, "the answer arrived without streamed chunks");
        await Expect(box).ToBeEmptyAsync();

        // Nothing on the host page. The frame is third-party and this Chromium blocks third-party cookies, which
        // denies it localStorage too: the token is kept in a cookie partitioned to the host site (CHIPS), written by
        // the chat's script for itself (the app sets none and reads none; the token travels as a header).
        Assert.Equal("", await page.EvaluateAsync<string>("() => document.cookie"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"));
        Assert.Contains("SecurityError", await frame.EvaluateAsync<string>("() => { try { return String(localStorage.length); } catch (e) { return e.name; } }"));
        var kept = Assert.Single(await Context.CookiesAsync());
        Assert.Equal(($"streamline-chat-{key}", "127.0.0.1", $"/chat/{key}"), (kept.Name, kept.Domain, kept.Path));
        Assert.Equal("http://localhost", kept.PartitionKey);

        // Escape closes the panel and gives the focus back to the launcher.
        await box.PressAsync("Escape");
        await Expect(page.Locator("iframe")).ToBeHiddenAsync();
        await Expect(launcher).ToBeFocusedAsync();

        await page.ReloadAsync();
        await launcher.ClickAsync();
        var bubbles = chat.Locator("#chat-transcript .chat-msg");
        await Expect(bubbles).ToHaveCountAsync(2);
        await Expect(bubbles.Nth(0)).ToContainTextAsync("Do you bake sourdough on Sundays?");
        await Expect(bubbles.Nth(1)).ToContainTextAsync(stored.Text);

        await page.SetViewportSizeAsync(1280, 900);
        await page.ScreenshotAsync(new() { Path = "/tmp/widget.png" });
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task On_a_phone_the_chat_fills_the_screen_and_its_close_button_closes_it()
    {
        var (_, key) = await ChatWorld.NewWidgetAsync(App, host.Origin);
        var page = await Context.NewPageAsync();
        await page.SetViewportSizeAsync(390, 760);
        await page.GotoAsync(host.PageWith(App.BaseUrl, key));

        await page.GetByRole(AriaRole.Button, new() { Name = "Chat with us" }).ClickAsync();

        var panel = await page.Locator("iframe").BoundingBoxAsync();
        Assert.Equal((0f, 0f, 390f, 760f), (panel!.X, panel.Y, panel.Width, panel.Height));
        await page.ScreenshotAsync(new() { Path = "/tmp/widget-phone.png" });
        await page.FrameLocator("iframe").GetByRole(AriaRole.Button, new() { Name = "Close chat" }).ClickAsync();
        await Expect(page.Locator("iframe")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Chat with us" })).ToBeVisibleAsync();
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_website_that_is_not_allowed_gets_no_launcher_and_cannot_frame_the_chat()
    {
        var (_, key) = await ChatWorld.NewWidgetAsync(App, "https://bluebird.example");
        var page = await Context.NewPageAsync();
        var config = page.WaitForResponseAsync(r => r.Url.EndsWith($"/chat/{key}/config", StringComparison.Ordinal));
        var framed = page.WaitForResponseAsync(r => r.Url == $"{App.BaseUrl}/chat/{key}");

        await page.GotoAsync(host.PageFraming(App.BaseUrl, key));

        Assert.Equal(403, (await config).Status);
        Assert.EndsWith("frame-ancestors https://bluebird.example", (await (await framed).HeaderValueAsync("content-security-policy"))!);
        await Expect(page.FrameLocator("iframe[title='Copied chat']").Locator("[data-chat]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-streamline-widget]")).ToHaveCountAsync(0);
        // The browser reports both refusals, the frame and the config; nothing else went wrong.
        Assert.Collection(ConsoleErrors.Order(),
            error => Assert.Contains($"/chat/{key}/config", error),
            error => Assert.Contains("frame-ancestors", error));
    }

    [Fact]
    public async Task A_signed_in_customer_talks_to_the_house_on_the_portal()
    {
        var page = await CustomerPageAsync();

        await page.GotoAsync("/talk");
        await page.GetByLabel("Your message").FillAsync("Can you build a booking page for my bakery?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(page.Locator(".chat-msg--visitor .chat-text")).ToHaveTextAsync("Can you build a booking page for my bakery?");
        var answer = page.Locator(".chat-msg--ai[id^='msg-'] .chat-text");
        await Expect(answer).ToHaveCountAsync(1);
        await Expect(answer).Not.ToBeEmptyAsync();

        await page.ReloadAsync();
        await Expect(page.Locator("#chat-transcript .chat-msg")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = "/tmp/talk.png" });
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_proposal_link_the_assistant_sends_is_a_link_that_opens_the_proposal_in_a_new_tab()
    {
        var page = await CustomerPageAsync();
        await page.GotoAsync("/talk");
        var answers = page.Locator(".chat-msg--ai[id^='msg-']");
        string[] said =
        [
            "Hello", "We need a landing page for our new bakery, a new site.",
            "My name is Dana Smith, dana@bakery.example, Bluebird Bakery.", "Sounds good, can I get a proposal?",
        ];
        for (var i = 0; i < said.Length; i++)
        {
            await page.GetByLabel("Your message").FillAsync(said[i]);
            await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            await Expect(answers).ToHaveCountAsync(i + 1);
        }

        await page.ScreenshotAsync(new() { Path = "/tmp/talk-proposal.png" });
        await Expect(answers.Last).ToContainTextAsync("I've put together a proposal for you:");
        var link = answers.Last.GetByRole(AriaRole.Link);
        await Expect(link).ToHaveAttributeAsync("href", new Regex(@"^https?://[^/]+/p/[A-Za-z0-9_-]{43}$"));
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");

        // The link is absolute, on the app's configured public address, which is where this test's app listens.
        await Expect(link).ToHaveAttributeAsync("href", new Regex("^" + Regex.Escape(App.BaseUrl) + "/p/"));
        var proposal = await page.Context.RunAndWaitForPageAsync(() => link.ClickAsync());
        await Expect(proposal.GetByText("Dana Smith").First).ToBeVisibleAsync();
        Assert.True(await proposal.EvaluateAsync<bool>("() => window.opener === null")); // the new tab cannot reach back into the chat
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_small_file_reads_in_bytes_when_chosen_and_once_sent()
    {
        var page = await CustomerPageAsync();
        await page.GotoAsync("/talk");

        await page.Locator("#chat-files").SetInputFilesAsync(new FilePayload
        {
            Name = "notes.txt", MimeType = "text/plain", Buffer = System.Text.Encoding.ASCII.GetBytes(new string('x', 102)),
        });
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Files to send" })).ToHaveTextAsync("notes.txt (102 bytes)");
        await page.GetByLabel("Your message").FillAsync("Our notes for the page.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var sent = page.Locator(".chat-msg--visitor .chat-files li");
        await Expect(sent).ToContainTextAsync("notes.txt");
        await Expect(sent.Locator(".chat-file-size")).ToHaveTextAsync("102 bytes");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_message_over_the_limit_is_explained_before_sending_and_nothing_is_cut_or_sent()
    {
        var page = await CustomerPageAsync();
        await page.GotoAsync("/talk");
        var box = page.GetByLabel("Your message");
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Send" });
        var pasted = new string('a', ConversationLimits.VisitorMessage + 150);

        await box.FillAsync(pasted);

        await Expect(box).ToHaveValueAsync(pasted); // kept whole, not cut at the limit
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            string.Create(CultureInfo.InvariantCulture,
                $"Your message is {pasted.Length:N0} characters long; the limit is {ConversationLimits.VisitorMessage:N0}. Shorten it or send it in parts."));
        await Expect(send).ToBeDisabledAsync();
        await box.PressAsync("Enter");
        await Expect(page.Locator(".chat-msg--visitor")).ToHaveCountAsync(0);

        await box.FillAsync("Just the short version, please.");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await send.ClickAsync();
        await Expect(page.Locator(".chat-msg--visitor")).ToContainTextAsync("Just the short version, please.");
        AssertNoConsoleErrors();
    }

    /// <summary>A signed-in customer with a workspace of their own, on a fresh page.</summary>
    private async Task<IPage> CustomerPageAsync()
    {
        var email = $"talk-{Guid.NewGuid():N}@example.test";
        await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<StreamlineDbContext>();
            var workspace = new Workspace { Name = "Bluebird Bakery", CreatedAt = DateTime.UtcNow };
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Bea Baker", CurrentWorkspaceId = workspace.Id, CreatedAt = DateTime.UtcNow };
            Assert.True((await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, AppClient.Password)).Succeeded);
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = user.Id, Role = WorkspaceRole.Owner, JoinedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return 0;
        });
        var page = await Context.NewPageAsync();
        await SignInAsync(page, email, AppClient.Password);
        return page;
    }
}
