using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;
using Streamline.Web.Infrastructure;

namespace Streamline.Tests.Conversations.Chat;

/// <summary>Abuse limits: what one visitor or one address may send, and refusals that store nothing and say why.</summary>
public sealed class ChatLimitsTests(AdminApp app) : IClassFixture<AdminApp>
{
    private static async Task AssertKindRefusalAsync(HttpResponseMessage response, HttpStatusCode status, string text)
    {
        Assert.Equal(status, response.StatusCode);
        // Shown inside the widget, above the message box: htmx swaps it into the notice area.
        Assert.Equal("#chat-notice", response.Headers.GetValues("HX-Retarget").Single());
        var notice = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelector(".chat-notice-text")!;
        Assert.Equal("alert", notice.GetAttribute("role"));
        Assert.Contains(text, notice.TextContent);
    }

    [Fact]
    public async Task An_eleventh_message_within_a_minute_is_refused_kindly_and_not_stored()
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        await visitor.StartAsync();
        for (var i = 1; i <= 10; i++) await visitor.SendOkAsync($"Message {i}");

        await AssertKindRefusalAsync(await visitor.SendAsync("Message 11"), HttpStatusCode.TooManyRequests, RateLimits.ChatSlowDown);

        Assert.Equal(10, (await ChatWorld.MessagesAsync(app, workspaceId)).Count(m => m.Sender == MessageSender.Visitor));
        // Reading the history is not sending: still allowed.
        Assert.Equal(HttpStatusCode.OK, (await visitor.HistoryAsync()).StatusCode);
    }

    [Fact]
    public async Task One_address_may_send_thirty_messages_a_minute_however_many_visitors_it_makes_up()
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        var address = TestClientAddress.NewAddress();
        var visitors = Enumerable.Range(0, 4).Select(_ => new WidgetVisitor(app, key, address)).ToList();
        foreach (var visitor in visitors) await visitor.StartAsync();
        for (var i = 0; i < 30; i++) await visitors[i / 8].SendOkAsync($"Message {i}");

        await AssertKindRefusalAsync(await visitors[3].SendAsync("One too many"), HttpStatusCode.TooManyRequests, RateLimits.ChatSlowDown);
        Assert.Equal(30, (await ChatWorld.MessagesAsync(app, workspaceId)).Count(m => m.Sender == MessageSender.Visitor));

        using var neighbour = new WidgetVisitor(app, key);
        await neighbour.StartAsync();
        await neighbour.SendOkAsync("Another address is not affected");
        visitors.ForEach(v => v.Dispose());
    }

    [Fact]
    public async Task Starting_conversations_is_limited_per_address()
    {
        var (_, key) = await ChatWorld.NewWidgetAsync(app);
        var address = TestClientAddress.NewAddress();
        for (var i = 0; i < 10; i++)
        {
            using var visitor = new WidgetVisitor(app, key, address);
            Assert.Equal(HttpStatusCode.OK, (await visitor.StartAsync()).StatusCode);
        }

        using var eleventh = new WidgetVisitor(app, key, address);
        await AssertKindRefusalAsync(await eleventh.StartAsync(), HttpStatusCode.TooManyRequests, RateLimits.ChatSlowDown);
        Assert.Null(eleventh.Token);
    }

    [Fact]
    public async Task A_message_over_the_length_limit_is_refused_with_the_reason_and_nothing_is_stored()
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        await visitor.StartAsync();

        var response = await visitor.SendAsync(new string('a', ConversationLimits.VisitorMessage + 1), new TestFile("photo.png", TestFile.Png));

        await AssertKindRefusalAsync(response, HttpStatusCode.UnprocessableEntity, $"up to {ConversationLimits.VisitorMessage:N0} characters");
        Assert.Empty(await ChatWorld.MessagesAsync(app, workspaceId));
        Assert.Empty(FilesOf(workspaceId));
        await using var db = app.Database.NewContext();
        Assert.Equal(0, (await db.Conversations.IgnoreQueryFilters().SingleAsync(c => c.WorkspaceId == workspaceId)).MessageCount);
        // The limit itself is fine.
        await visitor.SendOkAsync(new string('a', ConversationLimits.VisitorMessage));
    }

    [Theory]
    [InlineData("a\0b")]
    [InlineData("bell\u0007 and escape\u001b[31m")]
    public async Task A_message_with_control_characters_is_refused_with_the_reason_and_nothing_is_stored(string text)
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        await visitor.StartAsync();

        await AssertKindRefusalAsync(await visitor.SendAsync(text), HttpStatusCode.UnprocessableEntity, "invisible control characters");

        Assert.Empty(await ChatWorld.MessagesAsync(app, workspaceId));
        await visitor.SendOkAsync("Line one\n\tline two"); // line breaks and tabs are typed text
    }

    [Fact]
    public async Task A_url_encoded_form_with_a_nul_gets_the_friendly_400_page_not_a_500()
    {
        using var client = app.NewClient();
        var response = await client.Http.PostAsync("/Identity/Account/Login",
            new StringContent("Input.Email=a%00b%40example.test&Input.Password=x", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("didn", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_conversation_that_sent_its_hourly_allowance_is_refused_kindly_with_429()
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        await visitor.StartAsync();
        await visitor.SendOkAsync("Hello");
        var first = (await ChatWorld.MessagesAsync(app, workspaceId)).First(m => m.Sender == MessageSender.Visitor);
        await using (var db = app.Database.NewContext())
        {
            // The rest of the hour's allowance, as if sent over the last hour (slower than the per-minute limit).
            for (var i = 1; i < new Streamline.Core.Widget.WidgetOptions().VisitorMessagesPerHour; i++)
                db.ChatMessages.Add(new ChatMessage
                {
                    WorkspaceId = workspaceId, ConversationId = first.ConversationId, Sequence = 1000 + i, Sender = MessageSender.Visitor,
                    Text = $"Earlier {i}", CreatedAt = DateTime.UtcNow.AddMinutes(-30),
                });
            await db.SaveChangesAsync();
        }
        var before = (await ChatWorld.MessagesAsync(app, workspaceId)).Count;

        await AssertKindRefusalAsync(await visitor.SendAsync("One more"), HttpStatusCode.TooManyRequests, "sent a lot of messages in the last hour");
        Assert.Equal(before, (await ChatWorld.MessagesAsync(app, workspaceId)).Count);
    }

    [Fact]
    public async Task An_empty_message_is_refused()
    {
        var (workspaceId, key) = await ChatWorld.NewWidgetAsync(app);
        using var visitor = new WidgetVisitor(app, key);
        await visitor.StartAsync();

        await AssertKindRefusalAsync(await visitor.SendAsync("   "), HttpStatusCode.UnprocessableEntity, "Write a message first.");
        Assert.Empty(await ChatWorld.MessagesAsync(app, workspaceId));
    }

    private IEnumerable<string> FilesOf(Guid workspaceId)
    {
        var directory = ChatWorld.AttachmentDirectory(app, workspaceId);
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories) : [];
    }
}
