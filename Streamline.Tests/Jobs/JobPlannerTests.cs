using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Jobs;
using Streamline.Tests.Admin;
using Streamline.Tests.Ai;
using Streamline.Tests.Support;

namespace Streamline.Tests.Jobs;

public sealed class JobPlannerTemplateTests
{
    private const string Requirements = "Included:\n- Landing page: hero, pricing, contact form\n* Booking integration\n\n2. Analytics";

    [Fact]
    public void The_offline_plan_has_one_milestone_per_requirement_between_kick_off_and_launch_with_dates_spread_to_the_due_date()
    {
        var job = new Job { Title = "Site", Requirements = Requirements, StartDate = new DateOnly(2026, 1, 1), DueDate = new DateOnly(2026, 1, 31) };

        var plan = JobPlanTemplate.Draft(job, today: new DateOnly(2025, 6, 1))!;

        Assert.Equal([JobPlanTemplate.KickOff, "Landing page", "Booking integration", "Analytics", JobPlanTemplate.ReviewAndLaunch], plan.Select(m => m.Title));
        Assert.Equal(["hero", "pricing", "contact form"], plan[1].Deliverables);
        Assert.Equal([new DateOnly(2026, 1, 7), new DateOnly(2026, 1, 13), new DateOnly(2026, 1, 19), new DateOnly(2026, 1, 25), new DateOnly(2026, 1, 31)],
            plan.Select(m => m.DueDate!.Value));
        Assert.All(plan, m => Assert.NotEmpty(m.Deliverables));
        Assert.Equivalent(plan, JobPlanTemplate.Draft(job, today: new DateOnly(2025, 6, 1)));
    }

    [Fact]
    public void Without_dates_it_starts_today_and_gives_each_milestone_a_week_and_without_requirements_it_uses_the_goals()
    {
        var job = new Job { Title = "Site", Goals = "More bookings" };

        var plan = JobPlanTemplate.Draft(job, today: new DateOnly(2026, 3, 2))!;

        Assert.Equal([JobPlanTemplate.KickOff, "More bookings", JobPlanTemplate.ReviewAndLaunch], plan.Select(m => m.Title));
        Assert.Equal([new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 16), new DateOnly(2026, 3, 23)], plan.Select(m => m.DueDate!.Value));
        Assert.Null(JobPlanTemplate.Draft(new Job { Title = "Empty" }, new DateOnly(2026, 3, 2)));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"plan\": []}")]
    [InlineData("{\"milestones\": []}")]
    [InlineData("{\"milestones\": [{\"title\": \"\", \"deliverables\": [], \"dueDate\": null}]}")]
    [InlineData("{\"milestones\": [{\"title\": \"A\", \"deliverables\": \"one\", \"dueDate\": null}]}")]
    [InlineData("{\"milestones\": [{\"title\": \"A\", \"deliverables\": [], \"dueDate\": \"next week\"}]}")]
    public void A_model_answer_outside_the_schema_is_refused_whole(string answer)
    {
        Assert.Null(JobPlanJson.Parse(answer, out var error));
        Assert.StartsWith("The AI's", error);
    }
}

/// <summary>Plan with AI on the admin's job page, offline: the built-in template drafts, the admin saves.</summary>
[Collection(SharedApps.SqliteAdmin2)]
public sealed class JobPlannerPageTests(AdminApp app)
{
    [Fact]
    public async Task The_draft_fills_the_planning_form_saves_nothing_and_is_saved_through_the_usual_planning_save()
    {
        using var scene = await JobScene.CreateAsync(app);
        var version = await JobPlanning.SetRequirementsAsync(scene, "- Landing page: hero, pricing\n- Booking integration");

        var form = await (await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/plan")).FragmentAsync();

        Assert.Contains("built-in planner", form.QuerySelector("[data-plan-draft]")!.TextContent);
        Assert.Equal([JobPlanTemplate.KickOff, "Landing page", "Booking integration", JobPlanTemplate.ReviewAndLaunch, ""], JobPlanning.Titles(form));
        Assert.Equal(version.ToString(), form.QuerySelector("input[name='Input.Version']")!.GetAttribute("value"));
        Assert.Empty((await scene.JobAsync()).Milestones);

        var saved = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/saveplanning", JobPlanning.Fields(form));
        Assert.NotNull((await saved.FragmentAsync()).QuerySelector("[data-milestones]"));
        var job = await scene.JobAsync();
        Assert.Equal([JobPlanTemplate.KickOff, "Landing page", "Booking integration", JobPlanTemplate.ReviewAndLaunch], job.Milestones.Select(m => m.Title));
        Assert.Equal(["hero", "pricing"], job.Milestones[1].Deliverables);
    }

    [Fact]
    public async Task A_draft_saved_after_someone_elses_change_is_refused_as_stale()
    {
        using var scene = await JobScene.CreateAsync(app);
        await JobPlanning.SetRequirementsAsync(scene, "Booking integration");
        var form = await (await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/plan")).FragmentAsync();
        await JobPlanning.SetRequirementsAsync(scene, "Something else");

        var stale = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/saveplanning", JobPlanning.Fields(form));

        Assert.Contains("Someone else changed this job", (await stale.FragmentAsync()).QuerySelector("[data-section-error]")!.TextContent);
        Assert.Empty((await scene.JobAsync()).Milestones);
    }

    [Fact]
    public async Task Without_goals_or_requirements_the_admin_is_told_what_to_fill_in()
    {
        using var scene = await JobScene.CreateAsync(app);

        var section = await (await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/plan")).FragmentAsync();

        Assert.Contains("Fill in the goals or requirements", section.QuerySelector("[data-section-error]")!.TextContent);
    }

    [Fact]
    public async Task Requirements_of_headings_only_get_a_message_instead_of_an_empty_plan()
    {
        using var scene = await JobScene.CreateAsync(app);
        await JobPlanning.SetRequirementsAsync(scene, "Video details:\n\nWhat we need:");

        var response = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/plan");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("hold only headings", (await response.FragmentAsync()).QuerySelector("[data-section-error]")!.TextContent);
        Assert.Empty((await scene.JobAsync()).Milestones);
    }

    [Fact]
    public async Task A_customer_cannot_call_the_planner_on_their_page_or_the_admin_page()
    {
        using var scene = await JobScene.CreateAsync(app);
        await JobPlanning.SetRequirementsAsync(scene, "Booking integration");

        var own = await scene.Customer.HtmxPostAsync(scene.CustomerUrl, $"{scene.CustomerUrl}/plan");
        Assert.Equal(HttpStatusCode.NotFound, own.StatusCode);
        var admin = await scene.Customer.HtmxPostAsync(scene.CustomerUrl, $"{scene.AdminUrl}/plan");
        Assert.True(admin.StatusCode == HttpStatusCode.Forbidden
                    || (admin.StatusCode == HttpStatusCode.Redirect && admin.Headers.Location!.OriginalString.Contains("AccessDenied")),
            $"answered {(int)admin.StatusCode}");
        Assert.Empty((await scene.JobAsync()).Milestones);
    }
}

public sealed class JobPlannerOnlineTests(OnlineAdminApp app) : IClassFixture<OnlineAdminApp>
{
    /// <summary>Plan with AI is metered: the customer's workspace pays for it.</summary>
    private Task FundAsync(JobScene scene) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<Streamline.Core.Credits.CreditService>().GrantAsync(scene.WorkspaceId, 100_000,
            Streamline.Core.Credits.LedgerEntryType.AdminGrant, "test credits", $"test:{Guid.NewGuid()}", null, null, CancellationToken.None));

    [Fact]
    public async Task The_models_json_becomes_the_draft_and_the_request_asks_for_the_plan_schema()
    {
        using var scene = await JobScene.CreateAsync(app);
        await FundAsync(scene);
        await JobPlanning.SetRequirementsAsync(scene, "A booking site");
        app.ChatModel.Enqueue(ScriptedReply.Text("""
            {"milestones": [
              {"title": "Discovery", "deliverables": ["Sitemap", "Wireframes"], "dueDate": "2026-02-01"},
              {"title": "Build", "deliverables": ["Booking flow"], "dueDate": null}
            ]}
            """));
        var before = app.ChatModel.Requests.Count;

        var form = await (await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/plan")).FragmentAsync();

        Assert.Contains($"Drafted by {OnlineAiApp.Model}", form.QuerySelector("[data-plan-draft]")!.TextContent);
        Assert.Equal(["Discovery", "Build", ""], JobPlanning.Titles(form));
        Assert.Equal("2026-02-01", form.QuerySelector("input[name='Input.Milestones[0].DueDate']")!.GetAttribute("value"));
        Assert.Equal("Sitemap\nWireframes", form.QuerySelector("textarea[name='Input.Milestones[0].Deliverables']")!.TextContent.Trim());
        Assert.Empty((await scene.JobAsync()).Milestones);
        var request = app.ChatModel.Requests.Skip(before).Single();
        Assert.Equal("json_schema", request.Body["response_format"]?["type"]?.GetValue<string>());
        Assert.Equal(JobPlanJson.SchemaName, request.Body["response_format"]?["json_schema"]?["name"]?.GetValue<string>());
        Assert.Contains("A booking site", request.Body["messages"]!.ToJsonString());
    }

    [Fact]
    public async Task Invalid_json_from_the_model_is_a_clear_error_and_nothing_is_saved()
    {
        using var scene = await JobScene.CreateAsync(app);
        await FundAsync(scene);
        await JobPlanning.SetRequirementsAsync(scene, "A booking site");
        app.ChatModel.Enqueue(ScriptedReply.Text("Sure! Here is your plan: 1. Discovery 2. Build"));

        var section = await (await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/plan")).FragmentAsync();

        var error = section.QuerySelector("[data-section-error]")!.TextContent;
        Assert.Contains("not valid JSON", error);
        Assert.Contains("Nothing was saved", error);
        Assert.Null(section.QuerySelector("form input[name='Input.Milestones[0].Title']"));
        Assert.Empty((await scene.JobAsync()).Milestones);
    }

    [Fact]
    public async Task A_provider_failure_is_reported_and_nothing_is_saved()
    {
        using var scene = await JobScene.CreateAsync(app);
        await FundAsync(scene);
        await JobPlanning.SetRequirementsAsync(scene, "A booking site");

        HttpResponseMessage response;
        using (app.ChatModel.Down(FakeChatModel.Outage.ServerError))
            response = await scene.Admin.HtmxPostAsync(scene.AdminUrl, $"{scene.AdminUrl}/plan");

        Assert.Equal(JobPlanner.Unreachable, (await response.FragmentAsync()).QuerySelector("[data-section-error]")!.TextContent.Trim());
        Assert.Empty((await scene.JobAsync()).Milestones);
    }
}

internal static class JobPlanning
{
    /// <summary>Sets the project's requirements as an admin would, bumping the version; returns the new version.</summary>
    public static async Task<int> SetRequirementsAsync(JobScene scene, string requirements)
    {
        await using var db = scene.App.Database.NewContext();
        var job = await db.Jobs.IgnoreQueryFilters().SingleAsync(j => j.Id == scene.JobId);
        job.Requirements = requirements;
        job.Version++;
        await db.SaveChangesAsync();
        return job.Version;
    }

    public static List<string> Titles(AngleSharp.Html.Dom.IHtmlDocument form) =>
        [.. form.QuerySelectorAll("input[name$='].Title']").Select(i => i.GetAttribute("value") ?? "")];

    /// <summary>Every field of the drafted form as the browser would post it.</summary>
    public static Dictionary<string, string> Fields(AngleSharp.Html.Dom.IHtmlDocument form)
    {
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("form input[name]"))
        {
            var type = input.GetAttribute("type");
            if (type == "checkbox") { if (input.HasAttribute("checked")) fields[input.GetAttribute("name")!] = "true"; continue; }
            if (type == "hidden" && input.GetAttribute("name")!.EndsWith(".Done")) continue;
            fields[input.GetAttribute("name")!] = input.GetAttribute("value") ?? "";
        }
        foreach (var area in form.QuerySelectorAll("form textarea[name]"))
            fields[area.GetAttribute("name")!] = area.TextContent.TrimStart('\n');
        return fields;
    }
}
