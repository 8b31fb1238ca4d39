using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Streamline.Tests.Support;
using Streamline.Web.Api;

namespace Streamline.Tests.Api;

/// <summary>The metering API's OpenAPI document: what a client generator in any language reads.</summary>
[Collection(SharedApps.Sqlite1)]
public sealed partial class ApiDocumentTests(SqliteApp app)
{
    [Fact]
    public async Task The_document_is_served_to_anyone_and_parses_and_validates_without_errors()
    {
        var (document, diagnostic) = await LoadAsync();

        Assert.Empty(diagnostic.Errors);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet())!);
        Assert.Equal("Streamline metering API", document.Info.Title);
    }

    [Fact]
    public async Task The_document_lists_every_api_route_with_its_methods_and_nothing_else()
    {
        var (document, _) = await LoadAsync();
        var documented = document.Paths
            .SelectMany(p => p.Value.Operations!.Keys.Select(method => $"{method.Method.ToUpperInvariant()} {p.Key}"))
            .Order().ToList();

        var routed = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                .Select(method => $"{method} /{RouteConstraint().Replace(e.RoutePattern.RawText!.TrimStart('/'), "}")}"))
            .Order().ToList();

        Assert.NotEmpty(routed);
        Assert.Equal(routed, documented);
    }

    [Fact]
    public async Task Every_operation_needs_the_api_key_scheme()
    {
        var (document, _) = await LoadAsync();

        var bearer = Assert.IsType<OpenApiSecurityScheme>(document.Components!.SecuritySchemes![ApiDocument.BearerScheme]);
        Assert.Equal(SecuritySchemeType.Http, bearer.Type);
        Assert.Equal("bearer", bearer.Scheme);
        var header = Assert.IsType<OpenApiSecurityScheme>(document.Components.SecuritySchemes[ApiDocument.HeaderScheme]);
        Assert.Equal((SecuritySchemeType.ApiKey, ParameterLocation.Header, "X-Api-Key"), (header.Type, header.In, header.Name));
        foreach (var operation in Operations(document))
        {
            var schemes = operation.Security!.SelectMany(r => r.Keys).Select(s => s.Reference.Id).ToList();
            Assert.Equal([ApiDocument.BearerScheme, ApiDocument.HeaderScheme], schemes);
        }
    }

    [Fact]
    public async Task Every_problem_type_the_api_answers_is_declared_as_a_problem_json_response_of_its_status()
    {
        var (document, _) = await LoadAsync();
        var declared = Operations(document)
            .SelectMany(o => o.Responses!.SelectMany(r => r.Value.Content!.Where(c => c.Key == "application/problem+json")
                .SelectMany(c => c.Value.Examples!.Values.Select(e => (Status: r.Key, Type: e.Value!["type"]!.GetValue<string>())))))
            .ToHashSet();

        var defined = typeof(Problems).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ProblemType)).Select(f => (ProblemType)f.GetValue(null)!).ToList();
        Assert.True(defined.Count >= 10);
        foreach (var problem in defined)
            Assert.Contains((problem.Status.ToString(), problem.Uri), declared);

        var consume = document.Paths["/api/v1/credits/consume"].Operations![HttpMethod.Post];
        Assert.Contains("insufficient-credits", consume.Responses!["402"].Description);
        Assert.Equal("Idempotency-Key", Assert.Single(consume.Parameters!, p => p.In == ParameterLocation.Header).Name);
        Assert.Equal("ConsumeRequest", Assert.IsType<OpenApiSchemaReference>(consume.RequestBody!.Content!["application/json"].Schema).Reference.Id);
        Assert.Equal("ProblemDetails",
            Assert.IsType<OpenApiSchemaReference>(consume.Responses["402"].Content!["application/problem+json"].Schema).Reference.Id);
    }

    [Fact]
    public async Task Request_and_response_schemas_use_the_apis_snake_case_names()
    {
        var (document, _) = await LoadAsync();
        var schemas = document.Components!.Schemas!;

        Assert.Equal(["amount_millicredits", "description", "expires_in_seconds"], schemas["ReserveRequest"].Properties!.Keys.Order());
        Assert.Equal(["amount_millicredits"], schemas["ReserveRequest"].Required!);
        Assert.Equal(["amount_millicredits", "captured_millicredits", "id", "status"], schemas["Reservation"].Properties!.Keys.Order());
        Assert.Equal(JsonSchemaType.Integer, schemas["Balance"].Properties!["balance_millicredits"].Type);
        Assert.Contains("reservation_capture", schemas["Transaction"].Properties!["type"].Enum!.Select(v => v.GetValue<string>()));
    }

    [Fact]
    public async Task Pages_and_other_endpoints_are_not_in_the_document()
    {
        var (document, _) = await LoadAsync();

        Assert.All(document.Paths.Keys, path => Assert.StartsWith("/api/", path));
        Assert.DoesNotContain(document.Paths.Keys, path => path.Contains("webhooks") || path.Contains("metrics") || path.Contains("health"));
    }

    private async Task<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> LoadAsync()
    {
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false,
        });
        var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var result = OpenApiDocument.Parse(await response.Content.ReadAsStringAsync(), "json", new OpenApiReaderSettings());
        Assert.NotNull(result.Document);
        return (result.Document, result.Diagnostic!);
    }

    private static IEnumerable<OpenApiOperation> Operations(OpenApiDocument document) =>
        document.Paths.Values.SelectMany(p => p.Operations!.Values);

    [GeneratedRegex(":[^}]*}")]
    private static partial Regex RouteConstraint();
}
