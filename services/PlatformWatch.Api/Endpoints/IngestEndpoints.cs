using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Hosting;
using PlatformWatch.Api.Ui;

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
        const string Tag = "Events";
        api.MapPost("/events", One).RequireAuthorization(Policies.RegulatorAnalyst).WithMetadata(new BodyLimitMetadata(bus.MaxMessageBytes))
            .Declares<IngestResult>("ingestEvent", Tag, "Ingest one event", StatusCodes.Status202Accepted).Takes<InboundEventBody>().Refuses(503);
        api.MapPost("/events/batch", Batch).RequireAuthorization(Policies.RegulatorAnalyst).WithMetadata(new BodyLimitMetadata(options.MaxBatchBodyBytes))
            .Declares<IngestResult>("ingestEvents", Tag, "Ingest a JSON array of events (when every event is refused: 400, or 403 when none may be sent by the caller, with this same body)", StatusCodes.Status202Accepted)
            .Takes<IReadOnlyList<InboundEventBody>>().Refuses(503);
    }

    private static async Task<IResult> One(HttpContext http, EventPublisher publisher, IngestService ingest)
    {
        if (!http.Request.HasJsonContentType())
        {
            return Problems.NotJson();
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var parsed = EventParser.Parse(buffer.ToArray());
        if (!parsed.IsValid)
        {
            return Problems.Fields(parsed.Errors.GroupBy(e => e.Field ?? "body").ToDictionary(g => g.Key, g => g.Select(ProblemText.Reason).ToList(), StringComparer.Ordinal));
        }

        var caller = Caller.From(http.User);
        var check = await ingest.CheckerAsync(caller.AsActor(), http.RequestAborted);
        if (check(parsed.Event!) is { } refusal)
        {
            return Problems.ForbiddenField(refusal.Field, refusal.Reason);
        }

        return await PublishAsync(publisher, caller, [parsed.Event!], new Rejections(), http.RequestAborted);
    }

    private static async Task<IResult> Batch(HttpContext http, EventPublisher publisher, IngestService ingest, IOptions<ApiOptions> options, IOptions<BusOptions> bus)
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
            return Problems.Field("body", DisplayText.Format("api.notJsonEvents", e.Message.Split(" Path:", 2)[0]));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return Problems.Field("body", DisplayText.Get("api.eventArray"));
            }

            var count = document.RootElement.GetArrayLength();
            if (count > options.Value.MaxBatchEvents)
            {
                return Problems.Field("body", DisplayText.Format("api.batchSize", options.Value.MaxBatchEvents, count));
            }

            var caller = Caller.From(http.User);
            var check = await ingest.CheckerAsync(caller.AsActor(), http.RequestAborted);
            var accepted = new List<IInboundEvent>();
            var rejected = new Rejections();
            var forbidden = 0;
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var raw = JsonSerializer.SerializeToUtf8Bytes(item);
                var parsed = raw.Length > bus.Value.MaxMessageBytes
                    ? new ParsedEvent(null, null, [new ContractError("body", DisplayText.Format("api.eventTooLarge", raw.Length, bus.Value.MaxMessageBytes))])
                    : EventParser.Parse(raw);
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
                return TypedResults.Json(new IngestResult(0, [], rejected.Listed, rejected.More), statusCode: StatusCodes.Status403Forbidden);
            }

            return await PublishAsync(publisher, caller, accepted, rejected, http.RequestAborted);
        }
    }

    private static async Task<IResult> PublishAsync(EventPublisher publisher, Caller caller, List<IInboundEvent> accepted, Rejections rejected, CancellationToken cancellationToken)
    {
        var body = new IngestResult(accepted.Count, [.. accepted.Select(e => e.EventId)], rejected.Listed, rejected.More);
        if (accepted.Count == 0)
        {
            return TypedResults.Json(body, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            await publisher.PublishAsync(accepted, caller.Submitter, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Problems.Unavailable(DisplayText.Format("api.eventsNotQueued", e.Message));
        }

        return TypedResults.Json(body, statusCode: StatusCodes.Status202Accepted);
    }

    // A batch's rejected events as its answer lists them: their errors in order, the first
    // Problems.MaxErrors of them (an event cut short says how many more it had); the rest counted.
    private sealed class Rejections
    {
        private int _room = Problems.MaxErrors;

        public List<RejectedEvent> Listed { get; } = [];

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
            Listed.Add(new RejectedEvent(index, eventId, [.. shown.Select(e => new FieldError(e.Field ?? "body", ProblemText.Reason(e)))], errors.Count > shown.Count ? errors.Count - shown.Count : null));
        }
    }
}

/// <summary>
/// What an ingest did: how many events were accepted and their ids, and each refused one with its
/// reasons (the first <see cref="Problems.MaxErrors"/> errors listed; the refused events not listed
/// counted in <paramref name="MoreRejected"/>).
/// </summary>
internal sealed record IngestResult(int Accepted, IReadOnlyList<string> EventIds, IReadOnlyList<RejectedEvent> Rejected, int MoreRejected);

/// <summary>A refused event of a batch: its index, its id if it had one, each field's reason, and how many more errors it had than are listed (absent when none).</summary>
internal sealed record RejectedEvent(int Index, string? EventId, IReadOnlyList<FieldError> Errors, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? More = null);

/// <summary>A field and the reason it was refused.</summary>
internal sealed record FieldError(string Field, string Reason);

/// <summary>
/// An event in the JSON of CONTRACTS.md, for the document: <c>type</c> names its contract (e.g.
/// <c>MarketShareReported</c>), whose other fields the event carries beside the common ones.
/// </summary>
internal sealed record InboundEventBody(string Type, string EventId, DateTimeOffset OccurredAt, string Source)
{
    /// <summary>The contract's own fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Fields { get; init; }
}
