using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Audit;
using Streamline.Core.Campaigns;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Contacts;
using Streamline.Core.Channels.Sandbox;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Tests.Support;
using static Streamline.Tests.Channels.ChannelContactsScene;

namespace Streamline.Tests.Channels;

/// <summary>One person across channels: linked by a shared e-mail or phone number, merged by the owner, never across workspaces.</summary>
public abstract class ChannelContactsTests<TApp>(TApp app) where TApp : StreamlineApp
{
    [Fact]
    public async Task A_whatsapp_number_links_the_new_customer_to_the_website_lead_who_gave_it()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var (lead, widget) = await WidgetVisitorAsync(app, scene.WorkspaceId,
            c => (c.Name, c.Email, c.Phone, c.Company) = ("Dana Reyes", "dana@example.test", "+15550100001", "Brightwave"), DateTime.UtcNow.AddDays(-3));
        var whatsApp = await scene.CreateSandboxAsync(ConversationChannel.WhatsApp);

        Assert.Equal(HttpStatusCode.OK, (await scene.WriteAsync(whatsApp, "Hello, is the shop open on Sunday?")).StatusCode);

        // The webhook stores the message received; the pump makes it the customer's identity and conversation after.
        var identity = await EventuallyAsync(async () =>
        {
            await using var read = app.Database.NewContext();
            return await read.ChannelIdentities.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(i => i.ChannelId == whatsApp);
        }, i => i is { ConversationId: not null } && i.ContactId == lead);
        Assert.NotNull(identity);
        Assert.Equal(lead, identity.ContactId);
        await using var db = app.Database.NewContext();
        Assert.Equal(lead, await ContactOfConversationAsync(app, identity.ConversationId!.Value));
        Assert.Equal(lead, await ContactOfConversationAsync(app, widget));
        var contacts = await db.Contacts.IgnoreQueryFilters().Where(c => c.WorkspaceId == scene.WorkspaceId).ToListAsync();
        var person = Assert.Single(contacts);
        Assert.Equal(("dana@example.test", "+15550100001", "Brightwave"), (person.Email, person.Phone, person.Company));
        // The name WhatsApp gave is the newer one; the name the visitor typed is kept, not lost.
        Assert.Equal(SandboxPhone.CustomerName, person.Name);
        Assert.Contains("Name: Dana Reyes", person.EarlierDetails!);
    }

    [Fact]
    public async Task A_whatsapp_number_sent_only_with_a_later_message_is_recorded_and_links_the_customer_to_the_lead_with_it()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var (lead, widget) = await WidgetVisitorAsync(app, scene.WorkspaceId, c => (c.Name, c.Phone) = ("Dana Reyes", "+15550100001"), DateTime.UtcNow.AddDays(-3));
        var channel = await scene.ChannelAsync(await scene.CreateSandboxAsync(ConversationChannel.WhatsApp));
        InboundChannelMessage Message(string id, string? phone) =>
            new(channel.RouteKey, id, "US.13491208655302741918", DateTimeOffset.UtcNow, InboundKind.Text, Text: "Hello again", SenderPhone: phone);
        Task<StoredInbound> StoreAsync(InboundChannelMessage message) =>
            app.WithScopeAsync(sp => sp.GetRequiredService<ChannelIngest>().StoreAsync(channel, message, Guid.NewGuid(), CancellationToken.None));

        var first = await StoreAsync(Message("wamid.first", phone: null));
        var before = await ContactOfConversationAsync(app, first.ConversationId);
        var second = await StoreAsync(Message("wamid.second", phone: "15550100001"));

        Assert.NotEqual(lead, before);
        Assert.Equal(first.ConversationId, second.ConversationId);
        Assert.Equal(lead, await ContactOfConversationAsync(app, second.ConversationId));
        Assert.Equal(lead, await ContactOfConversationAsync(app, widget));
        Assert.Null(await ContactAsync(app, before));
        Assert.Equal("+15550100001", (await ContactAsync(app, lead))!.Phone);
        await using var db = app.Database.NewContext();
        var identity = await db.ChannelIdentities.IgnoreQueryFilters().SingleAsync(i => i.ChannelId == channel.Id);
        Assert.Equal(("15550100001", (Guid?)lead), (identity.Phone, identity.ContactId));
    }

    [Fact]
    public async Task A_whatsapp_number_sent_only_with_a_later_message_is_recorded_on_the_customers_contact()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var channel = await scene.ChannelAsync(await scene.CreateSandboxAsync(ConversationChannel.WhatsApp));
        InboundChannelMessage Message(string id, string? phone) =>
            new(channel.RouteKey, id, "US.77", DateTimeOffset.UtcNow, InboundKind.Text, Text: "Hi", SenderPhone: phone);
        Task<StoredInbound> StoreAsync(InboundChannelMessage message) =>
            app.WithScopeAsync(sp => sp.GetRequiredService<ChannelIngest>().StoreAsync(channel, message, Guid.NewGuid(), CancellationToken.None));

        var first = await StoreAsync(Message("wamid.alone.1", phone: null));
        await StoreAsync(Message("wamid.alone.2", phone: "447700900123"));

        var contact = await ContactOfConversationAsync(app, first.ConversationId);
        Assert.Equal("+447700900123", (await ContactAsync(app, contact))!.Phone);
    }

    [Fact]
    public async Task An_email_given_in_a_telegram_chat_links_the_customer_to_the_lead_with_that_email_in_any_case()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        await ReadyToAnswerAsync(scene.WorkspaceId);
        var (lead, _) = await WidgetVisitorAsync(app, scene.WorkspaceId, c => (c.Name, c.Email) = ("Sam Lee", "Sam.Lee@Example.TEST"), DateTime.UtcNow.AddDays(-1));
        var telegram = await scene.CreateSandboxAsync(ConversationChannel.Telegram);

        Assert.Equal(HttpStatusCode.OK, (await scene.WriteAsync(telegram, "Hi, I'm Sam. My email is sam.lee@example.test")).StatusCode);

        var linked = await EventuallyAsync(async () =>
        {
            await using var db = app.Database.NewContext();
            return await db.ChannelIdentities.IgnoreQueryFilters().Where(i => i.ChannelId == telegram).Select(i => i.ContactId).SingleOrDefaultAsync();
        }, id => id == lead);
        Assert.Equal<Guid?>(lead, linked);
        await using var check = app.Database.NewContext();
        Assert.Equal(1, await check.Contacts.IgnoreQueryFilters().CountAsync(c => c.WorkspaceId == scene.WorkspaceId));
        Assert.Equal(2, await check.Conversations.IgnoreQueryFilters().CountAsync(c => c.ContactId == lead));
    }

    [Fact]
    public async Task Contacts_of_another_workspace_with_the_same_email_and_phone_are_never_linked()
    {
        using var ours = await ChannelPagesScene.CreateAsync(app);
        using var theirs = await ChannelPagesScene.CreateAsync(app);
        var (foreign, foreignConversation) = await WidgetVisitorAsync(app, theirs.WorkspaceId, c => (c.Email, c.Phone) = ("kim@example.test", "+447700900123"));
        var (mine, _) = await ChannelCustomerAsync(app, ours.WorkspaceId, ConversationChannel.Messenger, c => (c.Email, c.Phone) = ("KIM@example.test", "+447700900123"));

        var link = await app.WithScopeAsync(sp => sp.GetRequiredService<ChannelContacts>().LinkAsync(ours.WorkspaceId, mine, CancellationToken.None));

        Assert.Equal(new ContactLink(mine, 0), link);
        Assert.NotNull(await ContactAsync(app, foreign));
        Assert.Equal(foreign, await ContactOfConversationAsync(app, foreignConversation));
    }

    [Fact]
    public async Task A_phone_number_typed_without_its_country_code_is_read_in_the_workspaces_country()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var (whatsApp, _) = await ChannelCustomerAsync(app, scene.WorkspaceId, ConversationChannel.WhatsApp, c => c.Phone = "+447700900123");
        var (typed, typedConversation) = await WidgetVisitorAsync(app, scene.WorkspaceId, c => c.Phone = "07700 900123");
        Task<ContactLink> LinkAsync() => app.WithScopeAsync(sp => sp.GetRequiredService<ChannelContacts>().LinkAsync(scene.WorkspaceId, typed, CancellationToken.None));

        var withoutCountry = await LinkAsync();
        await using (var db = app.Database.NewContext())
        {
            var profile = await db.BusinessProfiles.IgnoreQueryFilters().SingleOrDefaultAsync(p => p.WorkspaceId == scene.WorkspaceId);
            if (profile is null) db.BusinessProfiles.Add(profile = new Core.Onboarding.BusinessProfile { WorkspaceId = scene.WorkspaceId, UpdatedAt = DateTime.UtcNow });
            profile.Phone = "+442071234567";
            await db.SaveChangesAsync();
        }
        var inTheUk = await LinkAsync();

        Assert.Equal(new ContactLink(typed, 0), withoutCountry);
        Assert.Equal(new ContactLink(whatsApp, 1), inTheUk);
        Assert.Equal(whatsApp, await ContactOfConversationAsync(app, typedConversation));
    }

    [Fact]
    public async Task The_owner_previews_and_merges_a_contact_moving_channels_conversations_and_facts_with_opt_outs_kept_per_channel()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var (keep, whatsAppConversation) = await ChannelCustomerAsync(app, scene.WorkspaceId, ConversationChannel.WhatsApp,
            c => (c.Name, c.Phone, c.PainPoints) = ("Ana", "+351912345678", ["slow website"]), optedOut: true, updatedAt: DateTime.UtcNow.AddDays(-2));
        var (other, telegramConversation) = await ChannelCustomerAsync(app, scene.WorkspaceId, ConversationChannel.Telegram,
            c => (c.Name, c.Email, c.Company, c.PainPoints) = ("Ana Silva", "ana@example.test", "Lumen", ["no leads"]), updatedAt: DateTime.UtcNow.AddHours(-1));
        var url = $"/contacts/{keep}";

        var preview = await scene.Owner.GetDocumentAsync($"{url}/preview?other={other}");
        var plan = preview.QuerySelector("#merge-plan")!;
        Assert.Contains("Ana Silva", plan.QuerySelector("tbody tr")!.TextContent);
        Assert.Contains("Name: Ana", plan.QuerySelector("[data-replaced]")!.TextContent);
        Assert.Contains("1 conversation", plan.QuerySelector("[data-moves]")!.TextContent);
        Assert.NotNull(await ContactAsync(app, other));

        var merged = await scene.Owner.PostFormAsync($"{url}/preview?other={other}", new Dictionary<string, string>(), $"{url}/merge");
        merged.EnsureRedirect(url);

        var page = await scene.Owner.GetDocumentAsync(url);
        Assert.Equal(["Telegram", "WhatsApp"], page.QuerySelectorAll("#contact-channels [data-channel]").Select(b => b.GetAttribute("data-channel")!).Order());
        Assert.Equal(new[] { whatsAppConversation, telegramConversation }.Select(id => id.ToString()).Order(),
            page.QuerySelectorAll("#contact-conversations tr[data-conversation]").Select(r => r.GetAttribute("data-conversation")!).Order());
        Assert.NotNull(page.QuerySelector("#contact-identities tr[data-identity='WhatsApp'] [data-opted-out]"));
        Assert.Null(page.QuerySelector("#contact-identities tr[data-identity='Telegram'] [data-opted-out]"));
        Assert.Equal("ana@example.test", page.QuerySelector("#contact-facts [data-field='email']")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("[data-flash]"));

        Assert.Null(await ContactAsync(app, other));
        var person = (await ContactAsync(app, keep))!;
        Assert.Equal(("Ana Silva", "ana@example.test", "+351912345678", "Lumen"), (person.Name, person.Email, person.Phone, person.Company));
        Assert.Equal(["no leads", "slow website"], person.PainPoints.Order());
        Assert.Equal(["Name: Ana"], person.EarlierDetails!);
        await using var db = app.Database.NewContext();
        var identities = await db.ChannelIdentities.IgnoreQueryFilters().Where(i => i.ContactId == keep).ToListAsync();
        Assert.Equal(2, identities.Count);
        // Opt-out stays with the channel it was said on.
        Assert.Single(identities, i => i.OptedOutAt != null);
        var entry = await db.Set<AuditEntry>().SingleAsync(e => e.WorkspaceId == scene.WorkspaceId && e.Action == AuditAction.ContactsMerged);
        Assert.Equal($"contact:{keep}", entry.Subject);
        Assert.Equal(scene.OwnerEmail, entry.Actor);
    }

    [Fact]
    public async Task Merging_with_another_workspaces_contact_is_a_404_and_changes_nothing()
    {
        using var ours = await ChannelPagesScene.CreateAsync(app);
        using var theirs = await ChannelPagesScene.CreateAsync(app);
        var (keep, _) = await ChannelCustomerAsync(app, ours.WorkspaceId, ConversationChannel.WhatsApp, c => c.Name = "Ours");
        var (mine, _) = await WidgetVisitorAsync(app, ours.WorkspaceId, c => c.Name = "Also ours");
        var (foreign, foreignConversation) = await ChannelCustomerAsync(app, theirs.WorkspaceId, ConversationChannel.Telegram, c => c.Name = "Theirs");
        var url = $"/contacts/{keep}";

        var merge = await ours.Owner.PostFormAsync($"{url}/preview?other={mine}", new Dictionary<string, string> { ["other"] = foreign.ToString() }, $"{url}/merge");
        var preview = await ours.Owner.Http.GetAsync($"{url}/preview?other={foreign}");
        var theirPage = await ours.Owner.Http.GetAsync($"/contacts/{foreign}");

        Assert.Equal(HttpStatusCode.NotFound, merge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, preview.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, theirPage.StatusCode);
        Assert.Equal("Theirs", (await ContactAsync(app, foreign))!.Name);
        Assert.Equal(foreign, await ContactOfConversationAsync(app, foreignConversation));
        await using var db = app.Database.NewContext();
        Assert.Equal(1, await db.ChannelIdentities.IgnoreQueryFilters().CountAsync(i => i.ContactId == foreign));
        Assert.False(await db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditAction.ContactsMerged && e.Subject == $"contact:{foreign}"));
    }

    [Fact]
    public async Task Only_the_owner_merges_and_only_with_the_antiforgery_token()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var (keep, _) = await ChannelCustomerAsync(app, scene.WorkspaceId, ConversationChannel.Instagram, c => c.Name = "Lea");
        var (other, _) = await WidgetVisitorAsync(app, scene.WorkspaceId, c => c.Name = "Lea K");
        var url = $"/contacts/{keep}";
        using var member = await scene.MemberAsync();

        var memberPage = await member.GetDocumentAsync(url);
        var token = memberPage.QuerySelector("meta[name=csrf-token]")!.GetAttribute("content")!;
        var byMember = await member.Http.PostAsync($"{url}/merge",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["other"] = other.ToString(), ["__RequestVerificationToken"] = token }));
        var memberPreview = await member.Http.GetAsync($"{url}/preview?other={other}");
        var withoutToken = await scene.Owner.Http.PostAsync($"{url}/merge", new FormUrlEncodedContent(new Dictionary<string, string> { ["other"] = other.ToString() }));

        Assert.Null(memberPage.QuerySelector("#contact-merge-title"));
        Refused(byMember);
        Refused(memberPreview);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.NotNull(await ContactAsync(app, other));
        Assert.Equal("Lea", (await ContactAsync(app, keep))!.Name);
    }

    [Fact]
    public async Task Two_merges_of_the_same_contact_at_once_move_it_once()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var (keep, _) = await ChannelCustomerAsync(app, scene.WorkspaceId, ConversationChannel.WhatsApp, c => c.Name = "Noor");
        var (second, _) = await ChannelCustomerAsync(app, scene.WorkspaceId, ConversationChannel.Messenger, c => c.Name = "Noor A");
        var (other, conversation) = await ChannelCustomerAsync(app, scene.WorkspaceId, ConversationChannel.Telegram, c => c.Email = "noor@example.test");

        var results = await Task.WhenAll(
            MergeAsync(scene.WorkspaceId, keep, other),
            MergeAsync(scene.WorkspaceId, second, other));

        Assert.Single(results, r => r is not null);
        Assert.Null(await ContactAsync(app, other));
        var owner = await ContactOfConversationAsync(app, conversation);
        Assert.Equal(results.Single(r => r is not null)!.Keep.Id, owner);
        Assert.Equal("noor@example.test", (await ContactAsync(app, owner))!.Email);
    }

    [Fact]
    public async Task Merges_sharing_a_contact_at_once_lose_and_duplicate_nothing()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        // A few rounds, so that the two merges really overlap in some of them.
        for (var round = 0; round < 4; round++)
        {
            var (a, aConversation) = await ChannelCustomerAsync(app, scene.WorkspaceId, ConversationChannel.WhatsApp, c => c.Name = "Rui");
            var (b, bConversation) = await ChannelCustomerAsync(app, scene.WorkspaceId, ConversationChannel.Messenger, c => c.Email = $"rui{round}@example.test");
            var (c, cConversation) = await ChannelCustomerAsync(app, scene.WorkspaceId, ConversationChannel.Telegram, c => c.Company = "Vela");

            var (bIntoA, cIntoB) = (MergeAsync(scene.WorkspaceId, a, b), MergeAsync(scene.WorkspaceId, b, c));
            await Task.WhenAll(bIntoA, cIntoB);

            // B into A always finds both; C into B finds B only when it runs first, and then moves on into A with it.
            Assert.NotNull(await bIntoA);
            Assert.Null(await ContactAsync(app, b));
            var cOwner = await cIntoB is null ? c : a;
            Assert.Equal([a, a, cOwner], [await ContactOfConversationAsync(app, aConversation), await ContactOfConversationAsync(app, bConversation),
                await ContactOfConversationAsync(app, cConversation)]);
            var person = (await ContactAsync(app, a))!;
            Assert.Equal(("Rui", $"rui{round}@example.test"), (person.Name, person.Email));
            Assert.Equal("Vela", (await ContactAsync(app, cOwner))!.Company);
            Assert.Equal(cOwner == c, await ContactAsync(app, c) is not null);
            await using var db = app.Database.NewContext();
            var identities = await db.ChannelIdentities.IgnoreQueryFilters()
                .Where(i => i.ContactId == a || i.ContactId == b || i.ContactId == c).Select(i => i.ContactId).ToListAsync();
            Assert.Equal(3, identities.Count);
            Assert.Equal(cOwner == a ? 3 : 2, identities.Count(id => id == a));
        }
    }

    [Fact]
    public async Task Merging_a_contact_that_was_merged_already_is_a_404_and_changes_nothing()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var (keep, _) = await ChannelCustomerAsync(app, scene.WorkspaceId, ConversationChannel.WhatsApp, c => c.Name = "Ines");
        var (other, conversation) = await WidgetVisitorAsync(app, scene.WorkspaceId, c => c.Email = "ines@example.test");
        var (third, _) = await WidgetVisitorAsync(app, scene.WorkspaceId, c => c.Name = "Ines P");
        var url = $"/contacts/{keep}";
        var token = (await scene.Owner.GetDocumentAsync(url)).QuerySelector("meta[name=csrf-token]")!.GetAttribute("content")!;
        Task<HttpResponseMessage> MergeByPostAsync(Guid into, Guid merged) => scene.Owner.Http.PostAsync($"/contacts/{into}/merge",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["other"] = merged.ToString(), ["__RequestVerificationToken"] = token }));

        var first = await MergeByPostAsync(keep, other);
        var again = await MergeByPostAsync(keep, other);
        var intoTheMerged = await MergeByPostAsync(other, third);

        first.EnsureRedirect(url);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("nothing was merged", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, intoTheMerged.StatusCode);
        Assert.Equal(keep, await ContactOfConversationAsync(app, conversation));
        Assert.Equal("ines@example.test", (await ContactAsync(app, keep))!.Email);
        Assert.NotNull(await ContactAsync(app, third));
        await using var db = app.Database.NewContext();
        Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(e => e.WorkspaceId == scene.WorkspaceId && e.Action == AuditAction.ContactsMerged));
    }

    /// <summary>Forbidden: a 403, or the sign-in cookie's way of saying it, the access-denied page.</summary>
    private static void Refused(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("AccessDenied", StringComparison.OrdinalIgnoreCase)),
            $"{(int)response.StatusCode} {response.Headers.Location}");

    private Task<MergePlan?> MergeAsync(Guid workspaceId, Guid keep, Guid other) => app.WithScopeAsync(sp =>
    {
        sp.GetRequiredService<Core.Data.WorkspaceScope>().Enter(workspaceId);
        return sp.GetRequiredService<ContactMerge>().MergeAsync(keep, other, new AuditActor(null, "test"), CancellationToken.None);
    });

    /// <summary>Credits and an active campaign on every channel, so the sales rep answers (and saves what it is told).</summary>
    private async Task ReadyToAnswerAsync(Guid workspaceId)
    {
        await using (var db = app.Database.NewContext())
        {
            db.Campaigns.Add(new Campaign
            {
                WorkspaceId = workspaceId, Name = "Websites", Status = CampaignStatus.Active, Channels = CampaignChannels.All,
                ProductName = "Launch website", ProductDescription = "A five-page website.", PriceCents = 149_900, Greeting = "Hi!",
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, ActivatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>()
            .GrantAsync(workspaceId, 100_000, LedgerEntryType.AdminGrant, "test credits", $"test:{workspaceId}", null, null, CancellationToken.None));
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(200);
        }
    }
}

[Collection(SharedApps.Sqlite2)]
public sealed class ChannelContactsTestsOnSqlite(SqliteApp app) : ChannelContactsTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class ChannelContactsTestsOnPostgres(PostgresApp app) : ChannelContactsTests<PostgresApp>(app);
