using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Api.Http;

/// <summary>Who a subscription belongs to, for the bodies its deliveries carry (docs/notifications.md).</summary>
public enum DeliveryAudience
{
    /// <summary>A platform: only the kinds that concern it, each with a body picked field by field.</summary>
    Platform,

    /// <summary>A regulator or an authority: every kind, with the outbound message as the bus has it.</summary>
    Regulator,
}

/// <summary>
/// The webhook delivery bodies in the OpenAPI document: one component per kind and audience
/// (<c>PlatformNoticeIssuedDelivery</c>, <c>RegulatorCaseOpenedDelivery</c> …) with the envelope
/// (<c>id</c>, <c>type</c> fixed to the kind, <c>version</c>, <c>occurredAt</c>) and a <c>data</c> of its
/// own, none admitting a field it does not list; the callback's body is their <c>oneOf</c>, told apart
/// by <c>type</c>. One named class per kind is what client generators turn into types (NSwag ignores a
/// <c>oneOf</c> but writes every component; openapi-generator makes the discriminated union of them).
/// A platform's data are the fields named below of the outbound contract, declared apart from the
/// fan-out that picks them, so a test of real deliveries against them fails when the two part; a
/// regulator's are the outbound contracts whole.
/// </summary>
public static class DeliverySchemas
{
    // A platform's data: the named fields of the contract, as the fan-out picks them (docs/notifications.md's table),
    // written here apart from the fan-out so that a test of real deliveries fails when the two part.
    private static readonly Dictionary<string, (Type Contract, string[]? Fields)> ForPlatform = new(StringComparer.Ordinal)
    {
        [NotificationKinds.NoticeIssued] = (typeof(NoticeIssued), ["noticeId", "caseId", "platformId", "responseDueAt"]),
        [NotificationKinds.DecisionServed] = (typeof(DecisionServed), ["decisionId", "caseId", "platformId", "outcome", "fine", "servedAt"]),
        [NotificationKinds.ReportReceived] = (typeof(ReportReceived), ["reportId", "platformId", "jurisdiction", "reportType", "periodStart", "periodEnd", "submittedAt"]),
        [NotificationKinds.ReportOverdue] = (typeof(FindingRaised), ["findingId", "caseId", "platformId", "severity", "raisedAt"]),
        [NotificationKinds.DeadlineApproaching] = (typeof(DeadlineApproaching), ["deadline", "subjectId", "caseId", "platformId", "dueAt", "leadDays", "reportType"]),
    };

    // A regulator's data: the outbound message whole.
    private static readonly Dictionary<string, (Type Contract, string[]? Fields)> ForRegulator = new(StringComparer.Ordinal)
    {
        [NotificationKinds.CaseOpened] = (typeof(CaseOpened), null),
        [NotificationKinds.FindingRaised] = (typeof(FindingRaised), null),
        [NotificationKinds.FindingWithdrawn] = (typeof(FindingWithdrawn), null),
        [NotificationKinds.NoticeIssued] = (typeof(NoticeIssued), null),
        [NotificationKinds.AnswerReceived] = (typeof(AnswerReceived), null),
        [NotificationKinds.ReportReceived] = (typeof(ReportReceived), null),
        [NotificationKinds.ReportOverdue] = (typeof(FindingRaised), null),
        [NotificationKinds.DecisionAwaitingApproval] = (typeof(DecisionSubmitted), null),
        [NotificationKinds.DecisionServed] = (typeof(DecisionServed), null),
        [NotificationKinds.DeadlineApproaching] = (typeof(DeadlineApproaching), null),
    };

    /// <summary>The name of the component of a kind's delivery to an audience, e.g. <c>PlatformNoticeIssuedDelivery</c>.</summary>
    public static string ComponentOf(DeliveryAudience audience, string kind) => $"{audience}{Pascal(kind)}Delivery";

    /// <summary>The body of the callback: one of the audience's deliveries, by <c>type</c>; their components added to the document.</summary>
    public static async Task<IOpenApiSchema> BodyAsync(DeliveryAudience audience, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var document = context.Document!;
        var kinds = audience == DeliveryAudience.Platform ? ForPlatform : ForRegulator;
        var body = new OpenApiSchema
        {
            OneOf = [],
            Discriminator = new OpenApiDiscriminator { PropertyName = "type", Mapping = new Dictionary<string, OpenApiSchemaReference>(StringComparer.Ordinal) },
        };
        foreach (var kind in NotificationKinds.All.Where(kinds.ContainsKey))
        {
            var name = ComponentOf(audience, kind);
            var dataName = $"{audience}{Pascal(kind)}Data";
            document.AddComponent<IOpenApiSchema>(dataName, await DataAsync(audience, kind, kinds[kind], context, ct).ConfigureAwait(false));
            document.AddComponent<IOpenApiSchema>(name, Envelope(kind, new OpenApiSchemaReference(dataName, document)));
            body.OneOf.Add(new OpenApiSchemaReference(name, document));
            body.Discriminator.Mapping[kind] = new OpenApiSchemaReference(name, document);
        }

        return body;
    }

    // The envelope every delivery has, its type fixed to the kind.
    private static OpenApiSchema Envelope(string kind, IOpenApiSchema data) => new()
    {
        Type = JsonSchemaType.Object,
        // Open to fields it does not list: within a version fields may be added, and a receiver ignores those it does not know.
        Description = $"A {kind} delivery (version {NotificationFanOut.BodyVersion}); fields may be added within a version: ignore those you do not know",
        Required = new HashSet<string>(StringComparer.Ordinal) { "id", "type", "version", "occurredAt", "data" },
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The delivery id, as in PlatformWatch-Id: the same at every attempt" },
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(kind)], Description = "The event kind" },
            ["version"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Enum = [JsonValue.Create(NotificationFanOut.BodyVersion)], Description = "The body's version: a change that is not an addition makes a new one" },
            ["occurredAt"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "When the change was written (UTC, to the millisecond)" },
            ["data"] = data,
        },
    };

    // A kind's data for an audience: the generated schema of its contract (the named fields only), open to additions.
    private static async Task<IOpenApiSchema> DataAsync(DeliveryAudience audience, string kind, (Type Contract, string[]? Fields) of, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var generated = Exact(await context.GetOrCreateSchemaAsync(of.Contract, null, ct).ConfigureAwait(false), of.Contract, depth: 0);
        var data = (OpenApiSchema)generated.CreateShallowCopy();
        data.Description = null;
        var wanted = of.Fields ?? [.. generated.Properties?.Keys ?? []];
        data.Properties = (generated.Properties ?? new Dictionary<string, IOpenApiSchema>()).Where(p => wanted.Contains(p.Key, StringComparer.Ordinal)).ToDictionary(StringComparer.Ordinal);
        data.Required = new HashSet<string>((generated.Required ?? new HashSet<string>()).Where(data.Properties.ContainsKey), StringComparer.Ordinal);
        if (audience == DeliveryAudience.Platform && kind == NotificationKinds.ReportOverdue)
        {
            // Each reporting obligation missed, as the finding measured it.
            data.Properties["overdue"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = await context.GetOrCreateSchemaAsync(typeof(PlatformOverdueReport), null, ct).ConfigureAwait(false) };
            data.Required.Add("overdue");
        }

        if (audience == DeliveryAudience.Regulator && kind == NotificationKinds.CaseOpened)
        {
            // The fan-out adds the case's severity at the time (a subscription names the lowest it wants).
            data.Properties["severity"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. WireNames.Names<Severity>().Select(n => (JsonNode)JsonValue.Create(n))] };
            data.Required.Add("severity");
        }

        return data;
    }

    // The generator leaves an object the contracts write as null when absent (DecisionServed's fine, a citation's zh) not
    // nullable, and calls a decimal a double: a copy of the schema, as ContractJson writes the type, with both said.
    private static IOpenApiSchema Exact(IOpenApiSchema schema, Type type, int depth)
    {
        if (schema is OpenApiSchemaReference || schema.Properties is not { Count: > 0 } properties || depth > 4)
        {
            return schema;
        }

        var copy = (OpenApiSchema)schema.CreateShallowCopy();
        copy.Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var (name, property) in properties)
        {
            var info = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            copy.Properties[name] = info is null ? property : ExactProperty(property, info, depth);
        }

        return copy;
    }

    private static IOpenApiSchema ExactProperty(IOpenApiSchema property, PropertyInfo info, int depth)
    {
        var clr = Nullable.GetUnderlyingType(info.PropertyType) ?? info.PropertyType;
        if (clr == typeof(decimal))
        {
            var exact = (OpenApiSchema)property.CreateShallowCopy();
            exact.Format = "decimal";
            return exact;
        }

        if (clr.IsValueType || clr == typeof(string) || clr == typeof(System.Text.Json.JsonElement))
        {
            return property;
        }

        if (clr.IsGenericType && clr.GetGenericArguments() is [var element] && property.Items is { } items)
        {
            var list = (OpenApiSchema)property.CreateShallowCopy();
            list.Items = Exact(items, element, depth + 1);
            return list;
        }

        var inner = Exact(property, clr, depth + 1);
        if (Nullability.Create(info).ReadState != NullabilityState.Nullable || inner is OpenApiSchemaReference)
        {
            return inner;
        }

        var nullable = (OpenApiSchema)inner.CreateShallowCopy();
        nullable.Type |= JsonSchemaType.Null;
        return nullable;
    }

    private static readonly NullabilityInfoContext Nullability = new();

    private static string Pascal(string kind) => string.Concat(kind.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}

/// <summary>A reporting obligation missed, in a platform's <c>report-overdue</c>: its id, the report type and the due date.</summary>
public sealed record PlatformOverdueReport
{
    /// <summary>The obligation.</summary>
    public required string ObligationId { get; init; }
    /// <summary>The report type due.</summary>
    public required ReportType ReportType { get; init; }
    /// <summary>The day it was due.</summary>
    public required DateOnly DueDate { get; init; }
}
