using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Campaigns;
using Streamline.Core.Knowledge;
using Streamline.Core.Onboarding;
using Streamline.Tests.Support;

namespace Streamline.Tests.Onboarding;

public abstract class OnboardingWizardTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private static Dictionary<string, string> Step1(string? website = "example.com", string? phone = "+351 912 345 678",
        string name = "Acme Bakery", string owner = "Ada Baker", string industry = "Food & drink",
        string description = "Sourdough and pastries, baked daily, delivered in Lisbon.", string go = "Next") => new()
    {
        ["Business.BusinessName"] = name, ["Business.OwnerName"] = owner, ["Business.Industry"] = industry,
        ["Business.Description"] = description, ["Business.Website"] = website ?? "", ["Business.Phone"] = phone ?? "", ["go"] = go,
    };

    private static Dictionary<string, string> Step2(string goals = "Take more pre-orders", string audience = "Families and cafés nearby", string go = "Next") => new()
    {
        ["Goals.Goals"] = goals, ["Goals.TargetAudience"] = audience, ["go"] = go,
    };

    private async Task<BusinessProfile?> ProfileAsync(string email)
    {
        var workspaceId = await SetupClients.WorkspaceIdOfAsync(app, email);
        await using var db = app.Database.NewContext();
        return await db.BusinessProfiles.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(p => p.WorkspaceId == workspaceId);
    }

    [Fact]
    public async Task Signing_up_leads_through_the_confirmation_to_the_wizard_prefilled_with_the_workspace_and_owner()
    {
        var client = app.NewClient();
        var email = $"new-{Guid.NewGuid():N}@example.test";
        (await client.RegisterAsync(email, name: "Ada Baker", workspace: "Acme Bakery")).EnsureRedirect();
        var confirmed = await client.ConfirmFromOutboxAsync(email);
        var confirmPage = await AppClient.ParseAsync(confirmed);
        var login = confirmPage.QuerySelector("a.btn[href*='Login']")!.GetAttribute("href")!;
        Assert.Contains("returnUrl=%2Fonboarding", login, StringComparison.OrdinalIgnoreCase);

        (await client.PostFormAsync(login, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AppClient.Password }))
            .EnsureRedirect("/onboarding");

        var wizard = await client.GetDocumentAsync("/onboarding");
        Assert.Contains("Step 1 of 4", wizard.QuerySelector("#wizard")!.TextContent);
        Assert.Equal("Acme Bakery", wizard.QuerySelector("#Business_BusinessName")!.GetAttribute("value"));
        Assert.Equal("Ada Baker", wizard.QuerySelector("#Business_OwnerName")!.GetAttribute("value"));
        Assert.Null(await ProfileAsync(email)); // looking leaves no row behind
    }

    [Fact]
    public async Task Creating_another_workspace_leads_to_its_wizard()
    {
        var (client, _) = await AppClient.SignedInUserAsync(app);
        (await client.PostFormAsync("/workspace/new", new Dictionary<string, string> { ["Input.Name"] = "Second Shop" })).EnsureRedirect("/onboarding");
        var wizard = await client.GetDocumentAsync("/onboarding");
        Assert.Equal("Second Shop", wizard.QuerySelector("#Business_BusinessName")!.GetAttribute("value"));
    }

    public static TheoryData<string, Dictionary<string, string>, string> BadStepOne => new()
    {
        { "website not a url", Step1(website: "not a website"), "Enter a web address such as example.com" },
        { "website not http", Step1(website: "ftp://example.com"), "Enter a web address such as example.com" },
        { "website without a domain ending", Step1(website: "bakery"), "is not a full domain name" },
        { "phone with letters", Step1(phone: "call me maybe"), "Enter a phone number in digits, with its country code, for example +1 201 555 0123." },
        { "phone without a country code", Step1(phone: "(201) 555-0123"), "Start with + and the country code, for example +1 201 555 0123." },
        { "phone too short", Step1(phone: "+351 12 34"), "This number does not exist in its country: check the digits." },
        { "name too long", Step1(name: new string('x', BusinessProfileLimits.Name + 1)), "Keep the business name under 100 characters." },
        { "description too long", Step1(description: new string('x', BusinessProfileLimits.LongText + 1)), "Keep the description under 2000 characters." },
        { "empty name", Step1(name: ""), "Enter your business name." },
        { "empty owner", Step1(owner: ""), "Enter the owner's name." },
        { "empty industry", Step1(industry: ""), "Say which industry you are in" },
        { "empty description", Step1(description: "  "), "Describe what your business does" },
    };

    [Theory]
    [MemberData(nameof(BadStepOne))]
    public async Task Step_one_with_a_bad_field_comes_back_with_its_message_and_saves_nothing(string problem, Dictionary<string, string> fields, string message)
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);

        var response = await client.HtmxPostAsync("/onboarding?handler=Business", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html);
        var text = (await AppClient.ParseAsync(response)).Body!.TextContent;
        Assert.Contains("Step 1 of 4", text);
        Assert.True(text.Contains(message, StringComparison.Ordinal), $"{problem}: no \"{message}\" in the fragment");
        Assert.Null(await ProfileAsync(email));
    }

    [Fact]
    public async Task A_valid_step_one_is_saved_normalised_and_the_wizard_moves_to_step_two()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);

        var response = await client.HtmxPostAsync("/onboarding?handler=Business", Step1(website: " Example.com ", phone: "+351  912 345 678"));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Step 2 of 4", html);
        Assert.Equal("/onboarding?step=2", response.Headers.GetValues("HX-Push-Url").Single());
        var profile = await ProfileAsync(email);
        Assert.NotNull(profile);
        Assert.Equal("https://example.com", profile.Website);
        Assert.Equal("+351912345678", profile.Phone); // E.164, shown back as "+351 912 345 678"
        Assert.Equal("Acme Bakery", profile.BusinessName);
        Assert.Equal(OnboardingStep.Goals, profile.Step);
        Assert.Null(profile.CompletedAt);
    }

    [Fact]
    public async Task Step_two_needs_goals_and_audience_and_saves_nothing_without_them()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        await client.HtmxPostAsync("/onboarding?handler=Business", Step1());

        var html = await (await client.HtmxPostAsync("/onboarding?handler=Goals", Step2(goals: "", audience: new string('a', 2001)))).Content.ReadAsStringAsync();

        Assert.Contains("Step 2 of 4", html);
        Assert.Contains("Tell us what you want the AI to achieve", html);
        Assert.Contains("Keep the audience under 2000 characters.", html);
        var back = await (await client.HtmxPostAsync("/onboarding?handler=Goals", Step2(goals: "", go: "Back"))).Content.ReadAsStringAsync();
        Assert.Contains("Step 2 of 4", back);
        Assert.Contains("Fix the fields below before going back", back);
        var profile = await ProfileAsync(email);
        Assert.Null(profile!.Goals);
        Assert.Null(profile.TargetAudience);
        Assert.Equal(OnboardingStep.Goals, profile.Step);
    }

    [Fact]
    public async Task Back_saves_the_step_being_left_and_shows_the_earlier_one_with_its_saved_values()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        await client.HtmxPostAsync("/onboarding?handler=Business", Step1());

        var back = await client.HtmxPostAsync("/onboarding?handler=Goals", Step2(goals: "Sell the bread subscription", go: "Back"));

        var fragment = await AppClient.ParseAsync(back);
        Assert.Contains("Step 1 of 4", fragment.Body!.TextContent);
        Assert.Equal("Acme Bakery", fragment.QuerySelector("#Business_BusinessName")!.GetAttribute("value"));
        Assert.Equal("https://example.com", fragment.QuerySelector("#Business_Website")!.GetAttribute("value"));
        var profile = await ProfileAsync(email);
        Assert.Equal("Sell the bread subscription", profile!.Goals);
        Assert.Equal(OnboardingStep.Goals, profile.Step); // going back does not lose the owner's place

        var step2 = await client.GetDocumentAsync("/onboarding?step=2");
        Assert.Equal("Sell the bread subscription", step2.QuerySelector("#Goals_Goals")!.TextContent.Trim());
    }

    [Fact]
    public async Task Reopening_resumes_at_the_furthest_step_earlier_steps_open_and_later_ones_do_not()
    {
        var (client, _) = await AppClient.SignedInUserAsync(app);
        await client.HtmxPostAsync("/onboarding?handler=Business", Step1());
        await client.HtmxPostAsync("/onboarding?handler=Goals", Step2());

        Assert.Contains("Step 3 of 4", (await client.GetDocumentAsync("/onboarding")).QuerySelector("#wizard")!.TextContent);
        Assert.Contains("Step 1 of 4", (await client.GetDocumentAsync("/onboarding?step=1")).QuerySelector("#wizard")!.TextContent);
        Assert.Contains("Step 3 of 4", (await client.GetDocumentAsync("/onboarding?step=4")).QuerySelector("#wizard")!.TextContent);

        var fragment = await client.HtmxGetAsync("/onboarding?step=2");
        var html = await fragment.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", html);
        Assert.Contains("Step 2 of 4", html);
        Assert.Contains("HX-Request", fragment.Headers.Vary);
    }

    [Fact]
    public async Task Without_htmx_each_step_posts_and_redirects_to_the_next()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);

        (await client.PostFormAsync("/onboarding", Step1(), "/onboarding?handler=Business")).EnsureRedirect("/onboarding?step=2");
        (await client.PostFormAsync("/onboarding?step=2", Step2(), "/onboarding?handler=Goals")).EnsureRedirect("/onboarding?step=3");
        (await client.PostFormAsync("/onboarding?step=3", new Dictionary<string, string> { ["go"] = "Next" }, "/onboarding?handler=Leave")).EnsureRedirect("/onboarding?step=4");

        var invalid = await client.PostFormAsync("/onboarding?step=1", Step1(phone: "call me"), "/onboarding?handler=Business");
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("<html", await invalid.Content.ReadAsStringAsync());
        Assert.Equal(OnboardingStep.Campaign, (await ProfileAsync(email))!.Step);
    }

    [Fact]
    public async Task The_documents_step_lists_this_workspaces_documents_with_their_status()
    {
        var (owner, ownerEmail) = await AppClient.SignedInUserAsync(app);
        var (other, _) = await AppClient.SignedInUserAsync(app);
        var workspaceId = await SetupClients.WorkspaceIdOfAsync(app, ownerEmail);
        await using (var db = app.Database.NewContext())
        {
            db.KnowledgeDocuments.Add(new KnowledgeDocument
            {
                WorkspaceId = workspaceId, FileName = "price-list.pdf", Format = Core.Knowledge.DocumentFormat.Pdf, StorageKey = $"{Guid.NewGuid():N}",
                Sha256 = new string('a', 64), Status = DocumentStatus.Failed, FailureReason = "The PDF has no text layer.", UploadedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        foreach (var client in new[] { owner, other })
        {
            await client.HtmxPostAsync("/onboarding?handler=Business", Step1());
            await client.HtmxPostAsync("/onboarding?handler=Goals", Step2());
        }

        var mine = (await owner.GetDocumentAsync("/onboarding?step=3")).QuerySelector("#wizard")!;
        Assert.Contains("price-list.pdf", mine.TextContent);
        Assert.Contains("Failed", mine.TextContent);
        Assert.Contains("The PDF has no text layer.", mine.TextContent);
        Assert.NotNull(mine.QuerySelector("a[href='/knowledge']"));

        var theirs = (await other.GetDocumentAsync("/onboarding?step=3")).QuerySelector("#wizard")!;
        Assert.DoesNotContain("price-list.pdf", theirs.TextContent);
        Assert.Contains("No documents yet", theirs.TextContent);

        // The step embeds the knowledge page's upload form; an upload from it comes back to this step.
        var upload = mine.QuerySelector("form[action='/knowledge?handler=Upload']")!;
        Assert.Equal("/onboarding?step=3", upload.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
        var form = new MultipartFormDataContent();
        foreach (var hidden in upload.QuerySelectorAll("input[type=hidden]"))
            form.Add(new StringContent(hidden.GetAttribute("value")!), hidden.GetAttribute("name")!);
        form.Add(new ByteArrayContent("We open at nine."u8.ToArray()), "file", "hours.txt");
        (await owner.Http.PostAsync("/knowledge?handler=Upload", form)).EnsureRedirect("/onboarding?step=3");
        Assert.Contains("hours.txt", (await owner.GetDocumentAsync("/onboarding?step=3")).QuerySelector("#wizard")!.TextContent);
    }

    [Fact]
    public async Task The_last_step_offers_a_first_campaign_then_names_the_draft_then_links_the_active_one()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        await client.HtmxPostAsync("/onboarding?handler=Business", Step1());
        await client.HtmxPostAsync("/onboarding?handler=Goals", Step2());
        (await client.PostFormAsync("/onboarding?step=3", new Dictionary<string, string> { ["go"] = "Next" }, "/onboarding?handler=Leave")).EnsureRedirect("/onboarding?step=4");
        async Task<AngleSharp.Dom.IElement> StepAsync() => (await client.GetDocumentAsync("/onboarding?step=4")).QuerySelector("#wizard")!;

        Assert.NotNull((await StepAsync()).QuerySelector("a[href='/campaigns/new']"));
        Assert.Contains("Create your first campaign", (await StepAsync()).TextContent);

        var campaign = new Campaign
        {
            WorkspaceId = await SetupClients.WorkspaceIdOfAsync(app, email), Name = "Weekend pre-orders", Status = CampaignStatus.Draft,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        await using (var db = app.Database.NewContext())
        {
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync();
        }
        var draft = (await StepAsync()).QuerySelector("[data-campaign-status]")!;
        Assert.Equal("Your campaign Weekend pre-orders is not active yet (draft): activate it so the AI can offer it.", Normalize(draft.TextContent));
        Assert.Equal($"/campaigns/{campaign.Id}", draft.QuerySelector("a")!.GetAttribute("href"));

        await using (var db = app.Database.NewContext())
        {
            (await db.Campaigns.IgnoreQueryFilters().SingleAsync(c => c.Id == campaign.Id)).Status = CampaignStatus.Active;
            await db.SaveChangesAsync();
        }
        var step = await StepAsync();
        var active = step.QuerySelector("[data-campaign-status]")!;
        Assert.Equal("Your campaign Weekend pre-orders is active: the AI offers it to your visitors.", Normalize(active.TextContent));
        Assert.Equal($"/campaigns/{campaign.Id}", active.QuerySelector("a")!.GetAttribute("href"));
        Assert.DoesNotContain("Create your first campaign", step.TextContent);
        Assert.Contains("Add another campaign", step.TextContent);
    }

    private static string Normalize(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    [Fact]
    public async Task Skipping_shows_a_resume_card_on_the_dashboard_and_finishing_removes_it()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var fresh = (await client.GetDocumentAsync("/app")).QuerySelector(".setup-card");
        Assert.NotNull(fresh);
        Assert.Contains("0% done", fresh.TextContent);

        await client.HtmxPostAsync("/onboarding?handler=Business", Step1());
        (await client.PostFormAsync("/onboarding?step=2", new Dictionary<string, string>(), "/onboarding?handler=Skip")).EnsureRedirect("/app");

        Assert.NotNull((await ProfileAsync(email))!.SkippedAt);
        var card = (await client.GetDocumentAsync("/app")).QuerySelector(".setup-card")!;
        Assert.Contains("Finish setting up", card.TextContent);
        Assert.Contains("step 2 of 4", card.TextContent);
        Assert.Contains("25% done", card.TextContent);
        Assert.Equal("/onboarding", card.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Step 2 of 4", (await client.GetDocumentAsync("/onboarding")).QuerySelector("#wizard")!.TextContent);

        await client.HtmxPostAsync("/onboarding?handler=Goals", Step2());
        await client.HtmxPostAsync("/onboarding?handler=Leave&step=3", new Dictionary<string, string> { ["go"] = "Next" });
        (await client.PostFormAsync("/onboarding", new Dictionary<string, string>(), "/onboarding?handler=Finish")).EnsureRedirect("/app");

        var profile = await ProfileAsync(email);
        Assert.NotNull(profile!.CompletedAt);
        Assert.Equal(OnboardingStep.Done, profile.Step);
        var dashboard = await client.GetDocumentAsync("/app");
        Assert.Null(dashboard.QuerySelector(".setup-card"));
        // Finished, the wizard is the business profile editor and opens at the first step.
        var editor = await client.GetDocumentAsync("/onboarding");
        Assert.Contains("Business profile", editor.Title);
        Assert.Contains("Step 1 of 4", editor.QuerySelector("#wizard")!.TextContent);
    }

    [Fact]
    public async Task Finish_before_reaching_the_last_step_finishes_nothing()
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        await client.HtmxPostAsync("/onboarding?handler=Business", Step1());

        var token = await client.AntiforgeryTokenAsync("/app");
        var finish = new HttpRequestMessage(HttpMethod.Post, "/onboarding?handler=Finish") { Content = new FormUrlEncodedContent(new Dictionary<string, string>()) };
        finish.Headers.Add("RequestVerificationToken", token);
        (await client.Http.SendAsync(finish)).EnsureRedirect("/onboarding");

        Assert.Null((await ProfileAsync(email))!.CompletedAt);
    }

    [Fact]
    public async Task A_member_of_the_workspace_may_fill_in_the_profile_too()
    {
        var (owner, ownerEmail) = await AppClient.SignedInUserAsync(app);
        var member = await SetupClients.NewMemberAsync(app, owner);

        var html = await (await member.HtmxPostAsync("/onboarding?handler=Business", Step1(name: "Filled by a teammate"))).Content.ReadAsStringAsync();

        Assert.Contains("Step 2 of 4", html);
        Assert.Equal("Filled by a teammate", (await ProfileAsync(ownerEmail))!.BusinessName);
    }

    [Fact]
    public async Task Another_workspaces_member_never_sees_or_changes_this_profile_through_any_handler()
    {
        var (owner, ownerEmail) = await AppClient.SignedInUserAsync(app);
        await owner.HtmxPostAsync("/onboarding?handler=Business", Step1(name: "Secret Recipes Ltd", website: "secret.example"));
        var (intruder, intruderEmail) = await AppClient.SignedInUserAsync(app);
        var ownerWorkspace = await SetupClients.WorkspaceIdOfAsync(app, ownerEmail);

        // Whatever workspace the intruder names, the app works in the one they belong to.
        var responses = new List<HttpResponseMessage>
        {
            await intruder.Http.GetAsync("/onboarding"),
            await intruder.HtmxGetAsync("/onboarding?step=1"),
            await intruder.HtmxGetAsync($"/onboarding?step=2&workspaceId={ownerWorkspace}"),
            await intruder.HtmxPostAsync("/onboarding?handler=Business", Step1(name: "Hijacked")),
            await intruder.HtmxPostAsync("/onboarding?handler=Goals", Step2(goals: "Hijacked")),
            await intruder.HtmxPostAsync("/onboarding?handler=Leave&step=3", new Dictionary<string, string> { ["go"] = "Next" }),
            await intruder.HtmxPostAsync("/onboarding?handler=Skip", new Dictionary<string, string>()),
            await intruder.HtmxPostAsync("/onboarding?handler=Finish", new Dictionary<string, string>()),
        };
        foreach (var response in responses)
            Assert.DoesNotContain("Secret Recipes", await response.Content.ReadAsStringAsync());

        var owners = await ProfileAsync(ownerEmail);
        Assert.Equal("Secret Recipes Ltd", owners!.BusinessName);
        Assert.Null(owners.Goals);
        Assert.Null(owners.SkippedAt);
        Assert.Null(owners.CompletedAt);
        Assert.Equal(OnboardingStep.Goals, owners.Step);
        Assert.Equal("Hijacked", (await ProfileAsync(intruderEmail))!.BusinessName);
    }

    [Fact]
    public async Task Every_handler_needs_a_signed_in_user()
    {
        var anonymous = app.NewClient();
        foreach (var url in new[] { "/onboarding", "/onboarding?step=2" })
            Assert.Equal(HttpStatusCode.Found, (await anonymous.Http.GetAsync(url)).StatusCode);
        foreach (var handler in new[] { "Business", "Goals", "Leave", "Skip", "Finish" })
        {
            var response = await anonymous.Http.PostAsync($"/onboarding?handler={handler}", new FormUrlEncodedContent(Step1()));
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }
    }
}

[Collection(SharedApps.Sqlite2)]
public sealed class OnboardingWizardTestsOnSqlite(SqliteApp app) : OnboardingWizardTests<SqliteApp>(app);

[Collection(SharedApps.Postgres2)]
public sealed class OnboardingWizardTestsOnPostgres(PostgresApp app) : OnboardingWizardTests<PostgresApp>(app);
