using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Worker;

namespace PlatformWatch.Api.Endpoints;

/// <summary>
/// Ingest for producers that cannot speak AMQP: one event, or a batch, in the JSON of CONTRACTS.md
/// (each with its <c>type</c>), validated exactly like a line of an event file and published to the
/// bus. In a batch the valid events go on and each refused one is named by its index and field.
/// </summary>
internal static class IngestEndpoints
{
    public static void Map(RouteGroupBuilder api, ApiOptions options, BusOptions bus)
    {
        api.MapPost("/events", One).RequireAuthorization(Policies.RegulatorAnalyst)
            .WithMetadata(new BodyLimitMetadata(bus.MaxMessageBytes)).WithSummary("Ingest one event");
        api.MapPost("/events/batch", Batch).RequireAuthorization(Policies.RegulatorAnalyst)
            .WithMetadata(new BodyLimitMetadata(options.MaxBatchBodyBytes)).WithSummary("Ingest a JSON array of events");
    }

    private static async Task<IResult> One(HttpContext http, EventPublisher publisher, IngestGate gate)
    {
        if (!http.Request.HasJsonContentType())
        {
            return Problems.NotJson();
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var parsed = EventParser.Parse(buffer.ToArray(), refuseUnknownFields: true);
        if (!parsed.IsValid)
        {
            return Problems.Fields(parsed.Errors.GroupBy(e => e.Field ?? "body").ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToList(), StringComparer.Ordinal));
        }

        var caller = Caller.From(http.User);
        var check = await gate.CheckerAsync(caller, http.RequestAborted);
        if (check(parsed.Event!) is { } refusal)
        {
            return Problems.ForbiddenField(refusal.Field, refusal.Reason);
        }

        return await PublishAsync(publisher, caller, [parsed.Event!], new Rejections(), http.RequestAborted);
    }

    private static async Task<IResult> Batch(HttpContext http, EventPublisher publisher, IngestGate gate, IOptions<ApiOptions> options, IOptions<BusOptions> bus)
    {
        if (!http.Request.HasJsonContentType())
        {
            return Problems.NotJson();
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException e)
        {
            return Problems.Field("body", "not valid JSON: " + e.Message.Split(" Path:", 2)[0]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return Problems.Field("body", "must be a JSON array of events");
            }

            var count = document.RootElement.GetArrayLength();
            if (count > options.Value.MaxBatchEvents)
            {
                return Problems.Field("body", string.Create(CultureInfo.InvariantCulture, $"at most {options.Value.MaxBatchEvents} events per batch, got {count}"));
            }

            var caller = Caller.From(http.User);
            var check = await gate.CheckerAsync(caller, http.RequestAborted);
            var accepted = new List<IInboundEvent>();
            var rejected = new Rejections();
            var forbidden = 0;
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var raw = JsonSerializer.SerializeToUtf8Bytes(item);
                var parsed = raw.Length > bus.Value.MaxMessageBytes
                    ? new ParsedEvent(null, null, [new ContractError("body", string.Create(CultureInfo.InvariantCulture, $"the event is {raw.Length} bytes, over the limit of {bus.Value.MaxMessageBytes}"))])
                    : EventParser.Parse(raw, refuseUnknownFields: true);
                if (parsed.IsValid && check(parsed.Event!) is { } refusal)
                {
                    forbidden++;
                    parsed = new ParsedEvent(parsed.TypeName, null, [new ContractError(refusal.Field, refusal.Reason)]);
                }

                if (parsed.IsValid)
                {
                    accepted.Add(parsed.Event!);
                }
                else
                {
                    rejected.Add(index, item.ValueKind == JsonValueKind.Object && item.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null, parsed.Errors);
                }

                index++;
            }

            if (accepted.Count == 0 && forbidden > 0 && forbidden == rejected.Count)
            {
                return Results.Json(new JsonObject { ["accepted"] = 0, ["eventIds"] = new JsonArray(), ["rejected"] = rejected.Listed, ["moreRejected"] = rejected.More }, statusCode: StatusCodes.Status403Forbidden);
            }

            return await PublishAsync(publisher, caller, accepted, rejected, http.RequestAborted);
        }
    }

    private static async Task<IResult> PublishAsync(EventPublisher publisher, Caller caller, List<IInboundEvent> accepted, Rejections rejected, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["accepted"] = accepted.Count,
            ["eventIds"] = new JsonArray(accepted.Select(e => (JsonNode?)e.EventId).ToArray()),
            ["rejected"] = rejected.Listed,
            ["moreRejected"] = rejected.More,
        };
        if (accepted.Count == 0)
        {
            return Results.Json(body, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            await publisher.PublishAsync(accepted, caller.Submitter, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Problems.Unavailable("the events could not be queued; publish them again (the same event ids are processed once): " + e.Message);
        }

        return Results.Json(body, statusCode: StatusCodes.Status202Accepted);
    }

    // A batch's rejected events as its answer lists them: their errors in order, the first
    // Problems.MaxErrors of them (an event cut short says how many more it had); the rest counted.
    private sealed class Rejections
    {
        private int _room = Problems.MaxErrors;

        public JsonArray Listed { get; } = [];

        public int Count { get; private set; }

        public int More => Count - Listed.Count;

        public void Add(int index, string? eventId, IReadOnlyList<ContractError> errors)
        {
            Count++;
            if (_room == 0)
            {
                return;
            }

            var shown = errors.Take(_room).ToList();
            _room -= shown.Count;
            var item = new JsonObject
            {
                ["index"] = index,
                ["eventId"] = eventId,
                ["errors"] = new JsonArray(shown.Select(e => (JsonNode?)new JsonObject { ["field"] = e.Field ?? "body", ["reason"] = e.Reason }).ToArray()),
            };
            if (errors.Count > shown.Count)
            {
                item["more"] = errors.Count - shown.Count;
            }

            Listed.Add(item);
        }
    }
}
