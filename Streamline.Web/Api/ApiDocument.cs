using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Streamline.Core.Credits;

namespace Streamline.Web.Api;

/// <summary>
/// The metering API as an OpenAPI document, so any language can generate a client. It is built from the endpoints'
/// own metadata (Microsoft.AspNetCore.OpenApi, the framework's generator), so it cannot drift from them: schemas in
/// the API's snake_case, the API-key scheme, and every problem type an operation can answer. It lists /api only.
/// </summary>
public static class ApiDocument
{
    public const string Name = "v1";
    public const string Path = "/openapi/{documentName}.json";
    public const string BearerScheme = "ApiKey";
    public const string HeaderScheme = "ApiKeyHeader";
    private const string ProblemJson = "application/problem+json";

    /// <summary>The words a string property can hold, taken from the enums the API writes them from.</summary>
    private static readonly Dictionary<(Type, string), string[]> Enums = new()
    {
        [(typeof(CreditsApi.Balance), "status")] = Words<WalletStatus>(),
        [(typeof(CreditsApi.NewReservation), "status")] = Words<ReservationStatus>(),
        [(typeof(CreditsApi.Reservation), "status")] = Words<ReservationStatus>(),
        [(typeof(CreditsApi.Transaction), "type")] = Words<LedgerEntryType>(),
    };

    /// <summary>Which problem types an endpoint (or its group) can answer with.</summary>
    private sealed record ProblemTypes(IReadOnlyList<ProblemType> Types);

    private sealed class NeedsIdempotencyKey;

    /// <summary>A query parameter the handler reads itself (so that a bad value gets the API's own problem answer).</summary>
    private sealed record QueryParameter(string Name, JsonSchemaType Type, string Description);

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(Name, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Streamline metering API",
                    Version = Name,
                    Description = "Read a workspace's credit balance and ledger, consume credits, or reserve them before work and "
                        + "capture what it used after. Amounts are integer millicredits (1 credit = 1000). Every POST needs an "
                        + "Idempotency-Key header: a retry with the same key answers with the first result and never debits twice. "
                        + "Errors are application/problem+json; switch on their `type`.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A workspace API key (sl_live_…) from the API keys page, as 'Authorization: Bearer sl_live_…'.",
                };
                document.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-Api-Key",
                    Description = "The same key in an X-Api-Key header, for clients that cannot set Authorization.",
                };
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                var type = context.JsonTypeInfo.Type;
                if (type.DeclaringType != typeof(CreditsApi) || schema.Properties is not { Count: > 0 } properties) return Task.CompletedTask;
                // The API writes its bodies with CreditsApi.Json (snake_case); the generator reads the app's default names.
                schema.Properties = properties.ToDictionary(p => SnakeCase(p.Key), p => p.Value);
                if (schema.Required is { } required) schema.Required = required.Select(SnakeCase).ToHashSet();
                foreach (var (name, property) in schema.Properties)
                {
                    if (property is not OpenApiSchema value) continue;
                    // Numbers are written as numbers; that the reader would also take "12" is no part of the contract.
                    if (value.Type is { } kind && kind.HasFlag(JsonSchemaType.Integer))
                    {
                        value.Type = kind & ~JsonSchemaType.String;
                        value.Pattern = null;
                    }
                    if (Enums.GetValueOrDefault((type, name)) is { } values)
                        value.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
                }
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var document = context.Document!;
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, document)] = [] },
                ];
                var scope = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Contains(CreditsApi.WritePolicy)
                    ? ApiKey.ScopeWrite : ApiKey.ScopeRead;
                operation.Description = $"Needs a key with the {scope} scope.";
                if (metadata.OfType<NeedsIdempotencyKey>().Any())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = "Idempotency-Key",
                        In = ParameterLocation.Header,
                        Required = true,
                        Description = "Unique per operation (a UUID, say), reused on every retry of it. At most 100 characters.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 100 },
                    });
                }
                foreach (var query in metadata.OfType<QueryParameter>())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = query.Name,
                        In = ParameterLocation.Query,
                        Description = query.Description,
                        Schema = new OpenApiSchema { Type = query.Type },
                    });
                }
                foreach (var status in metadata.OfType<ProblemTypes>().SelectMany(p => p.Types).GroupBy(t => t.Status))
                    DescribeProblems(operation, status.Key, [.. status.DistinctBy(t => t.Slug)]);
                return Task.CompletedTask;
            });
        });

    /// <summary>Anonymous: the document holds no data, and a client generator must be able to fetch it.</summary>
    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(Path).AllowAnonymous();
        return app;
    }

    public static TBuilder WithProblems<TBuilder>(this TBuilder builder, params ProblemType[] types) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ProblemTypes(types));
        foreach (var status in types.Select(t => t.Status).Distinct())
        {
            var body = types.Any(t => t.Status == status && t == Problems.InvalidRequest) ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, body, [ProblemJson]));
        }
        return builder;
    }

    public static TBuilder WithIdempotencyKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new NeedsIdempotencyKey()).WithProblems(Problems.IdempotencyKeyRequired, Problems.InvalidRequest);

    public static TBuilder WithQueryParameter<TBuilder>(this TBuilder builder, string name, JsonSchemaType type, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new QueryParameter(name, type, description));

    private static void DescribeProblems(OpenApiOperation operation, int status, IReadOnlyList<ProblemType> types)
    {
        operation.Responses ??= [];
        if (operation.Responses.GetValueOrDefault(status.ToString()) is not OpenApiResponse response) return;
        response.Description = string.Join(" ", types.Select(t => $"{t.Title} (type {t.Uri})"));
        if (response.Content is null || !response.Content.TryGetValue(ProblemJson, out var media)) return;
        media.Examples = types.ToDictionary(t => t.Slug, t => (IOpenApiExample)new OpenApiExample
        {
            Summary = t.Title,
            Value = new JsonObject { ["type"] = t.Uri, ["title"] = t.Title, ["status"] = t.Status },
        });
    }

    private static string[] Words<TEnum>() where TEnum : struct, Enum => [.. Enum.GetNames<TEnum>().Select(SnakeCase)];

    private static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
