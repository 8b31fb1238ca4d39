using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Automation;
using Streamline.Core.Automation.Scraper;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Tests.Ai;
using Streamline.Tests.Jobs;
using Streamline.Tests.Support;

namespace Streamline.Tests.Automation;

/// <summary>The services app with <c>AI:*</c> pointing at a <see cref="FakeChatModel"/> it owns: the scraper reads pages with the model.</summary>
public class OnlineServicesApp : ServicesApp
{
    public FakeChatModel ChatModel { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        ChatModel = await FakeChatModel.StartAsync();
        await base.InitializeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["AI:Endpoint"] = ChatModel.Endpoint;
        settings["AI:ApiKey"] = OnlineAiApp.ApiKey;
        settings["AI:Model"] = OnlineAiApp.Model;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) ChatModel?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }
}

public sealed class PostgresOnlineServicesApp : OnlineServicesApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public abstract class OnlineScraperTests<TApp>(TApp app) : IClassFixture<TApp>, IAsyncLifetime where TApp : OnlineServicesApp
{
    private const string Fields = "name: the product's name\nprice: the first price shown, with its currency";
    private ScrapedSite _site = null!;

    public async Task InitializeAsync() => _site = await ScrapedSite.StartAsync();
    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task The_model_reads_the_described_fields_from_the_page_text_and_its_tokens_are_charged_with_the_pages()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(100_000);
        using var _ = customer;
        var (perPage, model) = await ModelPriceAsync();
        app.ChatModel.Enqueue(ScriptedReply.Text("""{"name": "Blue Kettle", "price": "$29.90"}""") with { InputTokens = 900, OutputTokens = 30 });
        var before = app.ChatModel.Requests.Count;

        var run = await ScrapeAsync(customer, $"{_site.Url}/products\n{_site.Url}/private/page");

        Assert.Equal(ServiceRunStatus.Succeeded, run.Status);
        // Two pages held at the page price plus the most a page's model call can cost.
        Assert.Equal(2 * (500 + perPage), run.HeldMillicredits);
        var tokens = model.CostMillicredits(900, 30);
        Assert.Equal(tokens, run.ModelCostMillicredits);
        Assert.Equal(500 + tokens, run.CostMillicredits);
        Assert.Equal(100_000 - 500 - tokens, await BalanceAsync(workspace));
        Assert.Contains("read by the AI model", run.Summary);
        var page = await customer.GetDocumentAsync($"/services/runs/{run.Id}");
        Assert.Equal($"{CreditAmount.Credits(500 + tokens)} ({CreditAmount.Credits(tokens)} of it for the AI model)", page.QuerySelector("[data-cost]")!.TextContent.Trim());
        var csv = await customer.Http.GetStringAsync($"/services/runs/{run.Id}?handler=File&name=results.csv");
        Assert.Equal($"url,name,price\r\n{_site.Url}/products,Blue Kettle,$29.90\r\n", csv);

        // robots.txt kept the second page from being read, so only one call went out: the page's text, with the schema.
        var request = app.ChatModel.Requests.Skip(before).Single();
        var format = request.Body["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.Equal(ModelExtractor.SchemaName, format["json_schema"]!["name"]!.GetValue<string>());
        var schema = format["json_schema"]!["schema"]!;
        Assert.Equal(["name", "price"], schema["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        var messages = request.Body["messages"]!.ToJsonString();
        Assert.Contains("Blue Kettle", messages);
        Assert.Contains("Small 1.0 Large 1.7", messages);
        Assert.DoesNotContain("<h1", messages);
        Assert.DoesNotContain("ld+json", messages);
    }

    [Fact]
    public async Task A_page_whose_answer_is_outside_the_schema_is_skipped_and_neither_it_nor_its_call_is_charged()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(100_000);
        using var _ = customer;
        var (_, model) = await ModelPriceAsync();
        app.ChatModel.Enqueue(ScriptedReply.Text("Sure! The name is Blue Kettle."));
        app.ChatModel.Enqueue(ScriptedReply.Text("""{"name": "Blue Kettle", "price": 29.9}"""));
        app.ChatModel.Enqueue(ScriptedReply.Text("""{"name": "Blue Kettle", "price": "$29.90", "secret": "x"}"""));
        app.ChatModel.Enqueue(ScriptedReply.Text("""{"name": "Blue Kettle", "price": null}""") with { InputTokens = 700, OutputTokens = 20 });

        var run = await ScrapeAsync(customer, string.Join('\n', Enumerable.Range(1, 4).Select(i => $"{_site.Url}/products?copy={i}")));

        Assert.Equal(ServiceRunStatus.Succeeded, run.Status);
        Assert.Equal(1, run.UnitsUsed);
        Assert.Equal(500 + model.CostMillicredits(700, 20), run.CostMillicredits);
        Assert.Equal(100_000 - run.CostMillicredits, await BalanceAsync(workspace));
        Assert.Contains("3 skipped", run.Summary);
        Assert.Contains("not in the requested form", run.Summary);
        var csv = await customer.Http.GetStringAsync($"/services/runs/{run.Id}?handler=File&name=results.csv");
        Assert.Equal($"url,name,price\r\n{_site.Url}/products?copy=4,Blue Kettle,\r\n", csv);
    }

    [Fact]
    public async Task When_the_model_cannot_be_reached_the_run_fails_and_its_whole_hold_is_returned()
    {
        var (customer, workspace) = await CustomerWithCreditsAsync(100_000);
        using var _ = customer;

        ServiceRun run;
        using (app.ChatModel.Down(FakeChatModel.Outage.ServerError))
            run = await ScrapeAsync(customer, $"{_site.Url}/products");

        Assert.Equal(ServiceRunStatus.Failed, run.Status);
        Assert.Contains("could not be reached", run.Error);
        Assert.Equal(0, run.CostMillicredits);
        Assert.Equal(100_000, await BalanceAsync(workspace));
    }

    [Fact]
    public async Task A_request_the_balance_cannot_cover_with_the_model_allowance_is_refused_and_holds_nothing()
    {
        var (perPage, _) = await ModelPriceAsync();
        var (customer, workspace) = await CustomerWithCreditsAsync(500 + perPage - 1);
        using var _ = customer;

        var answered = await customer.PostFormAsync("/services/ai-scraper", Request($"{_site.Url}/products"));

        Assert.Equal(System.Net.HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("Buy credits", (await AppClient.ParseAsync(answered)).Body!.TextContent);
        Assert.Equal(500 + perPage - 1, await BalanceAsync(workspace));
        await using var db = app.Database.NewContext();
        Assert.False(await db.ServiceRuns.IgnoreQueryFilters().AnyAsync(r => r.WorkspaceId == workspace));
    }

    private Dictionary<string, string> Request(string urls) => new()
    {
        ["Input[urls]"] = urls,
        ["Input[extract]"] = AiScraper.DescribedChoice,
        ["Input[described]"] = Fields,
    };

    private async Task<ServiceRun> ScrapeAsync(AppClient customer, string urls)
    {
        var started = await customer.PostFormAsync("/services/ai-scraper", Request(urls));
        started.EnsureRedirect("/services/runs/");
        var id = Guid.Parse(started.Headers.Location!.OriginalString["/services/runs/".Length..]);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = app.Database.NewContext();
            var run = await db.ServiceRuns.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == id);
            if (run.IsFinal) return run;
            Assert.True(DateTime.UtcNow < until, $"run {id} is still {run.Status}");
            await Task.Delay(100);
        }
    }

    /// <summary>What the app holds per page for the model, and the model it prices calls with.</summary>
    private Task<(long PerPage, PricedModel Model)> ModelPriceAsync() => app.WithScopeAsync(async sp =>
    {
        var extractor = sp.GetRequiredService<ModelExtractor>();
        return (await extractor.MostPerPageAsync(CancellationToken.None), await extractor.ModelAsync(CancellationToken.None));
    });

    private async Task<(AppClient Client, Guid Workspace)> CustomerWithCreditsAsync(long millicredits)
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        var workspace = await JobScene.WorkspaceOfAsync(app, email);
        await app.WithScopeAsync(sp => sp.GetRequiredService<CreditService>()
            .GrantAsync(workspace, millicredits, LedgerEntryType.Purchase, "Test credits", $"test:{Guid.NewGuid()}", null, null));
        return (client, workspace);
    }

    private async Task<long?> BalanceAsync(Guid workspace)
    {
        await using var db = app.Database.NewContext();
        return await db.Wallets.IgnoreQueryFilters().Where(w => w.WorkspaceId == workspace).Select(w => (long?)w.BalanceMillicredits).SingleOrDefaultAsync();
    }
}

public sealed class OnlineScraperTestsOnSqlite(OnlineServicesApp app) : OnlineScraperTests<OnlineServicesApp>(app);

public sealed class OnlineScraperTestsOnPostgres(PostgresOnlineServicesApp app) : OnlineScraperTests<PostgresOnlineServicesApp>(app);

public sealed class ModelAnswerTests
{
    private static readonly DescribedField[] Fields = [new("name", "the name"), new("price", "the price")];

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"name": "A"}""")]
    [InlineData("""{"name": "A", "price": 3}""")]
    [InlineData("""{"name": "A", "price": ["3"]}""")]
    [InlineData("""{"name": "A", "price": "3", "extra": "x"}""")]
    [InlineData("""{"Name": "A", "price": "3"}""")]
    public void An_answer_outside_the_schema_is_refused_whole(string answer) =>
        Assert.Null(ModelExtractor.Read(answer, new Uri("https://example.com/"), Fields));

    [Fact]
    public void A_valid_answer_keeps_the_fields_in_order_with_nulls_as_empty_and_long_values_cut()
    {
        var row = ModelExtractor.Read($$"""{"price": null, "name": "{{new string('a', 3000)}}"}""", new Uri("https://example.com/p"), Fields)!;

        Assert.Equal(["url", "name", "price"], row.Select(c => c.Key));
        Assert.Equal(ModelExtractor.MaxValueLength, row[1].Value.Length);
        Assert.Equal("", row[2].Value);
    }

    [Fact]
    public void The_schema_asks_for_exactly_the_fields_each_a_string_or_null()
    {
        var schema = JsonNode.Parse(ModelExtractor.Schema(Fields).GetRawText())!;

        Assert.Equal("""["string","null"]""", schema["properties"]!["price"]!["type"]!.ToJsonString());
        Assert.Equal("the price", schema["properties"]!["price"]!["description"]!.GetValue<string>());
        Assert.Equal("""["name","price"]""", schema["required"]!.ToJsonString());
    }
}
