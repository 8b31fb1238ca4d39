using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Campaigns;
using Streamline.Core.Channels;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Tests.Jobs;
using Streamline.Tests.Support;

namespace Streamline.Tests.Channels;

/// <summary>What the inbox shows of a WhatsApp conversation: the channel, each message's delivery, and templates when the window is closed.</summary>
public abstract class WhatsAppInboxTests<TApp>(TApp app) where TApp : WhatsAppApp
{
    private static Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 30) =>
        WhatsAppScene.EventuallyAsync(read, done, seconds);

    /// <summary>A signed-in owner whose workspace has a WhatsApp campaign, credits and a connected number, with a customer who wrote and was answered.</summary>
    private async Task<(AppClient Owner, WhatsAppScene Scene, Guid ConversationId)> AnsweredAsync()
    {
        var (owner, email) = await AppClient.SignedInUserAsync(app);
        Guid workspaceId;
        await using (var db = app.Database.NewContext())
        {
            workspaceId = await db.Users.Where(u => u.Email == email).Select(u => u.CurrentWorkspaceId!.Value).SingleAsync();
            db.Campaigns.Add(new Campaign
            {
                WorkspaceId = workspaceId, Name = "Websites", Status = CampaignStatus.Active, Channels = CampaignChannels.WhatsApp,
                ProductName = "Launch website", ProductDescription = "A five-page website.", PriceCents = 149_900, Greeting = "Hi!",
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, ActivatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>()
            .GrantAsync(workspaceId, 100_000, LedgerEntryType.AdminGrant, "test credits", $"test:{workspaceId}", null, null, CancellationToken.None));
        var scene = await WhatsAppScene.ConnectAsync(app, workspaceId, email);
        using (var webhook = app.NewClient()) await scene.DeliverAsync(webhook.Http, scene.TextPayload("Hello, do you build websites?"));
        await Eventually(() => Task.FromResult(scene.SendsToCustomer), s => s.Count(x => x.Status == 200) == 1);
        return (owner, scene, (await scene.MessagesAsync())[0].ConversationId);
    }

    [Fact]
    public async Task Each_outbound_message_shows_its_delivery_and_a_refusal_shows_graphs_words()
    {
        var (owner, scene, id) = await AnsweredAsync();
        var url = $"/inbox/{id}";
        (await owner.HtmxPostAsync(url, $"{url}/takeover")).EnsureSuccessStatusCode();
        await Eventually(() => Task.FromResult(scene.SendsToCustomer), s => s.Count(x => x.Status == 200) == 2);
        app.WhatsApp.FailNext(HttpStatusCode.BadRequest, graphCode: 131026, message: "Message undeliverable");

        (await owner.HtmxPostAsync(url, $"{url}/reply", new Dictionary<string, string> { ["text"] = "Here is our offer" })).EnsureSuccessStatusCode();
        await Eventually(() => scene.RowsAsync(ChannelDirection.Outbound), rows => rows.Any(r => r.State == ChannelDeliveryState.Failed));

        var page = await owner.GetDocumentAsync(url);
        Assert.Equal("WhatsApp", page.QuerySelector("[data-channel]")!.TextContent.Trim());
        var ai = page.QuerySelector("li[data-sender=Ai] [data-delivery]")!;
        Assert.Equal("Sent", ai.GetAttribute("data-delivery"));
        var refused = page.QuerySelector("li[data-sender=Human] [data-delivery]")!;
        Assert.Equal("Failed", refused.GetAttribute("data-delivery"));
        Assert.Contains("Not delivered: Message undeliverable (code 131026)", refused.TextContent.Replace("\n", " "));
    }

    [Fact]
    public async Task The_inbox_filters_by_channel_and_badges_each_conversation()
    {
        var (owner, _, id) = await AnsweredAsync();

        var whatsApp = await owner.GetDocumentAsync("/inbox?channel=whatsapp");
        var telegram = await owner.GetDocumentAsync("/inbox?channel=telegram");
        var bogus = await owner.Http.GetAsync("/inbox?channel=fax");

        Assert.Equal("WhatsApp", whatsApp.QuerySelector($"tr[data-conversation='{id}'] [data-channel]")!.GetAttribute("data-channel"));
        Assert.Null(telegram.QuerySelector($"tr[data-conversation='{id}']"));
        Assert.Equal(HttpStatusCode.OK, bogus.StatusCode);
        Assert.Contains("Choose a channel from the list.", await bogus.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_closed_window_offers_the_numbers_templates_and_sends_one()
    {
        var (owner, scene, id) = await AnsweredAsync();
        var url = $"/inbox/{id}";
        (await owner.HtmxPostAsync(url, $"{url}/takeover")).EnsureSuccessStatusCode();
        await using (var db = app.Database.NewContext())
            await db.ChannelIdentities.IgnoreQueryFilters(QueryFilters.Workspace).Where(i => i.ChannelId == scene.Channel.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.LastInboundAt, DateTime.UtcNow.AddHours(-25)));

        var closed = await owner.GetDocumentAsync(url);
        Assert.NotNull(closed.QuerySelector("[data-window-closed]"));
        Assert.Null(closed.QuerySelector("#inbox-reply-form"));
        Assert.NotNull(closed.QuerySelector("[data-no-templates]"));
        (await owner.PostFormAsync(url, new Dictionary<string, string> { ["name"] = "follow_up", ["language"] = "en_US", ["parameterCount"] = "1" },
            action: $"{url}/addtemplate")).EnsureRedirect(url);

        var offered = await owner.GetDocumentAsync(url);
        var option = offered.QuerySelector("#inbox-template option")!;
        Assert.StartsWith("follow_up (en_US, 1 parameter)", option.TextContent);
        (await owner.HtmxPostAsync(url, $"{url}/template", new Dictionary<string, string>
        {
            ["template"] = option.GetAttribute("value")!, ["parameters"] = "Mauricio\n",
        })).EnsureSuccessStatusCode();

        var sent = await Eventually(() => Task.FromResult(scene.SendsToCustomer), s => s.Any(x => x.Type == "template"));
        Assert.Equal("follow_up", sent.Single(x => x.Type == "template").Body["template"]!["name"]!.GetValue<string>());

        // Another workspace's member cannot add templates to this number.
        var (stranger, _) = await AppClient.SignedInUserAsync(app);
        var token = await stranger.AntiforgeryTokenAsync("/inbox");
        var refused = await stranger.Http.PostAsync($"{url}/addtemplate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["name"] = "sneaky", ["language"] = "en_US", ["parameterCount"] = "0",
        }));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }
}

public sealed class WhatsAppInboxOnSqlite(SqliteWhatsAppApp app) : WhatsAppInboxTests<SqliteWhatsAppApp>(app), IClassFixture<SqliteWhatsAppApp>;

public sealed class WhatsAppInboxOnPostgres(PostgresWhatsAppApp app) : WhatsAppInboxTests<PostgresWhatsAppApp>(app), IClassFixture<PostgresWhatsAppApp>;
