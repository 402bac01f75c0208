using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;
using PlatformWatch.Store;
using PlatformWatch.Api.Ui;

namespace PlatformWatch.Api.Endpoints;

/// <summary>
/// Documents with their content (issue 18, item 3): uploaded as JSON with the content in base64
/// (the API's body filter reads every body as JSON, so no multipart here; the pages take files as
/// multipart forms), listed, and downloaded as attachments with the detected type and
/// <c>nosniff</c>. A stored file whose SHA-256 no longer matches is answered 409 and logged.
/// </summary>
internal static partial class DocumentEndpoints
{
    public static void Map(RouteGroupBuilder api, long maxDocumentBytes)
    {
        const string Tag = "Documents";
        // Base64 takes four characters for three bytes; the rest of the body is small.
        var bodyLimit = new BodyLimitMetadata((maxDocumentBytes + 2) / 3 * 4 + 64 * 1024);
        api.MapPost("/cases/{caseId}/notices/{noticeId}/documents", AttachToNotice).RequireAuthorization(Policies.RegulatorSupervisor).WithMetadata(bodyLimit)
            .Declares<DocumentView>("attachNoticeDocument", Tag, "Attach a file to a notice of a case the authority works", StatusCodes.Status201Created)
            .Takes<NoticeDocumentUpload>().Refuses(404, 409);
        api.MapGet("/cases/{caseId}/documents", ListOfCase).RequireAuthorization(Policies.RegulatorRead)
            .Declares<ItemList<DocumentView>>("listCaseDocuments", Tag, "The documents of a case: its notices', its answers' and its reports'").Refuses(404);
        api.MapPost("/platform/notices/{noticeId}/responses/{responseId}/documents", AttachToResponse).RequireAuthorization(Policies.Platform).WithMetadata(bodyLimit)
            .Declares<DocumentView>("attachAnswerDocument", Tag, "Attach a file to the platform's answer to a notice", StatusCodes.Status201Created)
            .Takes<PlatformDocumentUpload>().Refuses(404, 409);
        api.MapPost("/platform/reports/{reportId}/documents", AttachToReport).RequireAuthorization(Policies.Platform).WithMetadata(bodyLimit)
            .Declares<DocumentView>("attachReportDocument", Tag, "Attach a file to one of the platform's reports (once processed)", StatusCodes.Status201Created)
            .Takes<PlatformDocumentUpload>().Refuses(404, 409);
        api.MapGet("/platform/documents", ListOfPlatform).RequireAuthorization(Policies.Platform)
            .Declares<ItemList<DocumentView>>("listPlatformDocuments", Tag, "The platform's documents: those it attached and those of the notices addressed to it");
        api.MapGet("/documents/{documentId}", Download).RequireAuthorization(Policies.AnyCaller)
            .WithName("downloadDocument").WithTags(Tag).WithSummary("Download a document as an attachment (its SHA-256 checked; 409 when the stored file was changed)")
            .AnswersFile([.. DocumentTypes.Allowed.Select(t => t.MediaType.Split(';')[0]).Distinct()]).Refuses(404, 409);
    }

    private static async Task<IResult> AttachToNotice(string caseId, string noticeId, HttpContext http, DocumentService documents)
    {
        var (body, content, problem) = await ReadAsync<NoticeDocumentUpload>(http, documents);
        return problem ?? Created(await documents.AttachToNoticeAsync(Caller.From(http.User).AsActor(), caseId, noticeId, body!.Name, content!, http.RequestAborted));
    }

    private static async Task<IResult> AttachToResponse(string noticeId, string responseId, HttpContext http, DocumentService documents)
    {
        var (body, content, problem) = await ReadAsync<PlatformDocumentUpload>(http, documents);
        return problem ?? Created(await documents.AttachToResponseAsync(Caller.From(http.User).AsActor(), noticeId, responseId, body!.Name, content!, body.BusinessSecret ?? false, http.RequestAborted));
    }

    private static async Task<IResult> AttachToReport(string reportId, HttpContext http, DocumentService documents)
    {
        var (body, content, problem) = await ReadAsync<PlatformDocumentUpload>(http, documents);
        return problem ?? Created(await documents.AttachToReportAsync(Caller.From(http.User).AsActor(), reportId, body!.Name, content!, body.BusinessSecret ?? false, http.RequestAborted));
    }

    private static async Task<IResult> ListOfCase(string caseId, HttpContext http, DocumentService documents) =>
        Problems.Of(await documents.ListOfCaseAsync(Caller.From(http.User).AsActor(), caseId, http.RequestAborted),
            found => TypedResults.Ok(new ItemList<DocumentView>(found.Select(d => View(d.Document, d.Withheld)).ToList())));

    private static async Task<IResult> ListOfPlatform(HttpContext http, DocumentService documents) =>
        Problems.Of(await documents.ListOfPlatformAsync(Caller.From(http.User).AsActor(), http.RequestAborted),
            found => TypedResults.Ok(new ItemList<DocumentView>(found.Select(d => View(d, withheld: false) with { UploadedBy = null }).ToList())));

    private static async Task<IResult> Download(string documentId, HttpContext http, DocumentService documents, ILoggerFactory logs)
    {
        var actor = Caller.From(http.User).AsActor();
        var outcome = await documents.DownloadAsync(actor, documentId, http.RequestAborted);
        if (outcome.Kind == OutcomeKind.Conflict)
        {
            Log.Tampered(logs.CreateLogger(typeof(DocumentEndpoints).FullName!), documentId, actor.Name, outcome.Logged);
        }

        return Problems.Of(outcome, found => Attachment(http.Response, found));
    }

    /// <summary>A document's content as an attachment (<c>Content-Disposition: attachment</c> with its safe name): its detected type, <c>nosniff</c>, not cached.</summary>
    public static IResult Attachment(HttpResponse response, DocumentContent found)
    {
        ArgumentNullException.ThrowIfNull(found);
        AttachmentHeaders(response);
        return Results.File(found.Content, found.Document.MediaType, found.Document.Name);
    }

    /// <summary>The headers of a download: <c>nosniff</c>, not cached, nothing of it run if a browser opened it anyway.</summary>
    public static void AttachmentHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
    }

    /// <summary>A document as the API lists it (a withheld business secret: the mark, not the name or the hash).</summary>
    public static DocumentView View(StoredDocument d, bool withheld)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new DocumentView(d.DocumentId, d.OwnerKind, d.OwnerId, d.CaseId, withheld ? null : d.Name, d.MediaType, d.SizeBytes, withheld ? null : d.Sha256,
            d.BusinessSecret, withheld, Views.Time(d.UploadedAt), withheld ? null : $"/api/v1/documents/{Uri.EscapeDataString(d.DocumentId)}")
        { UploadedBy = d.UploadedBy };
    }

    private static IResult Created(Outcome<StoredDocument> outcome) =>
        Problems.Of(outcome, d => TypedResults.Created($"/api/v1/documents/{Uri.EscapeDataString(d.DocumentId)}", View(d, withheld: false)));

    // The body, its content decoded and checked (type from the content, size), or the problem: 400 naming the field, 413 naming the limit.
    private static async Task<(T? Body, byte[]? Content, IResult? Problem)> ReadAsync<T>(HttpContext http, DocumentService documents)
        where T : class, IDocumentUpload
    {
        var (body, problem) = await RequestBody.ReadAsync<T>(http.Request);
        if (body is null)
        {
            return (null, null, problem);
        }

        var content = Convert.FromBase64String(body.Content);
        var check = documents.Inspect(body.Name, content);
        return check.Type is not null ? (body, content, null)
            : check.TooLarge ? (null, null, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload Too Large", detail: Problems.FieldReason(check.Field!, check.Reason!),
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [check.Field!] = [check.Reason!] }, ["maxBytes"] = documents.MaxBytes }))
            : (null, null, Problems.Field(check.Field!, check.Reason!));
    }

    /// <summary>What an upload carries: the file's name and its content in base64.</summary>
    internal interface IDocumentUpload : IValidatedBody
    {
        string Name { get; }

        string Content { get; }
    }

    /// <summary>A regulator's file for a notice: name and content (base64).</summary>
    internal sealed record NoticeDocumentUpload(string Name, string Content) : IDocumentUpload
    {
        public void Validate(Dictionary<string, List<string>> errors) => Check(errors, Name, Content);
    }

    /// <summary>A platform's file for its answer or report: name, content (base64), and whether it is a business secret.</summary>
    internal sealed record PlatformDocumentUpload(string Name, string Content, bool? BusinessSecret = null) : IDocumentUpload
    {
        public void Validate(Dictionary<string, List<string>> errors) => Check(errors, Name, Content);
    }

    private static void Check(Dictionary<string, List<string>> errors, string name, string content)
    {
        Require.NotBlank(errors, "name", name, 300);
        if (string.IsNullOrEmpty(content))
        {
            Require.Add(errors, "content", DisplayText.Get("api.contentRequired"));
        }
        else if (content.Length % 4 != 0 || !Convert.TryFromBase64String(content, new byte[content.Length / 4 * 3], out _))
        {
            Require.Add(errors, "content", DisplayText.Get("api.base64"));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Document {DocumentId} was not served to {Actor}: {Reason}")]
        public static partial void Tampered(ILogger logger, string documentId, string actor, string reason);
    }
}

/// <summary>A document: what owns it, its detected type, size and SHA-256, and where to download it (null when withheld).</summary>
internal sealed record DocumentView(
    string DocumentId, string OwnerKind, string OwnerId, string? CaseId, string? Name, string MediaType, long SizeBytes, string? Sha256,
    bool BusinessSecret, bool Withheld, string UploadedAt, string? Href)
{
    /// <summary>Who uploaded it (regulators only).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? UploadedBy { get; init; }
}
