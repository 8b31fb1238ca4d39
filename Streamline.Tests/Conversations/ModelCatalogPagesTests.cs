using System.Net;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Audit;
using Streamline.Core.Conversations;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations;

/// <summary>/admin/models: every admin reads the catalog, only SuperAdmins change it, customers see none of it.</summary>
public sealed class ModelCatalogPagesTests(AdminApp app) : IClassFixture<AdminApp>
{
    private static readonly Guid Offline = Guid.Parse("0f3a1c52-5d7e-4c1a-9a40-3b7b1f0a0001");
    private static readonly Guid Gpt4oMini = Guid.Parse("0f3a1c52-5d7e-4c1a-9a40-3b7b1f0a0002");

    [Fact]
    public async Task The_catalog_shows_prices_per_million_as_stored_per_thousand_and_a_worked_example_in_credits()
    {
        using var admin = await app.PlainAdminAsync();

        var page = await admin.GetDocumentAsync("/admin/models");

        var mini = page.QuerySelector("#models tr[data-model='gpt-4o-mini']")!;
        Assert.Equal("$0.15", mini.QuerySelector("[data-input-price]")!.TextContent);
        Assert.Equal("$0.60", mini.QuerySelector("[data-output-price]")!.TextContent);
        Assert.Equal("150 / 600", mini.QuerySelector("[data-stored]")!.TextContent);
        // 1,000 × 150 µ$/1K + 500 × 600 µ$/1K = 450 µ$; + 15% = 517.5 µ$ = 5.175 mc (1 mc = 100 µ$), rounded up to 6 mc.
        Assert.Equal("0.006 credits", mini.QuerySelector("[data-example-credits]")!.TextContent);
        var example = page.QuerySelector("[data-cost-example='gpt-4o-mini']")!.TextContent;
        Assert.True(example.Contains("the provider charges $0.00045,") && example.Contains("margin $0.0005175,"), example);
        Assert.Equal("0.006 credits", page.QuerySelector("[data-cost-example] [data-credits]")!.TextContent);
    }

    [Fact]
    public async Task A_plain_admin_reads_the_catalog_but_cannot_open_or_post_any_edit()
    {
        using var admin = await app.PlainAdminAsync();
        var token = await admin.AntiforgeryTokenAsync("/admin/models");

        var page = await admin.GetDocumentAsync("/admin/models");
        Assert.Null(page.QuerySelector("a[href='/admin/models/new']"));
        Assert.Empty(page.QuerySelectorAll("#models form, #models a"));
        foreach (var url in new[] { "/admin/models/new", $"/admin/models/{Gpt4oMini}" })
            AssertDenied(await admin.Http.GetAsync(url), url);
        foreach (var (url, form) in Edits())
            AssertDenied(await PostAsync(admin, url, form, token), url);

        await using var db = app.Database.NewContext();
        var mini = await db.AiModels.SingleAsync(m => m.Id == Gpt4oMini);
        Assert.Equal((150, 600, true), (mini.InputMicrodollarsPer1K, mini.OutputMicrodollarsPer1K, mini.Active));
        Assert.False(await db.AiModels.AnyAsync(m => m.Name == "sneaky-model"));
    }

    [Fact]
    public async Task A_customer_is_denied_the_catalog_entirely()
    {
        var (customer, _) = await AppClient.SignedInUserAsync(app);
        var token = await customer.AntiforgeryTokenAsync("/app");

        foreach (var url in new[] { "/admin/models", "/admin/models/new", $"/admin/models/{Gpt4oMini}" })
            AssertDenied(await customer.Http.GetAsync(url), url);
        foreach (var (url, form) in Edits())
            AssertDenied(await PostAsync(customer, url, form, token), url);
        customer.Dispose();
    }

    [Fact]
    public async Task A_superadmin_adds_a_model_priced_per_million_and_it_is_stored_exactly_per_thousand()
    {
        using var root = await app.SuperAdminAsync();
        var name = $"llama3.1:8b-{Guid.NewGuid():N}"[..20];

        (await root.PostFormAsync("/admin/models/new", Model(name, "0.001", "$2.5", "Fast"))).EnsureRedirect("/admin/models");

        await using var db = app.Database.NewContext();
        var added = await db.AiModels.SingleAsync(m => m.Name == name);
        Assert.Equal((1, 2_500, ModelTier.Fast, true), (added.InputMicrodollarsPer1K, added.OutputMicrodollarsPer1K, added.Tier, added.Active));
        var listed = (await root.GetDocumentAsync("/admin/models")).QuerySelector($"#models tr[data-model='{name}']")!;
        Assert.Equal("$0.001", listed.QuerySelector("[data-input-price]")!.TextContent);
        Assert.Equal("$2.50", listed.QuerySelector("[data-output-price]")!.TextContent);
    }

    [Fact]
    public async Task More_than_three_decimals_a_negative_price_and_a_duplicate_name_are_refused_with_clear_messages()
    {
        using var root = await app.SuperAdminAsync();

        var tooPrecise = await AppClient.ParseAsync(await root.PostFormAsync("/admin/models/new", Model("precise-model", "0.0001", "1")));
        Assert.Contains("at most three decimals", tooPrecise.QuerySelector("#input-error")!.TextContent);
        var negative = await AppClient.ParseAsync(await root.PostFormAsync("/admin/models/new", Model("negative-model", "1", "-1")));
        Assert.Contains("at most three decimals", negative.QuerySelector("#output-error")!.TextContent);
        var duplicate = await AppClient.ParseAsync(await root.PostFormAsync("/admin/models/new", Model("GPT-4o-MINI", "1", "1")));
        Assert.Contains("already has a model named “GPT-4o-MINI”", duplicate.QuerySelector("#name-error")!.TextContent);
        var renamed = await AppClient.ParseAsync(await root.PostFormAsync($"/admin/models/{Gpt4oMini}", Model("gpt-4o", "1", "1")));
        Assert.Contains("already has a model named “gpt-4o”", renamed.QuerySelector("#name-error")!.TextContent);

        await using var db = app.Database.NewContext();
        Assert.False(await db.AiModels.AnyAsync(m => m.Name == "precise-model" || m.Name == "negative-model"));
        Assert.Equal("gpt-4o-mini", (await db.AiModels.SingleAsync(m => m.Id == Gpt4oMini)).Name);
    }

    [Fact]
    public async Task The_offline_engine_keeps_its_name_and_cannot_be_deleted_but_its_price_can_change()
    {
        using var root = await app.SuperAdminAsync();

        var renamed = await AppClient.ParseAsync(await root.PostFormAsync($"/admin/models/{Offline}", Model("my-offline", "0.15", "0.6")));
        Assert.Contains("name is fixed", renamed.QuerySelector("#name-error")!.TextContent);
        Assert.NotNull((await root.GetDocumentAsync($"/admin/models/{Offline}")).QuerySelector("input[name='Input.Name'][readonly]"));
        var token = await root.AntiforgeryTokenAsync($"/admin/models/{Offline}");
        (await PostAsync(root, $"/admin/models/{Offline}?handler=Delete", [], token)).EnsureRedirect($"/admin/models/{Offline}");
        (await root.PostFormAsync($"/admin/models/{Offline}", Model(ModelCatalog.OfflineModelName, "0.2", "0.6", "Fast"))).EnsureRedirect();

        await using var db = app.Database.NewContext();
        var offline = await db.AiModels.SingleAsync(m => m.Id == Offline);
        Assert.Equal((ModelCatalog.OfflineModelName, 200L), (offline.Name, offline.InputMicrodollarsPer1K));
    }

    [Fact]
    public async Task A_superadmin_deactivates_activates_and_deletes_a_model()
    {
        using var root = await app.SuperAdminAsync();
        var name = $"temp-{Guid.NewGuid():N}"[..16];
        (await root.PostFormAsync("/admin/models/new", Model(name, "1", "2"))).EnsureRedirect();
        Guid id;
        await using (var db = app.Database.NewContext()) id = (await db.AiModels.SingleAsync(m => m.Name == name)).Id;
        var token = await root.AntiforgeryTokenAsync("/admin/models");

        (await root.PostFormAsync($"/admin/models/{id}", Model(name, "1.5", "2"))).EnsureRedirect($"/admin/models/{id}");
        (await PostAsync(root, $"/admin/models/{id}?handler=Deactivate", [], token)).EnsureRedirect("/admin/models");
        Assert.False(await ActiveAsync(id));
        (await PostAsync(root, $"/admin/models/{id}?handler=Activate", [], token)).EnsureRedirect("/admin/models");
        Assert.True(await ActiveAsync(id));
        (await PostAsync(root, $"/admin/models/{id}?handler=Delete", [], token)).EnsureRedirect("/admin/models");

        await using var check = app.Database.NewContext();
        Assert.False(await check.AiModels.AnyAsync(m => m.Id == id));
        // Every change is in the audit log, in order, with the prices it left.
        var entries = (await check.AuditEntries.Where(e => e.Subject == $"model:{id}").ToListAsync()).OrderBy(e => e.CreatedAt).ToList();
        Assert.Equal(
            [AuditAction.ModelCreated, AuditAction.ModelEdited, AuditAction.ModelDeactivated, AuditAction.ModelActivated, AuditAction.ModelDeleted],
            entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(AdminApp.AdminEmail, e.Actor));
        Assert.Equal($"Saved model {name}: 1500 / 2000 microdollars per 1K input / output tokens, Balanced, active", entries[1].Summary);
    }

    private async Task<bool> ActiveAsync(Guid id)
    {
        await using var db = app.Database.NewContext();
        return (await db.AiModels.SingleAsync(m => m.Id == id)).Active;
    }

    private static Dictionary<string, string> Model(string name, string input, string output, string tier = "Balanced") => new()
    {
        ["Input.Name"] = name, ["Input.InputPrice"] = input, ["Input.OutputPrice"] = output, ["Input.Tier"] = tier, ["Input.Active"] = "true",
    };

    private static (string Url, Dictionary<string, string> Form)[] Edits() =>
    [
        ("/admin/models/new", Model("sneaky-model", "0", "0")),
        ($"/admin/models/{Gpt4oMini}", Model("gpt-4o-mini", "0", "0")),
        ($"/admin/models/{Gpt4oMini}?handler=Deactivate", []),
        ($"/admin/models/{Gpt4oMini}?handler=Delete", []),
    ];

    private static Task<HttpResponseMessage> PostAsync(AppClient client, string url, Dictionary<string, string> form, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("RequestVerificationToken", token);
        return client.Http.SendAsync(request);
    }

    private static void AssertDenied(HttpResponseMessage response, string what) =>
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Identity/Account/AccessDenied")),
            $"{what} answered {(int)response.StatusCode} {response.Headers.Location}");
}

public sealed class ModelCatalogPriceTests
{
    [Theory]
    [InlineData("0.15", 150)]
    [InlineData("$0.15", 150)]
    [InlineData("0.001", 1)]
    [InlineData("2.5", 2_500)]
    [InlineData("10", 10_000)]
    [InlineData("75.000", 75_000)]
    public void Dollars_per_million_tokens_are_exact_micro_dollars_per_thousand(string typed, long stored)
    {
        Assert.True(ModelPrice.TryParsePerMillion(typed, out var microdollars));
        Assert.Equal(stored, microdollars);
    }

    [Theory]
    [InlineData("0.0001")]
    [InlineData("-1")]
    [InlineData("1,5")]
    [InlineData("1e3")]
    [InlineData("")]
    public void Anything_but_a_plain_amount_with_up_to_three_decimals_is_refused(string typed) =>
        Assert.False(ModelPrice.TryParsePerMillion(typed, out _));

    [Theory]
    [InlineData(150, "0.15")]
    [InlineData(1, "0.001")]
    [InlineData(10_000, "10.00")]
    [InlineData(2_505, "2.505")]
    public void Stored_prices_read_back_as_dollars_per_million(long stored, string shown) =>
        Assert.Equal(shown, ModelPrice.PerMillion(stored));
}
