using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Conversations;
using Streamline.Core.Conversations.Inbox;
using Streamline.Tests.Admin;
using Streamline.Tests.Jobs;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations.Inbox;

public abstract class InboxPageTests<TApp>(TApp app) where TApp : AdminApp
{
    [Fact]
    public async Task The_owner_sees_a_new_conversation_as_unread_and_opening_it_shows_the_transcript_and_marks_it_read()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var id = await scene.StartConversationAsync("Do you ship to Norway?", contact: p => { p.Name = "Ola"; p.Email = "ola@example.test"; });

        var list = await scene.Owner.GetDocumentAsync("/inbox");
        var row = list.QuerySelector($"#inbox-conversations tr[data-conversation='{id}']")!;
        Assert.Equal("Ola", row.QuerySelector(".inbox-contact")!.TextContent);
        Assert.NotNull(row.QuerySelector("[data-unread]"));
        Assert.Contains("Do you ship to Norway?", row.TextContent);

        var page = await scene.Owner.GetDocumentAsync($"/inbox/{id}");
        var bubble = page.QuerySelector("#inbox-messages [data-sender='Visitor']")!;
        Assert.Equal("Do you ship to Norway?", bubble.QuerySelector(".chat-text")!.TextContent);
        Assert.Equal("Ola", bubble.QuerySelector(".chat-author")!.TextContent);
        Assert.Equal("ola@example.test", page.QuerySelector("#inbox-panel [data-field='email']")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#inbox-actions form[action$='/takeover']"));
        Assert.NotNull(page.QuerySelector("[data-reply-hint]"));

        Assert.False((await scene.ConversationAsync(id)).IsUnread);
        var after = await scene.Owner.GetDocumentAsync("/inbox");
        Assert.Null(after.QuerySelector($"tr[data-conversation='{id}'] [data-unread]"));
    }

    [Fact]
    public async Task The_lead_panel_shows_the_contact_score_reasons_sentiment_campaign_cost_and_proposal_links()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var campaign = await scene.CampaignAsync("Web shop package");
        var id = await scene.StartConversationAsync(contact: p =>
        {
            p.Company = "Fjord Fish AS";
            p.TeamSize = 8;
            p.Budget = "NOK 50k";
            p.PainPoints = ["manual invoicing"];
        }, conversation: c =>
        {
            c.CampaignId = campaign.Id;
            c.LeadScore = 72;
            c.LeadScoreReasons = ["Gave a budget", "Team of 8"];
            c.Sentiment = Sentiment.Positive;
            c.AiCostMillicredits = 2_345;
        });
        await using (var db = app.Database.NewContext())
        {
            db.Proposals.Add(new Proposal
            {
                WorkspaceId = scene.WorkspaceId, ConversationId = id, ContactId = (await scene.ConversationAsync(id)).ContactId,
                PublicToken = "tok_" + Guid.NewGuid().ToString("N"), Title = "Shop for Fjord Fish", Markdown = "# Proposal",
                TotalCents = 4_990_00, Currency = "EUR", CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var panel = (await scene.Owner.GetDocumentAsync($"/inbox/{id}")).QuerySelector("#inbox-panel")!;

        Assert.Equal("Fjord Fish AS", panel.QuerySelector("[data-field='company']")!.TextContent);
        Assert.Equal("manual invoicing", panel.QuerySelector("[data-field='pain-points'] li")!.TextContent);
        Assert.Equal("72", panel.QuerySelector("[data-lead-score]")!.TextContent);
        Assert.Equal(["Gave a budget", "Team of 8"], panel.QuerySelectorAll("#lead-score-reasons li").Select(li => li.TextContent));
        Assert.Equal("Positive", panel.QuerySelector("[data-sentiment]")!.TextContent);
        Assert.Equal("Web shop package", panel.QuerySelector("[data-field='campaign'] a")!.TextContent);
        Assert.Equal("2.345 credits", panel.QuerySelector("[data-ai-cost]")!.TextContent);
        var proposal = panel.QuerySelector("#lead-proposals a")!;
        Assert.Equal("Shop for Fjord Fish", proposal.TextContent);
        Assert.StartsWith("/p/tok_", proposal.GetAttribute("href"));
        Assert.Contains("4,990.00 EUR", panel.QuerySelector("#lead-proposals")!.TextContent);
    }

    [Fact]
    public async Task Taking_over_replying_and_giving_back_through_the_page_answer_with_every_region_out_of_band()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var id = await scene.StartConversationAsync("Is anyone there?");
        var url = $"/inbox/{id}";

        var taken = await (await scene.Owner.HtmxPostAsync(url, $"{url}/takeover")).FragmentAsync();
        foreach (var region in new[] { "inbox-controls", "inbox-transcript", "inbox-reply", "inbox-panel", "conversation-live" })
            Assert.Equal("true", taken.GetElementById(region)!.GetAttribute("hx-swap-oob"));
        Assert.Contains("You have taken over", taken.QuerySelector("[data-hold]")!.TextContent);
        Assert.NotNull(taken.QuerySelector("#inbox-reply-form textarea[name='text']"));
        Assert.Equal($"{InboxScene.OwnerName} joined the conversation.", taken.QuerySelector("#inbox-messages [data-sender='System'] span")!.TextContent);

        var replied = await (await scene.Owner.HtmxPostAsync(url, $"{url}/reply", new Dictionary<string, string> { ["text"] = "Yes! How can I help?" })).FragmentAsync();
        var human = replied.QuerySelector("#inbox-messages [data-sender='Human']")!;
        Assert.Equal("Yes! How can I help?", human.QuerySelector(".chat-text")!.TextContent);
        Assert.Equal("You", human.QuerySelector(".chat-author")!.TextContent);
        Assert.Equal("", replied.QuerySelector("#inbox-reply-text")!.TextContent);
        Assert.Equal(MessageSender.Human, (await scene.MessagesAsync(id)).Last().Sender);

        var invalid = await (await scene.Owner.HtmxPostAsync(url, $"{url}/reply", new Dictionary<string, string> { ["text"] = " " })).FragmentAsync();
        Assert.Equal("Write a reply first.", invalid.QuerySelector("#inbox-reply-error")!.TextContent);

        var back = await (await scene.Owner.HtmxPostAsync(url, $"{url}/giveback")).FragmentAsync();
        Assert.Equal("Active", back.QuerySelector("#inbox-controls [data-conversation-status]")!.GetAttribute("data-conversation-status"));
        Assert.NotNull(back.QuerySelector("[data-reply-hint]"));
        Assert.Equal(ConversationStatus.Active, (await scene.ConversationAsync(id)).Status);
    }

    [Fact]
    public async Task A_reply_refused_because_a_colleague_took_over_keeps_the_text_and_names_the_colleague()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var (signedIn, sam) = await scene.MemberAsync("Sam Second", signIn: true);
        using var member = signedIn!;
        var id = await scene.StartConversationAsync();
        var url = $"/inbox/{id}";
        (await scene.Owner.HtmxPostAsync(url, $"{url}/takeover")).EnsureSuccessStatusCode();

        var refused = await (await member.HtmxPostAsync(url, $"{url}/takeover")).FragmentAsync();
        Assert.StartsWith($"{InboxScene.OwnerName} has taken over this conversation", refused.QuerySelector("[data-action-error]")!.TextContent);
        var reply = await (await member.HtmxPostAsync(url, $"{url}/reply", new Dictionary<string, string> { ["text"] = "My answer" })).FragmentAsync();
        Assert.Contains("My answer", reply.QuerySelector("[data-reply-error]")!.TextContent);

        Assert.Equal(scene.OwnerId, (await scene.ConversationAsync(id)).AssignedUserId);
        Assert.DoesNotContain(await scene.MessagesAsync(id), m => m.AuthorUserId == sam.UserId);
    }

    [Fact]
    public async Task A_member_who_is_not_the_owner_works_the_inbox_too()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var (signedIn, sam) = await scene.MemberAsync("Sam Second", signIn: true);
        using var member = signedIn!;
        var id = await scene.StartConversationAsync();

        Assert.NotNull((await member.GetDocumentAsync("/inbox")).QuerySelector($"tr[data-conversation='{id}']"));
        (await member.HtmxPostAsync($"/inbox/{id}", $"/inbox/{id}/takeover")).EnsureSuccessStatusCode();
        (await member.HtmxPostAsync($"/inbox/{id}", $"/inbox/{id}/reply", new Dictionary<string, string> { ["text"] = "Sam here" })).EnsureSuccessStatusCode();

        var ownerView = await scene.Owner.GetDocumentAsync($"/inbox/{id}");
        Assert.Equal("Sam Second", ownerView.QuerySelector("#inbox-messages [data-sender='Human'] .chat-author")!.TextContent);
        Assert.Contains("Sam Second has taken over", ownerView.QuerySelector("[data-hold]")!.TextContent);
        Assert.Null(ownerView.QuerySelector("#inbox-actions form[action$='/takeover']"));
        Assert.Equal(sam.UserId, (await scene.ConversationAsync(id)).AssignedUserId);
    }

    [Fact]
    public async Task The_live_stamps_answer_304_until_something_changes_and_then_say_which_regions_to_refresh()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var id = await scene.StartConversationAsync();
        var page = await scene.Owner.GetDocumentAsync($"/inbox/{id}");
        var stamp = page.GetElementById("conversation-live")!.GetAttribute("data-stamp")!;
        var list = await scene.Owner.GetDocumentAsync("/inbox");
        var listStamp = list.GetElementById("inbox-live")!.GetAttribute("data-stamp")!;

        Assert.Equal(HttpStatusCode.NotModified, (await LiveAsync(scene.Owner, $"/inbox/{id}/live", stamp)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await LiveAsync(scene.Owner, "/inbox?handler=live", listStamp)).StatusCode);

        await scene.VisitorWritesAsync(id, "Hello again");
        var changed = await LiveAsync(scene.Owner, $"/inbox/{id}/live", stamp);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(["conversation-changed"], changed.Headers.GetValues("HX-Trigger"));
        var next = (await changed.FragmentAsync()).GetElementById("conversation-live")!.GetAttribute("data-stamp")!;
        Assert.Equal(["inbox-changed"], (await LiveAsync(scene.Owner, "/inbox?handler=live", listStamp)).Headers.GetValues("HX-Trigger"));

        await scene.InboxAsync(i => i.TakeOverAsync(id, scene.OwnerActor));
        var held = await LiveAsync(scene.Owner, $"/inbox/{id}/live", next);
        Assert.Equal(["conversation-changed, conversation-hold-changed"], held.Headers.GetValues("HX-Trigger"));

        var transcript = await (await scene.Owner.Http.GetAsync($"/inbox/{id}/transcript")).FragmentAsync();
        Assert.Equal("Hello again", transcript.QuerySelectorAll("#inbox-messages [data-sender='Visitor'] .chat-text").Last().TextContent);
    }

    [Fact]
    public async Task The_filters_narrow_the_list_in_place_and_a_bad_score_is_explained()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var low = await scene.StartConversationAsync(conversation: c => c.LeadScore = 20);
        var high = await scene.StartConversationAsync(conversation: c => c.LeadScore = 90);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/inbox?score=50");
        request.Headers.Add("HX-Request", "true");
        var fragment = await (await scene.Owner.Http.SendAsync(request)).FragmentAsync();
        Assert.Equal([high.ToString()], fragment.QuerySelectorAll("#inbox-results tr[data-conversation]").Select(r => r.GetAttribute("data-conversation")));
        Assert.Equal("/inbox?score=50", fragment.GetElementById("inbox-results")!.GetAttribute("hx-get"));

        var bad = await scene.Owner.GetDocumentAsync("/inbox?score=500&status=asleep");
        Assert.Contains("Choose a status from the list.", bad.QuerySelector("[data-filter-error]")!.TextContent);
        Assert.Contains(low.ToString(), (await scene.Owner.Http.GetStringAsync("/inbox")));
    }

    [Fact]
    public async Task The_leads_csv_lists_leads_only_quotes_what_needs_it_and_defuses_formulas()
    {
        using var scene = await InboxScene.CreateAsync(app);
        await scene.StartConversationAsync("No details");
        var id = await scene.StartConversationAsync(contact: p =>
        {
            p.Name = "=HYPERLINK(\"http://evil.test\",\"click\")";
            p.Email = "eve@example.test";
            p.Phone = "+1 555 0100";
            p.Company = "Smith, Jones & \"Partners\"";
            p.Budget = "-5k";
            p.PainPoints = ["@everyone", "slow\nsite"];
        }, conversation: c => c.LeadScore = 64);

        var response = await scene.Owner.Http.GetAsync("/inbox/leads?handler=csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition!.ToString());
        var csv = await response.Content.ReadAsStringAsync();
        var lastActivity = (await scene.ConversationAsync(id)).LastMessageAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        Assert.Equal(LeadsCsv.Header +
            "\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"click\"\")\",eve@example.test,'+1 555 0100,\"Smith, Jones & \"\"Partners\"\"\",,'-5k," +
            $"\"'@everyone; slow\nsite\",64,{lastActivity},https://localhost/inbox/{id}\r\n", csv);

        var page = await scene.Owner.GetDocumentAsync("/inbox/leads");
        Assert.Single(page.QuerySelectorAll("#leads tr[data-lead]"));
        Assert.Equal($"/inbox/{id}", page.QuerySelector("#leads a.btn")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_handler_the_page_does_not_have_is_not_found_even_for_the_owner()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var id = await scene.StartConversationAsync("Do you ship to Norway?");
        var url = $"/inbox/{id}";

        Assert.Equal(HttpStatusCode.OK, (await scene.Owner.Http.GetAsync($"{url}/transcript")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scene.Owner.Http.GetAsync("/inbox/leads?handler=csv")).StatusCode);
        // A typo, a name in the query where the route has a handler segment, and a verb without a plain handler.
        foreach (var get in new[] { $"{url}/nosuchhandler", $"{url}?handler=transcript", "/inbox?handler=nosuchhandler", "/inbox/leads?handler=nosuchhandler" })
            Assert.True((await scene.Owner.Http.GetAsync(get)).StatusCode == HttpStatusCode.NotFound, get);
        Assert.Equal(HttpStatusCode.NotFound, (await scene.Owner.HtmxPostAsync(url, url, new Dictionary<string, string> { ["text"] = "Hi" })).StatusCode);
        Assert.Equal(1, (await scene.ConversationAsync(id)).MessageCount);
    }

    [Fact]
    public async Task Another_workspaces_member_gets_404_on_every_handler_and_changes_nothing()
    {
        using var scene = await InboxScene.CreateAsync(app);
        var id = await scene.StartConversationAsync("Private question", contact: p => p.Email = "private@example.test");
        var (outsider, _) = await AppClient.SignedInUserAsync(app, workspace: "Other Co");
        using var _o = outsider;
        var url = $"/inbox/{id}";

        foreach (var get in new[] { url, $"{url}/transcript", $"{url}/panel", $"{url}/controls", $"{url}/reply", $"{url}/live", $"{url}/nosuchhandler" })
            Assert.True((await outsider.Http.GetAsync(get)).StatusCode == HttpStatusCode.NotFound, get);
        foreach (var handler in new[] { "takeover", "reply", "giveback", "close" })
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.HtmxPostAsync("/inbox", $"{url}/{handler}",
                new Dictionary<string, string> { ["text"] = "Hijacked" })).StatusCode);
        Assert.DoesNotContain(id.ToString(), await outsider.Http.GetStringAsync("/inbox"));
        Assert.DoesNotContain("private@example.test", await outsider.Http.GetStringAsync("/inbox/leads"));
        Assert.DoesNotContain("private@example.test", await outsider.Http.GetStringAsync("/inbox/leads?handler=csv"));

        var untouched = await scene.ConversationAsync(id);
        Assert.Equal((ConversationStatus.Active, 1, (DateTime?)null), (untouched.Status, untouched.MessageCount, untouched.ReadAt));
    }

    [Fact]
    public async Task Admins_see_every_workspaces_conversations_read_only_and_others_are_kept_out()
    {
        using var scene = await InboxScene.CreateAsync(app, workspace: "Bakery One");
        using var other = await InboxScene.CreateAsync(app, workspace: "Bakery Two");
        var first = await scene.StartConversationAsync("Cakes?");
        var second = await other.StartConversationAsync("Bread?");
        using var admin = await app.SuperAdminAsync();

        var list = await admin.GetDocumentAsync("/admin/conversations");
        Assert.Contains("Bakery One", list.QuerySelector($"tr[data-conversation='{first}']")!.TextContent);
        Assert.Contains("Bakery Two", list.QuerySelector($"tr[data-conversation='{second}']")!.TextContent);
        Assert.Equal($"/admin/conversations/{second}", list.QuerySelector($"tr[data-conversation='{second}'] a")!.GetAttribute("href"));
        var filtered = await admin.GetDocumentAsync($"/admin/conversations?workspace={other.WorkspaceId}");
        Assert.Equal([second.ToString()], filtered.QuerySelectorAll("tr[data-conversation]").Select(r => r.GetAttribute("data-conversation")));

        var page = await admin.GetDocumentAsync($"/admin/conversations/{second}");
        Assert.Equal("Bread?", page.QuerySelector("#inbox-messages [data-sender='Visitor'] .chat-text")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("#inbox-actions"));
        Assert.Null(page.QuerySelector("#inbox-reply"));
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync($"/admin/conversations/{second}/transcript")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.HtmxPostAsync($"/admin/conversations/{second}", $"/admin/conversations/{second}/takeover")).StatusCode);
        Assert.True((await other.ConversationAsync(second)).IsUnread, "an admin's look is not the workspace reading it");

        foreach (var url in new[] { "/admin/conversations", $"/admin/conversations/{second}", $"/admin/conversations/{second}/live" })
        {
            var response = await scene.Owner.Http.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{url}: {(int)response.StatusCode}");
        }
    }

    private static async Task<HttpResponseMessage> LiveAsync(AppClient client, string url, string stamp)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        request.Headers.TryAddWithoutValidation("If-None-Match", $"\"{stamp}\"");
        return await client.Http.SendAsync(request);
    }
}

[Collection(SharedApps.SqliteAdmin1)]
public sealed class InboxPageTestsOnSqlite(AdminApp app) : InboxPageTests<AdminApp>(app);

[Collection(SharedApps.PostgresAdmin1)]
public sealed class InboxPageTestsOnPostgres(PostgresAdminApp app) : InboxPageTests<PostgresAdminApp>(app);
