using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Streamline.Core.Campaigns;
using Streamline.Tests.Support;

namespace Streamline.Tests.Campaigns;

public abstract class CampaignPagesTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private static (string, string)[] ProductFields(string name = "Summer sale", string price = "49.99", params string[] features) =>
    [
        ("Product.Name", name), ("Product.ProductName", "Premium CRM"), ("Product.ProductDescription", "A CRM for small teams."),
        ("Product.Price", price), ("Product.Currency", "USD"), .. features.Select((f, i) => ($"Product.Features[{i}]", f)),
    ];

    [Fact]
    public async Task A_campaign_is_built_step_by_step_as_a_draft_resumed_later_and_activated()
    {
        using var scene = await CampaignScene.StartAsync(app);

        var created = await scene.PostAsync("/campaigns/new", [.. ProductFields("Summer sale", "1000.5", "Cloud", "", "Mobile app"), ("go", "next")]);

        var id = CampaignScene.IdFrom(created.EnsureRedirect("/campaigns/").Headers.Location!);
        Assert.Equal($"/campaigns/{id}/edit/channels", created.Headers.Location!.OriginalString);
        var draft = (await scene.FindAsync(id))!;
        Assert.Equal((CampaignStatus.Draft, "Summer sale", 100_050L, "USD", 1), (draft.Status, draft.Name, draft.PriceCents, draft.Currency, draft.Version));
        Assert.Equal(["Cloud", "Mobile app"], draft.Features);
        Assert.Equal(scene.WorkspaceId, draft.WorkspaceId);

        (await scene.PostAsync($"/campaigns/{id}/edit/channels",
            [("Version", "1"), ("Channels.All", "false"), ("Channels.Selected", "Web"), ("Channels.Selected", "Telegram"), ("go", "next")]))
            .EnsureRedirect($"/campaigns/{id}/edit/chat-flow");
        Assert.Equal(CampaignChannels.Web | CampaignChannels.Telegram, (await scene.FindAsync(id))!.Channels);

        // Left and resumed: the saved steps come back filled in.
        var product = await scene.Client.GetDocumentAsync($"/campaigns/{id}/edit");
        Assert.Equal("Summer sale", product.QuerySelector<IHtmlInputElement>("input[name='Product.Name']")!.Value);
        Assert.Equal("1000.50", product.QuerySelector<IHtmlInputElement>("input[name='Product.Price']")!.Value);
        Assert.Equal("Mobile app", product.QuerySelector<IHtmlInputElement>("input[name='Product.Features[1]']")!.Value);
        var channels = await scene.Client.GetDocumentAsync($"/campaigns/{id}/edit/channels");
        Assert.NotNull(channels.QuerySelector("#channel-telegram[checked]"));
        Assert.Null(channels.QuerySelector("#channel-whatsapp[checked]"));

        (await scene.PostAsync($"/campaigns/{id}/edit/chat-flow",
        [
            ("Version", "2"), ("ChatFlow.Greeting", "Hi! Looking for a CRM?"),
            ("ChatFlow.QualificationQuestions[0]", "How big is your team?"), ("ChatFlow.QualificationQuestions[1]", "What do you use today?"),
            ("ChatFlow.Objections[0].Objection", "Too expensive"), ("ChatFlow.Objections[0].Answer", "It pays for itself."),
            ("ChatFlow.Objections[1].Objection", ""), ("ChatFlow.Objections[1].Answer", ""),
            ("ChatFlow.ClosingMessage", "Shall I send the link?"), ("ChatFlow.CallToActionUrl", "https://crm.example/buy"), ("go", "next"),
        ])).EnsureRedirect($"/campaigns/{id}/edit/audience");
        (await scene.PostAsync($"/campaigns/{id}/edit/audience",
        [
            ("Version", "3"), ("Audience.AgeMin", "25"), ("Audience.AgeMax", "55"), ("Audience.Locations[0]", "Canada"),
            ("Audience.Interests[0]", "Sales"), ("Audience.Interests[1]", "Startups"), ("go", "next"),
        ])).EnsureRedirect($"/campaigns/{id}/edit/review");

        var review = await scene.Client.GetDocumentAsync($"/campaigns/{id}/edit/review");
        var details = review.QuerySelector("#campaign-details")!.TextContent;
        foreach (var text in new[] { "Premium CRM", "1,000.50 USD", "Website chat, Telegram", "What do you use today?", "It pays for itself.", "25–55", "Startups" })
            Assert.Contains(text, details);
        Assert.Null(review.QuerySelector("#missing-parts"));

        var activated = await scene.PostAsync($"/campaigns/{id}/edit/review?handler=Activate", [("Version", "4")]);

        activated.EnsureRedirect($"/campaigns/{id}");
        var live = (await scene.FindAsync(id))!;
        Assert.Equal((CampaignStatus.Active, 5), (live.Status, live.Version));
        Assert.NotNull(live.ActivatedAt);
        Assert.Equal(["How big is your team?", "What do you use today?"], live.QualificationQuestions);
        Assert.Equal("Too expensive", Assert.Single(live.Objections).Objection);
        Assert.Equal((25, 55), (live.AudienceAgeMin!.Value, live.AudienceAgeMax!.Value));
        var page = await scene.Client.GetDocumentAsync($"/campaigns/{id}");
        Assert.Contains("Summer sale is active", page.QuerySelector("[role=status]")!.TextContent);
        var list = await scene.Client.GetDocumentAsync("/campaigns?status=active");
        Assert.NotNull(list.QuerySelector($"#campaign-{id}"));
    }

    [Fact]
    public async Task An_htmx_step_answers_with_the_editor_fragment_and_pushes_the_next_steps_url()
    {
        using var scene = await CampaignScene.StartAsync(app);
        var campaign = await scene.InsertAsync();

        var response = await scene.PostAsync($"/campaigns/{campaign.Id}/edit/product", [.. ProductFields("Renamed"), ("Version", "1"), ("go", "next")], htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html);
        Assert.Contains("id=\"campaign-editor\"", html);
        Assert.Contains("Step 2 of 5: Channels", html);
        Assert.Contains("name=\"Version\" value=\"2\"", html);
        Assert.Equal($"/campaigns/{campaign.Id}/edit/channels", response.Headers.GetValues("HX-Push-Url").Single());
        Assert.Equal("Renamed", (await scene.FindAsync(campaign.Id))!.Name);
    }

    [Fact]
    public async Task List_buttons_add_remove_and_move_rows_of_the_typed_form_without_saving()
    {
        using var scene = await CampaignScene.StartAsync(app);
        var campaign = await scene.InsertAsync();
        var url = $"/campaigns/{campaign.Id}/edit/chat-flow?handler=Rows";
        (string, string)[] typed =
        [
            ("Version", "1"), ("ChatFlow.Greeting", "Typed, not saved"),
            ("ChatFlow.QualificationQuestions[0]", "First?"), ("ChatFlow.QualificationQuestions[1]", "Second?"),
            ("ChatFlow.Objections[0].Objection", "Too expensive"), ("ChatFlow.Objections[0].Answer", "Worth it."),
        ];

        var moved = await AppClient.ParseAsync(await scene.PostAsync(url, [.. typed, ("row", "up:questions:1")], htmx: true));
        Assert.Equal(["Second?", "First?"], Values(moved, "input[name^='ChatFlow.QualificationQuestions']"));
        Assert.Equal("Typed, not saved", moved.QuerySelector("textarea[name='ChatFlow.Greeting']")!.TextContent);

        var added = await AppClient.ParseAsync(await scene.PostAsync(url, [.. typed, ("row", "add:objections")], htmx: true));
        Assert.Equal(2, added.QuerySelectorAll("input[name$='.Objection']").Length);
        Assert.NotNull(added.QuerySelector("input[name='ChatFlow.Objections[1].Objection'][autofocus]"));

        var removed = await AppClient.ParseAsync(await scene.PostAsync(url, [.. typed, ("row", "remove:questions:0")], htmx: true));
        Assert.Equal(["Second?"], Values(removed, "input[name^='ChatFlow.QualificationQuestions']"));

        var saved = (await scene.FindAsync(campaign.Id))!;
        Assert.Equal((1, "Hi! Looking for a CRM?"), (saved.Version, saved.Greeting));
        Assert.Equal(HttpStatusCode.BadRequest, (await scene.PostAsync(url, [.. typed, ("row", "add:features")])).StatusCode);

        // A new campaign's features work the same before the draft exists.
        var fresh = await AppClient.ParseAsync(await scene.PostAsync("/campaigns/new?handler=Rows", [.. ProductFields("Fresh", "5", "One"), ("row", "add:features")]));
        Assert.Equal(["One", ""], Values(fresh, "input[name^='Product.Features']"));
    }

    public static TheoryData<string, (string, string)[], string, string> InvalidSteps => new()
    {
        { "product", [.. ProductFields(price: "1,000")], "Product.Price", "no thousands separators" },
        { "product", [.. ProductFields(price: "9.999")], "Product.Price", "up to two decimals" },
        { "product", [.. ProductFields(name: "")], "Product.Name", "Give the campaign a name" },
        { "product", [.. ProductFields(name: new string('n', 101))], "Product.Name", "At most 100 characters" },
        { "product", [.. ProductFields(features: [new string('f', 201)])], "Product.Features[0]", "At most 200 characters" },
        { "product", [.. ProductFields(features: [.. Enumerable.Range(0, 21).Select(i => $"F{i}")])], "Product.Features", "At most 20 features" },
        { "channels", [("Channels.Selected", "64")], "Channels.Selected", "Choose channels from the list" },
        { "chat-flow", [("ChatFlow.CallToActionUrl", "crm.example/buy")], "ChatFlow.CallToActionUrl", "full web address" },
        { "chat-flow", [("ChatFlow.Greeting", new string('g', 1001))], "ChatFlow.Greeting", "At most 1000 characters" },
        { "chat-flow", [("ChatFlow.Objections[0].Objection", "No time")], "ChatFlow.Objections[0].Answer", "Give the answer" },
        { "audience", [("Audience.AgeMin", "40"), ("Audience.AgeMax", "30")], "Audience.AgeMax", "at least the youngest" },
        { "audience", [("Audience.AgeMin", "12")], "Audience.AgeMin", "from 13 to 100" },
    };

    [Theory]
    [MemberData(nameof(InvalidSteps))]
    public async Task Invalid_input_comes_back_with_a_message_at_the_field_and_nothing_is_saved(
        string step, (string, string)[] fields, string field, string message)
    {
        using var scene = await CampaignScene.StartAsync(app);
        var campaign = await scene.InsertAsync();

        var response = await scene.PostAsync($"/campaigns/{campaign.Id}/edit/{step}", [.. fields, ("Version", "1"), ("go", "next")], htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("HX-Push-Url"));
        Assert.Contains(message, CampaignScene.Error(await AppClient.ParseAsync(response), field));
        var unchanged = (await scene.FindAsync(campaign.Id))!;
        Assert.Equal((1, campaign.Name, campaign.Channels, campaign.AudienceAgeMin), (unchanged.Version, unchanged.Name, unchanged.Channels, unchanged.AudienceAgeMin));
    }

    [Fact]
    public async Task An_invalid_first_step_creates_no_draft()
    {
        using var scene = await CampaignScene.StartAsync(app);

        var response = await scene.PostAsync("/campaigns/new", [.. ProductFields(price: "12,50"), ("go", "next")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await AppClient.ParseAsync(response);
        Assert.Contains("no thousands separators", CampaignScene.Error(page, "Product.Price"));
        Assert.Equal("12,50", page.QuerySelector<IHtmlInputElement>("input[name='Product.Price']")!.Value);
        Assert.Equal(0, await scene.CountAsync());
    }

    [Fact]
    public async Task A_save_from_a_stale_form_is_refused_with_a_message_and_keeps_what_was_typed()
    {
        using var scene = await CampaignScene.StartAsync(app);
        var campaign = await scene.InsertAsync();
        (await scene.PostAsync($"/campaigns/{campaign.Id}/edit/product", [.. ProductFields("Saved by a colleague"), ("Version", "1"), ("go", "next")]))
            .EnsureRedirect();

        var response = await scene.PostAsync($"/campaigns/{campaign.Id}/edit/product", [.. ProductFields("My late edit"), ("Version", "1"), ("go", "next")], htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await AppClient.ParseAsync(response);
        Assert.Contains("Someone else saved this campaign after you opened it", page.QuerySelector("#stale-warning")!.TextContent);
        Assert.Equal("My late edit", page.QuerySelector<IHtmlInputElement>("input[name='Product.Name']")!.Value);
        Assert.Equal("1", page.QuerySelector<IHtmlInputElement>("input[name='Version']")!.Value);
        var saved = (await scene.FindAsync(campaign.Id))!;
        Assert.Equal(("Saved by a colleague", 2), (saved.Name, saved.Version));
    }

    [Fact]
    public async Task Activating_an_incomplete_draft_is_refused_naming_what_is_missing()
    {
        using var scene = await CampaignScene.StartAsync(app);
        var campaign = await scene.InsertAsync(change: c => { c.Greeting = null; c.ClosingMessage = null; c.Channels = CampaignChannels.None; });

        var fromReview = await AppClient.ParseAsync(await scene.PostAsync($"/campaigns/{campaign.Id}/edit/review?handler=Activate", [("Version", "1")], htmx: true));
        Assert.Equal("To activate, add at least one channel, a greeting and a closing message.", fromReview.QuerySelector("#form-error")!.TextContent);

        var fromPage = await scene.PostAsync($"/campaigns/{campaign.Id}?handler=Status", [("to", "Active"), ("version", "1")]);
        Assert.Equal(HttpStatusCode.Conflict, fromPage.StatusCode);
        Assert.Contains("To activate, add at least one channel", (await AppClient.ParseAsync(fromPage)).QuerySelector(".alert-danger")!.TextContent);

        Assert.Equal((CampaignStatus.Draft, 1), ((await scene.FindAsync(campaign.Id))!.Status, (await scene.FindAsync(campaign.Id))!.Version));
    }

    [Fact]
    public async Task The_campaign_page_offers_only_allowed_moves_and_refuses_others_posted_directly()
    {
        using var scene = await CampaignScene.StartAsync(app);
        var campaign = await scene.InsertAsync(CampaignStatus.Active);

        var page = await scene.Client.GetDocumentAsync($"/campaigns/{campaign.Id}");
        Assert.Equal(["Pause", "Complete"], page.QuerySelectorAll("form input[name=to]").Select(i => i.ParentElement!.QuerySelector("button")!.TextContent));
        Assert.Null(page.QuerySelector("form[action*='handler=Delete']"));

        var refused = await scene.PostAsync($"/campaigns/{campaign.Id}?handler=Status", [("to", "Draft"), ("version", "1")]);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("A campaign that is active cannot be turned back into a draft.", await refused.Content.ReadAsStringAsync());

        (await scene.PostAsync($"/campaigns/{campaign.Id}?handler=Status", [("to", "Paused"), ("version", "1")])).EnsureRedirect($"/campaigns/{campaign.Id}");
        var paused = await scene.Client.GetDocumentAsync($"/campaigns/{campaign.Id}");
        Assert.Equal(["Resume", "Complete"], paused.QuerySelectorAll("form input[name=to]").Select(i => i.ParentElement!.QuerySelector("button")!.TextContent));

        (await scene.PostAsync($"/campaigns/{campaign.Id}?handler=Status", [("to", "Completed"), ("version", "2")])).EnsureRedirect();
        var completed = (await scene.FindAsync(campaign.Id))!;
        Assert.Equal(CampaignStatus.Completed, completed.Status);
        Assert.NotNull(completed.CompletedAt);
        var final = await scene.Client.GetDocumentAsync($"/campaigns/{campaign.Id}");
        Assert.Empty(final.QuerySelectorAll("form input[name=to]"));
        Assert.Null(final.QuerySelector($"a[href='/campaigns/{campaign.Id}/edit']"));

        var again = await scene.PostAsync($"/campaigns/{campaign.Id}?handler=Status", [("to", "Active"), ("version", "3")]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("completed is final", await again.Content.ReadAsStringAsync());
        var edit = await scene.PostAsync($"/campaigns/{campaign.Id}/edit/product", [.. ProductFields("Sneaky"), ("Version", "3"), ("go", "next")]);
        Assert.Contains("can no longer be changed", await edit.Content.ReadAsStringAsync());
        Assert.Equal((CampaignStatus.Completed, campaign.Name), ((await scene.FindAsync(campaign.Id))!.Status, (await scene.FindAsync(campaign.Id))!.Name));
    }

    [Fact]
    public async Task A_live_campaign_cannot_lose_what_it_needs_to_sell()
    {
        using var scene = await CampaignScene.StartAsync(app);
        var campaign = await scene.InsertAsync(CampaignStatus.Active);

        var response = await scene.PostAsync($"/campaigns/{campaign.Id}/edit/chat-flow",
            [("Version", "1"), ("ChatFlow.Greeting", ""), ("ChatFlow.ClosingMessage", "Bye"), ("go", "next")]);

        Assert.Contains("This campaign is active, so it must stay complete: To activate, add a greeting.",
            (await AppClient.ParseAsync(response)).QuerySelector("#form-error")!.TextContent);
        Assert.Equal(("Hi! Looking for a CRM?", 1), ((await scene.FindAsync(campaign.Id))!.Greeting, (await scene.FindAsync(campaign.Id))!.Version));
    }

    [Fact]
    public async Task Duplicate_copies_everything_into_a_new_draft_named_as_a_copy()
    {
        using var scene = await CampaignScene.StartAsync(app);
        var original = await scene.InsertAsync(CampaignStatus.Active);

        var response = await scene.PostAsync($"/campaigns/{original.Id}?handler=Duplicate", []);

        var copyId = CampaignScene.IdFrom(response.EnsureRedirect("/campaigns/").Headers.Location!);
        Assert.NotEqual(original.Id, copyId);
        var copy = (await scene.FindAsync(copyId))!;
        Assert.Equal((CampaignStatus.Draft, $"{original.Name} (copy)", (DateTime?)null, 1), (copy.Status, copy.Name, copy.ActivatedAt, copy.Version));
        Assert.Equal((original.ProductName, original.ProductDescription, original.PriceCents, original.Currency, original.Channels),
            (copy.ProductName, copy.ProductDescription, copy.PriceCents, copy.Currency, copy.Channels));
        Assert.Equal((original.Greeting, original.ClosingMessage, original.CallToActionUrl, original.AudienceAgeMin, original.AudienceAgeMax),
            (copy.Greeting, copy.ClosingMessage, copy.CallToActionUrl, copy.AudienceAgeMin, copy.AudienceAgeMax));
        Assert.Equal(original.Features, copy.Features);
        Assert.Equal(original.QualificationQuestions, copy.QualificationQuestions);
        Assert.Equal(original.AudienceLocations, copy.AudienceLocations);
        Assert.Equal(original.AudienceInterests, copy.AudienceInterests);
        Assert.Equal(original.Objections.Select(o => (o.Objection, o.Answer)), copy.Objections.Select(o => (o.Objection, o.Answer)));
        Assert.Equal(CampaignStatus.Active, (await scene.FindAsync(original.Id))!.Status);
    }

    [Fact]
    public async Task Only_a_draft_can_be_deleted()
    {
        using var scene = await CampaignScene.StartAsync(app);
        var draft = await scene.InsertAsync();
        var live = await scene.InsertAsync(CampaignStatus.Paused);

        var deleted = await scene.PostAsync($"/campaigns/{draft.Id}?handler=Delete", [], htmx: true);
        Assert.Equal("/campaigns", deleted.Headers.GetValues("HX-Redirect").Single());
        Assert.Null(await scene.FindAsync(draft.Id));
        Assert.Contains($"Deleted the draft {draft.Name}.", (await scene.Client.GetDocumentAsync("/campaigns")).QuerySelector("[role=status]")!.TextContent);

        var refused = await scene.PostAsync($"/campaigns/{live.Id}?handler=Delete", []);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Only drafts can be deleted; this campaign is paused.", await refused.Content.ReadAsStringAsync());
        Assert.NotNull(await scene.FindAsync(live.Id));
    }

    [Fact]
    public async Task The_list_filters_by_status_in_the_url_and_says_when_there_is_nothing()
    {
        using var scene = await CampaignScene.StartAsync(app);
        var empty = await scene.Client.GetDocumentAsync("/campaigns");
        Assert.Contains("No campaigns yet", empty.QuerySelector(".empty-state")!.TextContent);

        var draft = await scene.InsertAsync();
        var active = await scene.InsertAsync(CampaignStatus.Active);
        var paused = await scene.InsertAsync(CampaignStatus.Paused);

        var all = await scene.Client.GetDocumentAsync("/campaigns");
        Assert.Equal(3, all.QuerySelectorAll("#campaigns tbody tr").Length);
        var onlyPaused = await scene.Client.GetDocumentAsync("/campaigns?status=paused");
        Assert.Equal([$"campaign-{paused.Id}"], onlyPaused.QuerySelectorAll("#campaigns tbody tr").Select(r => r.Id));
        Assert.Equal("page", onlyPaused.QuerySelector("a[href='/campaigns?status=paused']")!.GetAttribute("aria-current"));

        var fragment = await CampaignScene.GetAsAsync(scene.Client, "/campaigns?status=active", htmx: true);
        var html = await fragment.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html);
        Assert.Contains($"campaign-{active.Id}", html);
        Assert.DoesNotContain($"campaign-{draft.Id}", html);
        Assert.Contains("HX-Request", fragment.Headers.Vary);

        var none = await scene.Client.GetDocumentAsync("/campaigns?status=completed");
        Assert.Contains("No completed campaigns", none.QuerySelector(".empty-state")!.TextContent);
    }

    [Fact]
    public async Task The_campaign_page_shows_zero_results_with_an_honest_note_until_conversations_exist()
    {
        using var scene = await CampaignScene.StartAsync(app);
        var campaign = await scene.InsertAsync(CampaignStatus.Active);

        var page = await scene.Client.GetDocumentAsync($"/campaigns/{campaign.Id}");

        Assert.Equal(["0", "0", "0", "0.00 EUR"], page.QuerySelectorAll("[data-stat]").Select(s => s.TextContent));
        Assert.Equal("No conversations yet — numbers appear once your AI starts chatting.", page.QuerySelector("#stats-note")!.TextContent);
    }

    [Fact]
    public async Task Another_workspaces_member_gets_404_from_every_campaign_handler()
    {
        using var scene = await CampaignScene.StartAsync(app);
        var draft = await scene.InsertAsync();
        var active = await scene.InsertAsync(CampaignStatus.Active);
        var (intruder, _) = await AppClient.SignedInUserAsync(app);
        using var _intruder = intruder;

        foreach (var id in new[] { draft.Id, active.Id })
        {
            string[] gets = [$"/campaigns/{id}", $"/campaigns/{id}/edit", .. new[] { "product", "channels", "chat-flow", "audience", "review" }.Select(s => $"/campaigns/{id}/edit/{s}")];
            foreach (var url in gets)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await CampaignScene.GetAsAsync(intruder, url)).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await CampaignScene.GetAsAsync(intruder, url, htmx: true)).StatusCode);
            }
            var posts = new (string Url, (string, string)[] Fields)[]
            {
                ($"/campaigns/{id}/edit/product", [.. ProductFields("Hijacked"), ("Version", "1"), ("go", "next")]),
                ($"/campaigns/{id}/edit/product", [.. ProductFields(price: "bad"), ("Version", "1"), ("go", "next")]),
                ($"/campaigns/{id}/edit/channels", [("Version", "1"), ("Channels.All", "true")]),
                ($"/campaigns/{id}/edit/chat-flow", [("Version", "1"), ("ChatFlow.Greeting", "Hijacked")]),
                ($"/campaigns/{id}/edit/audience", [("Version", "1"), ("Audience.AgeMin", "20")]),
                ($"/campaigns/{id}/edit/review", [("Version", "1"), ("go", "done")]),
                ($"/campaigns/{id}/edit/product?handler=Rows", [("row", "add:features")]),
                ($"/campaigns/{id}/edit/chat-flow?handler=Rows", [("row", "add:objections")]),
                ($"/campaigns/{id}/edit/review?handler=Activate", [("Version", "1")]),
                ($"/campaigns/{id}?handler=Status", [("to", "Paused"), ("version", "1")]),
                ($"/campaigns/{id}?handler=Status", [("to", "Active"), ("version", "1")]),
                ($"/campaigns/{id}?handler=Duplicate", []),
                ($"/campaigns/{id}?handler=Delete", []),
            };
            foreach (var (url, fields) in posts)
            {
                Assert.True(HttpStatusCode.NotFound == (await CampaignScene.PostAsAsync(intruder, url, fields)).StatusCode, $"POST {url}");
                Assert.True(HttpStatusCode.NotFound == (await CampaignScene.PostAsAsync(intruder, url, fields, htmx: true)).StatusCode, $"htmx POST {url}");
            }
        }

        var list = await intruder.GetDocumentAsync("/campaigns");
        Assert.Null(list.QuerySelector($"#campaign-{draft.Id}"));
        Assert.Equal((draft.Name, 1, CampaignStatus.Draft), ((await scene.FindAsync(draft.Id))!.Name, (await scene.FindAsync(draft.Id))!.Version, (await scene.FindAsync(draft.Id))!.Status));
        Assert.Equal((active.Greeting, 1, CampaignStatus.Active), ((await scene.FindAsync(active.Id))!.Greeting, (await scene.FindAsync(active.Id))!.Version, (await scene.FindAsync(active.Id))!.Status));
        Assert.Equal(2, await scene.CountAsync());
    }

    private static string[] Values(IHtmlDocument page, string selector) =>
        [.. page.QuerySelectorAll<IHtmlInputElement>(selector).Select(i => i.Value)];
}

[Collection(SharedApps.Sqlite1)]
public sealed class CampaignPagesTestsOnSqlite(SqliteApp app) : CampaignPagesTests<SqliteApp>(app);

[Collection(SharedApps.Postgres1)]
public sealed class CampaignPagesTestsOnPostgres(PostgresApp app) : CampaignPagesTests<PostgresApp>(app);
