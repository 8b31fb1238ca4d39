using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Inbox;
using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.Channels;

/// <summary>
/// WhatsApp end to end against a local Graph API: a customer's message in through <c>/webhooks/whatsapp</c>, the AI's
/// answer (offline engine) out through the send job, and everything that can go wrong on the way.
/// </summary>
public abstract class WhatsAppChannelTests<TApp>(TApp app) where TApp : WhatsAppApp
{
    private static Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 30) =>
        WhatsAppScene.EventuallyAsync(read, done, seconds);

    [Fact]
    public async Task The_handshake_echoes_the_challenge_only_for_a_known_verify_token()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();

        var ok = await client.Http.GetAsync($"/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={scene.Channel.VerifyToken}");
        var wrong = await client.Http.GetAsync("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess");
        var noMode = await client.Http.GetAsync($"/webhooks/whatsapp?hub.challenge=1158201444&hub.verify_token={scene.Channel.VerifyToken}");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noMode.StatusCode);
    }

    [Fact]
    public async Task A_bad_signature_is_refused_and_nothing_is_stored()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();
        var payload = scene.TextPayload("Hello?");

        var forged = await scene.DeliverAsync(client.Http, payload, Core.Channels.MetaSignature.Sign("{}"u8, scene.AppSecret));
        var unsigned = await scene.DeliverAsync(client.Http, payload, "");
        var otherSecret = await scene.DeliverAsync(client.Http, payload, Core.Channels.MetaSignature.Sign(System.Text.Encoding.UTF8.GetBytes(payload), "not-it"));

        Assert.All([forged, unsigned, otherSecret], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Empty(await scene.MessagesAsync());
        Assert.Empty(await scene.RowsAsync(ChannelDirection.Inbound));
    }

    [Fact]
    public async Task A_body_that_is_not_a_webhook_is_a_400_not_a_500()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();

        var notJson = await scene.DeliverAsync(client.Http, "{not json");
        var noNumber = await scene.DeliverAsync(client.Http, """{"object":"whatsapp_business_account","entry":[]}""");
        var unknownNumber = await scene.DeliverAsync(client.Http, scene.TextPayload("hi").Replace(scene.Channel.RouteKey, "999"));

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noNumber.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownNumber.StatusCode); // a number nobody connected: Meta stops redelivering it
        Assert.Empty(await scene.MessagesAsync());
    }

    [Fact]
    public async Task A_message_id_longer_than_any_provider_sends_is_a_400_and_stores_nothing()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();

        var response = await scene.DeliverAsync(client.Http, scene.TextPayload("hi", wamid: "wamid." + new string('A', 300)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = app.Database.NewContext();
        Assert.False(await db.ChannelInbound.IgnoreQueryFilters().AnyAsync(r => r.ChannelId == scene.Channel.Id));
    }

    [Fact]
    public async Task A_document_with_a_very_long_file_name_is_stored_with_the_name_shortened()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        var mediaId = Guid.NewGuid().ToString("N");
        app.WhatsApp.Media[mediaId] = ("application/pdf", "%PDF-1.4"u8.ToArray());
        using var client = app.NewClient();
        var name = new string('q', 280) + ".pdf";

        await scene.DeliverAsync(client.Http, scene.Payload(new JsonObject
        {
            ["from"] = scene.Customer, ["id"] = WhatsAppScene.NewWamid(), ["timestamp"] = "1749416383", ["type"] = "document",
            ["document"] = new JsonObject { ["mime_type"] = "application/pdf", ["id"] = mediaId, ["filename"] = name },
        }));

        var row = (await Eventually(async () => (await scene.RowsAsync(ChannelDirection.Inbound)).SingleOrDefault(), r => r is not null))!;
        Assert.Equal(name[..200], row.MediaFileName);
    }

    [Fact]
    public async Task A_suspended_workspace_tells_a_whatsapp_customer_the_chat_is_unavailable_and_charges_nothing()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        await using (var db = app.Database.NewContext())
        {
            db.WorkspaceSuspensions.Add(new Streamline.Core.Customers.WorkspaceSuspension
            {
                WorkspaceId = scene.WorkspaceId, SuspendedAt = DateTime.UtcNow, Reason = "unpaid",
            });
            await db.SaveChangesAsync();
        }
        using var client = app.NewClient();

        Assert.Equal(HttpStatusCode.OK, (await scene.DeliverAsync(client.Http, scene.TextPayload("Hello, are you there?"))).StatusCode);

        var sends = await Eventually(() => Task.FromResult(scene.SendsToCustomer), s => s.Any(x => x.Status == 200));
        Assert.Equal(Streamline.Core.Customers.CustomerService.UnavailableToVisitors, sends.Single(s => s.Status == 200).Text);
        var messages = await scene.MessagesAsync();
        Assert.Equal([MessageSender.Visitor, MessageSender.System], messages.Select(m => m.Sender));
        Assert.All(messages, m => Assert.Equal(0, m.CostMillicredits));
    }

    [Fact]
    public async Task A_customers_message_is_answered_by_the_ai_on_whatsapp_and_statuses_move_it_forward()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();

        var response = await scene.DeliverAsync(client.Http, scene.TextPayload("Hi! How much is a website?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sends = await Eventually(() => Task.FromResult(scene.SendsToCustomer), s => s.Any(x => x.Status == 200));
        var sent = sends.Single(s => s.Status == 200);
        Assert.Equal(scene.Customer, sent.To);
        Assert.Equal("text", sent.Type);
        var messages = await scene.MessagesAsync();
        Assert.Equal([MessageSender.Visitor, MessageSender.Ai], messages.Select(m => m.Sender));
        Assert.Equal("Hi! How much is a website?", messages[0].Text);
        Assert.StartsWith(sent.Text!, messages[1].Text);
        var conversation = await Conversation(messages[0].ConversationId);
        Assert.Equal(ConversationChannel.WhatsApp, conversation.Channel);
        Assert.Equal("Mauricio Binda", conversation.Contact!.Name);
        Assert.Equal(scene.Customer, conversation.Contact.Phone);

        var row = await Eventually(async () => (await scene.RowsAsync(ChannelDirection.Outbound)).Single(), r => r.State == ChannelDeliveryState.Sent);
        Assert.Equal(sent.MessageId, row.ProviderMessageId);
        await scene.DeliverAsync(client.Http, scene.StatusPayload(row.ProviderMessageId!, "read"));
        await scene.DeliverAsync(client.Http, scene.StatusPayload(row.ProviderMessageId!, "delivered")); // late and out of order
        Assert.Equal(ChannelDeliveryState.Read, (await scene.RowsAsync(ChannelDirection.Outbound)).Single().State);
    }

    [Fact]
    public async Task The_same_message_delivered_ten_times_at_once_is_stored_once_and_answered_once()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        var payload = scene.TextPayload("Do you build online shops?");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var client = app.NewClient();
            return await scene.DeliverAsync(client.Http, payload);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await Eventually(() => Task.FromResult(scene.SendsToCustomer), s => s.Any(x => x.Status == 200));
        using (var again = app.NewClient()) Assert.Equal(HttpStatusCode.OK, (await scene.DeliverAsync(again.Http, payload)).StatusCode);
        await Task.Delay(1500); // any second answer would have gone out by now
        var messages = await scene.MessagesAsync();
        Assert.Single(messages, m => m.Sender == MessageSender.Visitor);
        Assert.Single(messages, m => m.Sender == MessageSender.Ai);
        Assert.Single(await scene.RowsAsync(ChannelDirection.Inbound));
        Assert.Single(scene.SendsToCustomer, s => s.Status == 200);
    }

    [Fact]
    public async Task A_429_is_retried_no_sooner_than_retry_after_and_a_500_is_retried()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        app.WhatsApp.FailNext(scene.Channel.RouteKey, HttpStatusCode.TooManyRequests, retryAfter: "2", graphCode: 130429, message: "Rate limit hit");
        app.WhatsApp.FailNext(scene.Channel.RouteKey, HttpStatusCode.InternalServerError);
        using var client = app.NewClient();

        await scene.DeliverAsync(client.Http, scene.TextPayload("Hello there"));

        var sends = await Eventually(() => Task.FromResult(scene.SendsToCustomer), s => s.Any(x => x.Status == 200), seconds: 45);
        Assert.Equal([429, 500, 200], sends.Select(s => s.Status));
        Assert.True(sends[1].At - sends[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {sends[1].At - sends[0].At}");
        var row = await Eventually(async () => (await scene.RowsAsync(ChannelDirection.Outbound)).Single(), r => r.State == ChannelDeliveryState.Sent);
        Assert.Equal(3, row.Attempts);
        Assert.Null(row.ErrorCode);
    }

    [Fact]
    public async Task A_400_fails_the_message_with_graphs_code_and_words()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        app.WhatsApp.FailNext(scene.Channel.RouteKey, HttpStatusCode.BadRequest, graphCode: 131026, message: "Message undeliverable");
        using var client = app.NewClient();

        await scene.DeliverAsync(client.Http, scene.TextPayload("Hello?"));

        var row = await Eventually(async () => (await scene.RowsAsync(ChannelDirection.Outbound)).SingleOrDefault(),
            r => r?.State == ChannelDeliveryState.Failed);
        Assert.Equal("131026", row!.ErrorCode);
        Assert.Equal("Message undeliverable", row.ErrorMessage);
        Assert.Equal(1, row.Attempts);
        Assert.DoesNotContain(scene.SendsToCustomer, s => s.Status == 200);
    }

    [Fact]
    public async Task An_ai_reply_still_queued_when_a_person_takes_over_is_never_sent()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        app.WhatsApp.FailNext(scene.Channel.RouteKey, HttpStatusCode.TooManyRequests, retryAfter: "3");
        using var client = app.NewClient();
        await scene.DeliverAsync(client.Http, scene.TextPayload("I want to speak about pricing"));
        var waiting = await Eventually(async () => (await scene.RowsAsync(ChannelDirection.Outbound)).SingleOrDefault(), r => r?.Attempts == 1);
        var conversationId = waiting!.ConversationId;

        var owner = await scene.OwnerAsync();
        var taken = await scene.InWorkspaceAsync(sp => sp.GetRequiredService<ConversationInbox>().TakeOverAsync(conversationId, owner));
        Assert.True(taken.Succeeded);

        var ai = await Eventually(async () => (await scene.RowsAsync(ChannelDirection.Outbound)).First(r => r.Id == waiting.Id),
            r => r.State != ChannelDeliveryState.Queued, seconds: 30);
        Assert.Equal(ChannelDeliveryState.Withheld, ai.State);
        Assert.Equal("taken-over", ai.ErrorCode);
        // The person's arrival is told; the AI's words never are.
        var joined = await Eventually(() => Task.FromResult(scene.SendsToCustomer.Where(s => s.Status == 200).ToList()), s => s.Count == 1);
        Assert.Equal(ConversationInbox.JoinedText("Olivia"), joined[0].Text);
    }

    [Fact]
    public async Task Outside_the_24_hour_window_free_text_is_refused_and_a_template_goes_out()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();
        await scene.DeliverAsync(client.Http, scene.TextPayload("Hi"));
        await Eventually(() => Task.FromResult(scene.SendsToCustomer), s => s.Any(x => x.Status == 200));
        var conversationId = (await scene.MessagesAsync())[0].ConversationId;
        var owner = await scene.OwnerAsync();
        await scene.InWorkspaceAsync(sp => sp.GetRequiredService<ConversationInbox>().TakeOverAsync(conversationId, owner));
        await Eventually(() => Task.FromResult(scene.SendsToCustomer), s => s.Count(x => x.Status == 200) == 2);
        await using (var db = app.Database.NewContext())
            await db.ChannelIdentities.IgnoreQueryFilters(QueryFilters.Workspace).Where(i => i.ChannelId == scene.Channel.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.LastInboundAt, DateTime.UtcNow.AddHours(-25)));

        var reply = await scene.InWorkspaceAsync(sp => sp.GetRequiredService<ConversationInbox>().ReplyAsync(conversationId, owner, "Still interested?"));
        Assert.True(reply.Succeeded);
        var refused = await Eventually(async () => (await scene.RowsAsync(ChannelDirection.Outbound)).Last(), r => r.State == ChannelDeliveryState.Failed);
        Assert.Equal(ChannelOutbox.WindowClosedCode, refused.ErrorCode);

        var templates = await scene.InWorkspaceAsync(async sp =>
        {
            var t = sp.GetRequiredService<ChannelTemplates>();
            Assert.True((await t.AddAsync(scene.Channel.Id, "follow_up", "en_US", 1)).Succeeded);
            return await t.ForConversationAsync(conversationId);
        });
        var sentTemplate = await scene.InWorkspaceAsync(sp =>
            sp.GetRequiredService<ChannelTemplates>().SendAsync(conversationId, owner, templates.Single().Id, ["Mauricio"]));
        Assert.True(sentTemplate.Succeeded, sentTemplate.Message);

        var sends = await Eventually(() => Task.FromResult(scene.SendsToCustomer.Where(s => s.Status == 200).ToList()), s => s.Count == 3);
        Assert.Equal("template", sends[2].Type);
        Assert.Equal("follow_up", sends[2].Body["template"]!["name"]!.GetValue<string>());
        Assert.Equal("Mauricio", sends[2].Body["template"]!["components"]![0]!["parameters"]![0]!["text"]!.GetValue<string>());
        Assert.DoesNotContain(scene.SendsToCustomer, s => s.Text == "Still interested?");
    }

    [Fact]
    public async Task Stop_opts_the_customer_out_until_they_write_again()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();

        await scene.DeliverAsync(client.Http, scene.TextPayload("STOP"));
        await scene.ProcessedAsync();

        var identity = await scene.IdentityAsync();
        Assert.NotNull(identity.OptedOutAt);
        var stop = Assert.Single(await scene.MessagesAsync());
        Assert.Equal(ReplyState.None, stop.ReplyState);
        var owner = await scene.OwnerAsync();
        await scene.InWorkspaceAsync(sp => sp.GetRequiredService<ConversationInbox>().TakeOverAsync(stop.ConversationId, owner));
        var withheld = await Eventually(async () => (await scene.RowsAsync(ChannelDirection.Outbound)).SingleOrDefault(),
            r => r?.State == ChannelDeliveryState.Withheld);
        Assert.Equal("opted-out", withheld!.ErrorCode);
        Assert.Empty(scene.SendsToCustomer);

        await scene.InWorkspaceAsync(sp => sp.GetRequiredService<ConversationInbox>().GiveBackAsync(stop.ConversationId, owner));
        await scene.DeliverAsync(client.Http, scene.TextPayload("Actually, tell me about websites"));
        await scene.ProcessedAsync();

        Assert.Null((await scene.IdentityAsync()).OptedOutAt);
        await Eventually(() => Task.FromResult(scene.SendsToCustomer), s => s.Any(x => x.Status == 200 && x.Type == "text"));
    }

    [Fact]
    public async Task A_photo_is_fetched_and_attached_and_a_location_and_a_sticker_are_shown_as_text()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        var mediaId = Guid.NewGuid().ToString("N");
        app.WhatsApp.Media[mediaId] = ("image/png", Png);
        using var client = app.NewClient();

        await scene.DeliverAsync(client.Http, scene.Payload(new JsonObject
        {
            ["from"] = scene.Customer, ["id"] = WhatsAppScene.NewWamid(), ["timestamp"] = "1749416383", ["type"] = "image",
            ["image"] = new JsonObject { ["mime_type"] = "image/png", ["id"] = mediaId, ["caption"] = "Our logo" },
        }));
        await scene.DeliverAsync(client.Http, scene.Payload(new JsonObject
        {
            ["from"] = scene.Customer, ["id"] = WhatsAppScene.NewWamid(), ["timestamp"] = "1749416384", ["type"] = "location",
            ["location"] = new JsonObject { ["latitude"] = 52.52, ["longitude"] = 13.405, ["name"] = "Office", ["address"] = "Main St 1" },
        }));
        await scene.DeliverAsync(client.Http, scene.Payload(new JsonObject
        {
            ["from"] = scene.Customer, ["id"] = WhatsAppScene.NewWamid(), ["timestamp"] = "1749416385", ["type"] = "sticker",
            ["sticker"] = new JsonObject { ["mime_type"] = "image/webp", ["id"] = "123", ["animated"] = false },
        }));

        // The download is the pump's: under a loaded machine its first attempt may fail and go to a background job, whose
        // first retry comes 15 to 75 s later, so the wait allows for one retry.
        var photo = (await Eventually(async () => (await scene.MessagesAsync()).FirstOrDefault(m => m.Sender == MessageSender.Visitor),
            m => m?.Attachments.Count == 1, seconds: 90))!;
        await scene.ProcessedAsync();
        Assert.Equal("[image]\nOur logo", photo.Text);
        Assert.Equal("image/png", photo.Attachments[0].ContentType);
        var visitor = (await scene.MessagesAsync()).Where(m => m.Sender == MessageSender.Visitor).Select(m => m.Text).ToList();
        Assert.Contains("[location] Office, Main St 1, 52.52, 13.405", visitor);
        Assert.Contains("[unsupported: sticker]", visitor);
    }

    [Fact]
    public async Task Writing_again_after_a_closed_conversation_starts_a_new_one_for_the_same_contact()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        using var client = app.NewClient();
        await scene.DeliverAsync(client.Http, scene.TextPayload("Hi there"));
        await scene.ProcessedAsync();
        var first = (await scene.MessagesAsync())[0].ConversationId;
        var owner = await scene.OwnerAsync();
        Assert.True((await scene.InWorkspaceAsync(sp => sp.GetRequiredService<ConversationInbox>().CloseAsync(first, owner))).Succeeded);

        await scene.DeliverAsync(client.Http, scene.TextPayload("Me again"));
        await scene.ProcessedAsync();

        var again = (await scene.MessagesAsync()).Single(m => m.Text == "Me again");
        Assert.NotEqual(first, again.ConversationId);
        Assert.Equal((await Conversation(first)).ContactId, (await Conversation(again.ConversationId)).ContactId);
        Assert.Equal(again.ConversationId, (await scene.IdentityAsync()).ConversationId);
    }

    [Fact]
    public async Task A_customer_whose_user_id_changed_keeps_their_conversation()
    {
        var scene = await WhatsAppScene.CreateAsync(app);
        var oldId = "US." + Guid.NewGuid().ToString("N")[..20];
        var newId = "US." + Guid.NewGuid().ToString("N")[..20];
        using var client = app.NewClient();
        JsonObject From(string userId, string text) => new()
        {
            ["from_user_id"] = userId, ["id"] = WhatsAppScene.NewWamid(), ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(),
            ["type"] = "text", ["text"] = new JsonObject { ["body"] = text },
        };

        await scene.DeliverAsync(client.Http, scene.Payload(From(oldId, "Hi, it's Sheena")));
        await scene.ProcessedAsync();
        await scene.DeliverAsync(client.Http, scene.Payload(new JsonObject
        {
            ["id"] = WhatsAppScene.NewWamid(), ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(), ["type"] = "system",
            ["system"] = new JsonObject { ["body"] = $"User Sheena Nelson changed from {oldId} to {newId}", ["user_id"] = newId, ["type"] = "user_changed_user_id" },
        }));
        await scene.ProcessedAsync();
        await scene.DeliverAsync(client.Http, scene.Payload(From(newId, "Still me")));
        await scene.ProcessedAsync();

        var identity = await scene.IdentityAsync();
        Assert.Equal(newId, identity.ExternalId);
        var visitor = (await scene.MessagesAsync()).Where(m => m.Sender == MessageSender.Visitor).ToList();
        Assert.Equal(3, visitor.Count);
        Assert.Single(visitor.Select(m => m.ConversationId).Distinct());
        Assert.Equal(ReplyState.None, visitor[1].ReplyState); // the notice needs no answer
    }

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private async Task<Conversation> Conversation(Guid id)
    {
        await using var db = app.Database.NewContext();
        return await db.Conversations.IgnoreQueryFilters().Include(c => c.Contact).AsNoTracking().SingleAsync(c => c.Id == id);
    }
}

public sealed class WhatsAppChannelOnSqlite(SqliteWhatsAppApp app) : WhatsAppChannelTests<SqliteWhatsAppApp>(app), IClassFixture<SqliteWhatsAppApp>;

public sealed class WhatsAppChannelOnPostgres(PostgresWhatsAppApp app) : WhatsAppChannelTests<PostgresWhatsAppApp>(app), IClassFixture<PostgresWhatsAppApp>;
