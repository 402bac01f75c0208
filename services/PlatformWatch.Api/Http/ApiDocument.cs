using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using PlatformWatch.Api.Security;
using PlatformWatch.Contracts.Wire;
using Scalar.AspNetCore;

namespace PlatformWatch.Api.Http;

/// <summary>A query parameter an endpoint reads through <see cref="Query"/>, for the OpenAPI document.</summary>
public sealed record QueryParameter(string Name, JsonSchemaType Type, string? Format = null);

/// <summary>The query parameters an endpoint reads (the endpoint reads them by hand, so the document is told).</summary>
public sealed record QueryParametersMetadata(IReadOnlyList<QueryParameter> Parameters);

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>: every operation under <c>/api/v1</c> with its
/// operationId, request and response schemas and problem responses (declared where it is mapped),
/// the query parameters it reads, and the credentials it takes. OpenAPI 3.0, which client
/// generators (NSwag among them) read.
/// </summary>
public static class ApiDocument
{
    /// <summary>The security scheme of an API key (<c>X-Api-Key</c>, or <c>Authorization: ApiKey …</c>).</summary>
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>The security scheme of a bearer token from the regulator's identity provider (when <c>Auth:Jwt</c> is set).</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>Registers the document; <paramref name="bearer"/>: bearer tokens are configured.</summary>
    public static IServiceCollection AddApiDocument(this IServiceCollection services, bool bearer) => services.AddOpenApi("v1", o =>
    {
        o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "PlatformWatch API",
                Version = "v1",
                Description = "Cases, findings, notices and reports of the platform-regulation service. Errors are application/problem+json.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "A PlatformWatch key (platformwatch keys create): X-Api-Key: pw_…, or Authorization: ApiKey pw_…",
            };
            if (bearer)
            {
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A token of the regulator's OpenID Connect provider with the PlatformWatch role claims",
                };
            }

            return Task.CompletedTask;
        });
        o.AddSchemaTransformer((schema, context, _) =>
        {
            // The contracts' own converters (kebab-case enums, offset timestamps) hide the JSON type from the generator.
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type.IsEnum && schema.Type is null)
            {
                schema.Type = JsonSchemaType.String;
                schema.Enum = [.. WireNameList(type).Select(n => (JsonNode)JsonValue.Create(n))];
            }
            else if (type == typeof(DateTimeOffset) && schema.Type is null)
            {
                schema.Type = JsonSchemaType.String;
                schema.Format = "date-time";
            }

            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
                    .. bearer ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }] : Array.Empty<OpenApiSecurityRequirement>(),
                ];
            }
            else if (metadata.OfType<IAllowAnonymous>().Any())
            {
                // Open to anyone (the public register): an empty requirement says no credential is needed.
                operation.Security = [new OpenApiSecurityRequirement()];
            }

            foreach (var parameter in metadata.OfType<QueryParametersMetadata>().SelectMany(m => m.Parameters))
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Required = false,
                    Schema = new OpenApiSchema { Type = parameter.Type, Format = parameter.Format },
                });
            }

            return Task.CompletedTask;
        });
    });

    /// <summary>Where the interactive reference is served.</summary>
    public const string ReferencePath = "/reference";

    /// <summary>
    /// The interactive reference (Scalar) of the document, for signed-in regulators: its script is
    /// the package's own copy, served from here, and it calls nothing outside (no fonts, no telemetry).
    /// </summary>
    public static void MapApiReference(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapScalarApiReference(ReferencePath, o =>
        {
            o.Title = "PlatformWatch API reference";
            o.OpenApiRoutePattern = "/openapi/{documentName}.json";
            o.AddDocument("v1");
            o.DefaultFonts = false;
            o.Telemetry = false;
            o.Agent = new ScalarAgentOptions { Disabled = true };
            o.HideClientButton = true;
            o.AddPreferredSecuritySchemes(ApiKeyScheme);
        }).RequireAuthorization(Policies.RegulatorRead);
    }

    private static IEnumerable<string> WireNameList(Type enumType) =>
        (IEnumerable<string>)typeof(WireNames).GetMethod(nameof(WireNames.Names))!.MakeGenericMethod(enumType).Invoke(null, null)!;
}

/// <summary>How an endpoint declares itself in the OpenAPI document.</summary>
public static class OperationMetadata
{
    /// <summary>Its operationId, tag and summary, and its success response.</summary>
    public static RouteHandlerBuilder Declares<TResponse>(this RouteHandlerBuilder builder, string operationId, string tag, string summary, int status = StatusCodes.Status200OK) =>
        builder.WithName(operationId).WithTags(tag).WithSummary(summary).Produces<TResponse>(status);

    /// <summary>A JSON body of <typeparamref name="TRequest"/>, and the refusals of a body: 400 (each field named), 413, 415.</summary>
    public static RouteHandlerBuilder Takes<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull =>
        builder.Accepts<TRequest>("application/json").ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>The query parameters it reads (text unless typed, e.g. <c>page:integer</c>, <c>unassigned:boolean</c>, <c>from:date</c>), and 400 for a refused or unknown one.</summary>
    public static RouteHandlerBuilder Reads(this RouteHandlerBuilder builder, params string[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var declared = parameters.Select(p => p.Split(':', 2) switch
        {
            [var name, "integer"] => new QueryParameter(name, JsonSchemaType.Integer, "int32"),
            [var name, "boolean"] => new QueryParameter(name, JsonSchemaType.Boolean),
            [var name, "date"] => new QueryParameter(name, JsonSchemaType.String, "date"),
            [var name] => new QueryParameter(name, JsonSchemaType.String),
            _ => throw new ArgumentException($"unknown parameter type in '{p}'", nameof(parameters)),
        }).ToList();
        return builder.WithMetadata(new QueryParametersMetadata(declared)).ProducesValidationProblem();
    }

    /// <summary>A second form of its 200 answer, e.g. <c>text/csv</c>, as text.</summary>
    public static RouteHandlerBuilder AlsoAnswers(this RouteHandlerBuilder builder, string mediaType) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses?[StatusCodes.Status200OK.ToString(CultureInfo.InvariantCulture)]?.Content?.Add(mediaType, new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
            return Task.CompletedTask;
        });

    /// <summary>Its 200 answer is a file (an attachment of one of <paramref name="mediaTypes"/>), not JSON.</summary>
    public static RouteHandlerBuilder AnswersFile(this RouteHandlerBuilder builder, params string[] mediaTypes) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
            foreach (var mediaType in mediaTypes)
            {
                content[mediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            }

            operation.Responses ??= [];
            operation.Responses[StatusCodes.Status200OK.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse { Description = "The file, as an attachment", Content = content };
            return Task.CompletedTask;
        });

    /// <summary>
    /// The webhook deliveries a subscription made by this operation receives, as an OpenAPI callback:
    /// a POST of one of the <paramref name="audience"/>'s bodies (<see cref="DeliverySchemas"/>) to the
    /// subscription's <c>target</c>, signed in the <c>PlatformWatch-Id</c>, <c>-Timestamp</c> and
    /// <c>-Signature</c> headers (docs/notifications.md).
    /// </summary>
    public static RouteHandlerBuilder CallsBack(this RouteHandlerBuilder builder, DeliveryAudience audience, string summary) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var schema = await DeliverySchemas.BodyAsync(audience, context, ct).ConfigureAwait(false);
            static OpenApiParameter Header(string name, string description) =>
                new() { Name = name, In = ParameterLocation.Header, Required = true, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            var delivery = new OpenApiOperation
            {
                Summary = summary,
                Parameters =
                [
                    Header("PlatformWatch-Id", "The delivery id: the same at every attempt; deduplicate by it"),
                    Header("PlatformWatch-Timestamp", "When it was signed, in Unix seconds; refuse one more than 5 minutes from your clock"),
                    Header("PlatformWatch-Signature", "v1=HEX: lowercase hex of HMAC-SHA256 with the subscription's secret over TIMESTAMP.BODY; during a secret's rotation two, space-separated"),
                ],
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new OpenApiMediaType { Schema = schema } },
                },
                Responses = new OpenApiResponses
                {
                    ["2XX"] = new OpenApiResponse { Description = "Taken. Any other answer, or none within Notifications:SendTimeout, is retried for 24 hours, then the delivery is parked" },
                },
            };
            var callback = new OpenApiCallback();
            callback.AddPathItem(RuntimeExpression.Build("{$request.body#/target}"), new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = delivery },
            });
            operation.Callbacks ??= new Dictionary<string, IOpenApiCallback>(StringComparer.Ordinal);
            operation.Callbacks["delivery"] = callback;
        });

    /// <summary>Problem responses it may answer besides those every operation may (401, 403, 429).</summary>
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder builder, params int[] statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            builder = status == StatusCodes.Status400BadRequest ? builder.ProducesValidationProblem() : builder.ProducesProblem(status);
        }

        return builder;
    }

    /// <summary>What every operation under /api/v1 may answer: no or a bad credential (401), not allowed (403), too many requests (429).</summary>
    public static RouteGroupBuilder RefusesCallers(this RouteGroupBuilder group) =>
        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
}
