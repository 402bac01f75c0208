using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Store;
using PlatformWatch.Api.Ui;

namespace PlatformWatch.Api.Endpoints;

/// <summary>
/// What a platform does: file self-regulation reports, read the notices addressed to it and answer
/// them. The platform is always the credential's; anything of another platform is answered 404,
/// exactly as if it did not exist.
/// </summary>
internal static class PlatformEndpoints
{
    private static readonly HashSet<string> ServerOwned = new(StringComparer.Ordinal)
    {
        "eventId", "occurredAt", "source", "submittedAt", "type", "noticeId", "responseId", "submittedBy", "status",
    };

    public static void Map(RouteGroupBuilder api)
    {
        const string Tag = "Platform";
        var platform = api.MapGroup("/platform").RequireAuthorization(Policies.Platform);
        platform.MapPost("/reports", FileReport)
            .Declares<ReportReceipt>("fileReport", Tag, "File a self-regulation report (validated like any event; 202 with the report id)", StatusCodes.Status202Accepted)
            .Takes<ReportRequest>().Refuses(503);
        platform.MapGet("/reports", ListReports)
            .Declares<ItemList<PlatformReportView>>("listPlatformReports", Tag, "The platform's own reports, as processed");
        platform.MapGet("/notices", ListNotices)
            .Declares<ItemList<NoticeView>>("listPlatformNotices", Tag, "The notices addressed to the platform");
        platform.MapGet("/notices/{noticeId}", GetNotice)
            .Declares<PlatformNoticeView>("getPlatformNotice", Tag, "A notice: the findings it concerns, the comments shared with the platform, the answers").Refuses(404);
        platform.MapPost("/notices/{noticeId}/responses", Answer)
            .Declares<NoticeAnswer>("answerNotice", Tag, "Answer a notice before its deadline", StatusCodes.Status201Created).Takes<AnswerRequest>().Refuses(404, 409);
    }

    private static async Task<IResult> FileReport(HttpContext http, EventPublisher publisher, IngestService ingest, TimeProvider clock)
    {
        var caller = Caller.From(http.User);
        var (sourceId, refusal) = await ingest.PlatformSourceAsync(caller.AsActor(), http.RequestAborted);
        if (refusal is not null)
        {
            return Problems.ForbiddenField(refusal.Field, refusal.Reason);
        }

        JsonObject body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonObject>(http.Request.Body, RequestBody.Strict, http.RequestAborted)
                ?? throw new ContractJsonException("required");
        }
        catch (JsonException e)
        {
            return RequestBody.FromJson(e, RequestBody.Strict.GetTypeInfo(typeof(JsonObject)));
        }

        var draft = PrepareReport(body, caller, clock.GetUtcNow(), sourceId);
        if (draft.Problem is { } refused)
        {
            return refused;
        }

        if (draft.Errors.Count > 0)
        {
            return Problems.Fields(draft.Errors);
        }

        try
        {
            await publisher.PublishAsync([draft.Event!], caller.Submitter, http.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Problems.Unavailable(DisplayText.Format("api.reportNotQueued", e.Message));
        }

        var report = (SelfRegulationReportSubmitted)draft.Event!;
        return TypedResults.Accepted(
            $"/api/v1/platform/reports/{Uri.EscapeDataString(report.ReportId)}",
            new ReportReceipt(report.ReportId, report.EventId, Views.Time(report.SubmittedAt), "accepted"));
    }

    /// <summary>
    /// A report as the platform sent it, completed with what the server owns (type, platform, event
    /// id, times, source: the platform's registered source, <paramref name="sourceId"/>, once a source
    /// registry is set) and validated like any event; the API and the portal both file through it.
    /// </summary>
    public static ReportDraft PrepareReport(JsonObject body, Caller caller, DateTimeOffset now, string? sourceId = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(caller);

        // The platform is the credential's: a body naming another one is refused, not corrected.
        if (body["platformId"] is { } named && (named.GetValueKind() != JsonValueKind.String || named.GetValue<string>() != caller.PlatformId))
        {
            return new ReportDraft(null, [], Problems.Forbidden(Problems.FieldReason("platformId", DisplayText.Format("api.ownPlatform", caller.PlatformId))));
        }

        foreach (var field in body.Select(p => p.Key).Where(ServerOwned.Contains))
        {
            return new ReportDraft(null, new(StringComparer.Ordinal) { [field] = ["set by the server, not by the caller"] }, null);
        }

        var reportId = body["reportId"]?.GetValueKind() == JsonValueKind.String ? body["reportId"]!.GetValue<string>() : "";
        body["type"] = nameof(SelfRegulationReportSubmitted);
        body["platformId"] = caller.PlatformId;
        body["eventId"] = $"report:{caller.PlatformId}:{reportId}";
        body["occurredAt"] = now.ToString("O", CultureInfo.InvariantCulture);
        body["submittedAt"] = now.ToString("O", CultureInfo.InvariantCulture);
        body["source"] = sourceId ?? "api:" + caller.Actor;
        var parsed = EventParser.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()), refuseUnknownFields: true);
        return parsed.IsValid
            ? new ReportDraft(parsed.Event, [], null)
            : new ReportDraft(null, parsed.Errors.GroupBy(e => e.Field ?? "body").ToDictionary(g => g.Key, g => g.Select(ProblemText.Reason).ToList(), StringComparer.Ordinal), null);
    }

    private static async Task<IResult> ListReports(HttpContext http, PlatformService platforms)
    {
        var reports = await platforms.ListReportsAsync(Caller.From(http.User).AsActor(), http.RequestAborted);
        return Problems.Of(reports, r => TypedResults.Ok(new ItemList<PlatformReportView>(r.Select(e => new PlatformReportView(e.EventId, e.Source, JsonNode.Parse(e.Payload))).ToList())));
    }

    private static async Task<IResult> ListNotices(HttpContext http, PlatformService platforms)
    {
        var notices = await platforms.ListNoticesAsync(Caller.From(http.User).AsActor(), http.RequestAborted);
        return Problems.Of(notices, n => TypedResults.Ok(new ItemList<NoticeView>(n.Select(x => Views.Notice(new NoticeDetail(x, []), includeIssuer: false)).ToList())));
    }

    private static async Task<IResult> GetNotice(string noticeId, HttpContext http, PlatformService platforms)
    {
        // Only what the notice told the platform: the findings it names, the comments shared with it.
        var notice = await platforms.ReadNoticeAsync(Caller.From(http.User).AsActor(), noticeId, http.RequestAborted);
        return Problems.Of(notice, n => TypedResults.Ok(new PlatformNoticeView(Views.Notice(n.Detail, includeIssuer: false))
        {
            Findings = n.Findings.Select(Views.Notified).ToList(),
            SharedComments = n.SharedComments.Select(c => new SharedComment(c.Body, Views.Time(c.CreatedAt))).ToList(),
        }));
    }

    private static async Task<IResult> Answer(string noticeId, HttpContext http, PlatformService platforms)
    {
        var (body, problem) = await RequestBody.ReadAsync<AnswerRequest>(http.Request, ServerOwned);
        if (body is null)
        {
            return problem!;
        }

        var answered = await platforms.AnswerNoticeAsync(Caller.From(http.User).AsActor(), noticeId, body.Text, body.DocumentsMeta(), body.BusinessSecret ?? false, http.RequestAborted);
        return Problems.Of(answered, r => TypedResults.Created($"/api/v1/platform/notices/{noticeId}", Views.Response(r)));
    }

    internal sealed record DocumentRequest(string Name, string MediaType, long SizeBytes, string Sha256);

    internal sealed record AnswerRequest(string Text, IReadOnlyList<DocumentRequest?>? Documents = null, bool? BusinessSecret = null) : IValidatedBody
    {
        /// <summary>The documents' metadata as the store keeps it.</summary>
        public List<DocumentMeta> DocumentsMeta() =>
            (Documents ?? []).OfType<DocumentRequest>().Select(d => new DocumentMeta { Name = d.Name, MediaType = d.MediaType, SizeBytes = d.SizeBytes, Sha256 = d.Sha256 }).ToList();

        public void Validate(Dictionary<string, List<string>> errors)
        {
            Require.NotBlank(errors, "text", Text, 50_000);
            var documents = Documents ?? [];
            if (documents.Count > 20)
            {
                Require.Add(errors, "documents", DisplayText.Format("api.documentCount", 20));
            }

            for (var i = 0; i < documents.Count; i++)
            {
                var d = documents[i];
                var at = string.Create(CultureInfo.InvariantCulture, $"documents[{i}]");
                if (d is null)
                {
                    Require.Add(errors, at, DisplayText.Get("api.notNull"));
                    continue;
                }

                Require.NotBlank(errors, at + ".name", d.Name, 300);
                Require.NotBlank(errors, at + ".mediaType", d.MediaType, 200);
                if (d.SizeBytes < 0)
                {
                    Require.Add(errors, at + ".sizeBytes", DisplayText.Get("api.notNegative"));
                }

                if (d.Sha256 is not { Length: 64 } || !d.Sha256.All(Uri.IsHexDigit))
                {
                    Require.Add(errors, at + ".sha256", DisplayText.Get("api.sha256"));
                }
            }
        }
    }
}

/// <summary>
/// A self-regulation report as a platform files it, for the document: the server sets the type, the
/// event id, the times and the source; <c>platformId</c>, if given, must be the caller's own.
/// </summary>
internal sealed record ReportRequest(
    string ReportId, string Jurisdiction, ReportType ReportType, DateOnly PeriodStart, DateOnly PeriodEnd,
    IReadOnlyDictionary<string, string>? Sections = null, IReadOnlyList<ReportClaim>? Claims = null,
    IReadOnlyList<string>? BusinessSecretSections = null, string? PlatformId = null);

/// <summary>A report accepted for processing.</summary>
internal sealed record ReportReceipt(string ReportId, string EventId, string SubmittedAt, string Status);

/// <summary>One of the platform's reports as processed: the event id, the source it came through and the report.</summary>
internal sealed record PlatformReportView(string EventId, string ReceivedFrom, JsonNode? Report);

/// <summary>A notice as its platform sees it: the findings it names, the comments shared with the platform.</summary>
internal sealed record PlatformNoticeView : NoticeView
{
    public PlatformNoticeView(NoticeView notice)
        : base(notice)
    {
    }

    public required IReadOnlyList<NotifiedFinding> Findings { get; init; }

    public required IReadOnlyList<SharedComment> SharedComments { get; init; }
}

/// <summary>A comment the regulator shared with the platform.</summary>
internal sealed record SharedComment(string Body, string CreatedAt);

/// <summary>A report ready to publish, or why it is refused: field errors, or a problem (another platform).</summary>
internal sealed record ReportDraft(IInboundEvent? Event, Dictionary<string, List<string>> Errors, IResult? Problem);

