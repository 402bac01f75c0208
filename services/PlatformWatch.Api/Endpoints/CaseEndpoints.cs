using Microsoft.Extensions.Options;
using PlatformWatch.Api.CaseFiles;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Endpoints;

/// <summary>The regulators' case work: the inbox, a case in full, and the actions on it.</summary>
internal static class CaseEndpoints
{
    public static readonly string[] Severities = ["critical", "high", "medium", "info"];

    public static void Map(RouteGroupBuilder api)
    {
        const string Tag = "Cases";
        api.MapGet("/cases", List).RequireAuthorization(Policies.RegulatorRead)
            .Declares<CasePage>("listCases", Tag, "List and search cases")
            .Reads("status", "severity", "platform", "market", "rule", "jurisdiction", "assignee", "unassigned:boolean", "olderThanDays:integer", "sort", "order", "page:integer", "pageSize:integer");
        api.MapGet("/cases/{caseId}", Get).RequireAuthorization(Policies.RegulatorRead)
            .Declares<CaseView>("getCase", Tag, "A case in full: findings, evidence, comments, notices, timeline").Refuses(404);
        api.MapGet("/cases/{caseId}/file", CaseFile).RequireAuthorization(Policies.RegulatorRead)
            .WithName("getCaseFile").WithTags(Tag).WithSummary("The case file as one PDF: findings with values and law, evidence, notices, answers, documents, decision, audit trail and chain head")
            .AnswersFile(CaseFilePdf.MediaType).Refuses(404, 503);
        api.MapGet("/cases/{caseId}/exposure", Exposure).RequireAuthorization(Policies.RegulatorRead)
            .Declares<CaseExposure>("getCaseExposure", Tag, "The penalty exposure of a case: per finding and provision, the base figure and the range of fines the law allows")
            .Reads("baseYear:integer").Refuses(404);
        api.MapPost("/cases/{caseId}/assign", Assign).RequireAuthorization(Policies.RegulatorSupervisor)
            .Declares<CaseSummary>("assignCase", Tag, "Assign a case (and set its due date)").Takes<AssignRequest>().Refuses(404, 409);
        api.MapPost("/cases/{caseId}/comments", Comment).RequireAuthorization(Policies.RegulatorAnalyst)
            .Declares<CaseCommentView>("commentOnCase", Tag, "Comment on a case, internal or shared with the platform", StatusCodes.Status201Created).Takes<CommentRequest>().Refuses(404, 409);
        api.MapPost("/cases/{caseId}/transition", Transition).RequireAuthorization(Policies.RegulatorAnalyst)
            .Declares<CaseSummary>("transitionCase", Tag, "Move a case along its workflow (closing: supervisors)").Takes<TransitionRequest>().Refuses(404, 409);
        api.MapPost("/cases/{caseId}/notices", IssueNotice).RequireAuthorization(Policies.RegulatorSupervisor)
            .Declares<NoticeView>("issueNotice", Tag, "Issue a notice to the case's platform with a response deadline", StatusCodes.Status201Created).Takes<NoticeRequest>().Refuses(404, 409);
        api.MapGet("/notices", ListNotices).RequireAuthorization(Policies.RegulatorRead)
            .Declares<ItemList<NoticeView>>("listNotices", Tag, "Notices issued, by platform or case").Reads("platform", "case");
        api.MapPost("/cases/{caseId}/refer", Refer).RequireAuthorization(Policies.RegulatorSupervisor)
            .Declares<CaseSummary>("referCase", Tag, "Hand a case to another authority (it keeps read access)").Takes<ReferRequest>().Refuses(404, 409);
        api.MapGet("/cases/{caseId}/shares", ListShares).RequireAuthorization(Policies.RegulatorRead)
            .Declares<ItemList<CaseGrant>>("listCaseShares", Tag, "The grants of access to a case: shares and referrals, revoked ones included").Refuses(404);
        api.MapPost("/cases/{caseId}/shares", Share).RequireAuthorization(Policies.RegulatorSupervisor)
            .Declares<CaseGrant>("shareCase", Tag, "Share a case with a cooperating authority, to read or to comment", StatusCodes.Status201Created).Takes<ShareRequest>().Refuses(404, 409);
        api.MapDelete("/cases/{caseId}/shares/{shareId}", RevokeShare).RequireAuthorization(Policies.RegulatorSupervisor)
            .WithName("revokeCaseShare").WithTags(Tag).WithSummary("Revoke a share: access stops at once").Produces(StatusCodes.Status204NoContent).Refuses(404);
    }

    private static async Task<IResult> List(HttpContext http, CaseService cases, ActiveProfiles profiles, IOptions<ApiOptions> options, TimeProvider clock)
    {
        var q = new Query(http.Request.Query);
        var now = clock.GetUtcNow();
        var (query, page, pageSize) = ReadCaseQuery(q, profiles, options.Value.MaxPageSize, now);
        return q.Problem() ?? Problems.Of(await cases.ListAsync(Caller.From(http.User).AsActor(), query, http.RequestAborted), found =>
            TypedResults.Ok(new CasePage(found.Take(pageSize).Select(c => Views.CaseSummary(c, now)).ToList(), page, pageSize, found.Count > pageSize)));
    }

    /// <summary>
    /// The inbox's filters, sort and page from a query string; the API and the inbox page read
    /// them alike. Refusals are left in <paramref name="q"/>.
    /// </summary>
    public static (CaseQuery Query, int Page, int PageSize) ReadCaseQuery(Query q, ActiveProfiles profiles, int maxPageSize, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(profiles);
        var status = q.OneOf("status", CaseWorkflow.Statuses);
        var severity = q.OneOf("severity", Severities);
        var sort = q.OneOf("sort", [.. CaseWorkflow.SortColumns.Keys]) ?? "severity";
        var order = q.OneOf("order", ["asc", "desc"]);
        var olderThan = q.Number("olderThanDays", 0, 36500);
        var platform = q.Text("platform");
        var market = q.Text("market");
        var rule = q.Text("rule");
        var assignee = q.Text("assignee");
        var unassigned = q.Bool("unassigned");
        var jurisdiction = q.OneOf("jurisdiction", Jurisdictions(profiles));
        var (page, pageSize) = q.Page(maxPageSize);
        var query = new CaseQuery
        {
            Status = status,
            Severity = severity,
            PlatformId = platform,
            MarketId = market,
            RuleId = rule,
            Assignee = assignee,
            Unassigned = unassigned,
            OpenedBefore = olderThan is { } days ? now.AddDays(-days) : null,
            Jurisdiction = jurisdiction,
            JurisdictionProfiles = jurisdiction is null ? null : profiles.Current.Profiles.Where(p => p.Jurisdictions.Contains(jurisdiction, StringComparer.Ordinal)).Select(p => p.Id).ToList(),
            Sort = sort,
            Descending = order != "asc",
            Limit = pageSize + 1,
            Offset = (page - 1) * pageSize,
        };
        return (query, page, pageSize);
    }

    /// <summary>The jurisdictions the active profiles cover.</summary>
    public static List<string> Jurisdictions(ActiveProfiles profiles) =>
        profiles.Current.Profiles.SelectMany(p => p.Jurisdictions).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static async Task<IResult> Get(string caseId, HttpContext http, CaseService cases, TimeProvider clock) =>
        Problems.Of(await cases.ReadAsync(Caller.From(http.User).AsActor(), caseId, "GET /api/v1/cases/" + caseId, http.RequestAborted), read =>
            TypedResults.Ok(Views.CaseDetail(read.Detail, read.Notices, clock.GetUtcNow(), Views.AccessName(read.Access.Level),
                read.Access.CanWork ? read.Grants.Select(Views.Grant).ToList() : null, secretsWithheld: read.Access.ThroughGrant)));

    // The fonts first: a file that cannot be made logs no read through a grant.
    private static async Task<IResult> CaseFile(string caseId, HttpContext http, CaseFiles.CaseFiles files) =>
        files.MissingFont() is { } missing ? Problems.Unavailable(missing)
        : Problems.Of(await files.PdfAsync(Caller.From(http.User).AsActor(), caseId, $"GET /api/v1/cases/{caseId}/file", http.RequestAborted), pdf =>
            TypedResults.File(pdf, CaseFilePdf.MediaType, $"case-file-{caseId}.pdf"));

    // Read with the case's access: another authority's case is 404; platforms are refused by the policy (403).
    private static async Task<IResult> Exposure(string caseId, HttpContext http, ExposureService exposure)
    {
        var q = new Query(http.Request.Query);
        var baseYear = q.Number("baseYear", 1900, 9999);
        return q.Problem() ?? Problems.Of(await exposure.ForCaseAsync(Caller.From(http.User).AsActor(), caseId, baseYear, http.RequestAborted), e => TypedResults.Ok(e));
    }

    private static Task<IResult> Assign(string caseId, HttpContext http, CaseService cases, TimeProvider clock) =>
        Act<AssignRequest, CaseRecord>(http, (body, actor) => cases.AssignAsync(actor, caseId, body.Assignee, body.DueAt, http.RequestAborted),
            updated => TypedResults.Ok(Views.CaseSummary(updated, clock.GetUtcNow())));

    private static Task<IResult> Comment(string caseId, HttpContext http, CaseService cases) =>
        Act<CommentRequest, CaseComment>(http, (body, actor) => cases.CommentAsync(actor, caseId, body.Visibility ?? "internal", body.Text, http.RequestAborted),
            comment => TypedResults.Created($"/api/v1/cases/{caseId}", Views.Comment(comment)));

    private static Task<IResult> Transition(string caseId, HttpContext http, CaseService cases, TimeProvider clock) =>
        Act<TransitionRequest, CaseRecord>(http, (body, actor) => cases.TransitionAsync(actor, caseId, body.To, body.Outcome, body.Note, http.RequestAborted),
            updated => TypedResults.Ok(Views.CaseSummary(updated, clock.GetUtcNow())));

    // The notice stands in the database; the announcement is best effort (a failure is logged).
    private static Task<IResult> IssueNotice(string caseId, HttpContext http, CaseService cases) =>
        Act<NoticeRequest, NoticeRecord>(http, (body, actor) => cases.IssueNoticeAsync(actor, caseId, body.Text, body.ResponseDueAt, http.RequestAborted),
            notice => TypedResults.Created($"/api/v1/notices/{notice.NoticeId}", Views.Notice(new NoticeDetail(notice, []), includeIssuer: true)));

    private static async Task<IResult> ListNotices(HttpContext http, CaseService cases)
    {
        var q = new Query(http.Request.Query);
        var platform = q.Text("platform");
        var caseId = q.Text("case");
        return q.Problem() ?? Problems.Of(await cases.ListNoticesAsync(Caller.From(http.User).AsActor(), platform, caseId, http.RequestAborted), notices =>
            TypedResults.Ok(new ItemList<NoticeView>(notices.Select(n => Views.Notice(new NoticeDetail(n, []), includeIssuer: true)).ToList())));
    }

    private static Task<IResult> Refer(string caseId, HttpContext http, CaseService cases, TimeProvider clock) =>
        Act<ReferRequest, CaseRecord>(http, (body, actor) => cases.ReferAsync(actor, caseId, body.To, body.Reason, http.RequestAborted),
            updated => TypedResults.Ok(Views.CaseSummary(updated, clock.GetUtcNow())));

    private static async Task<IResult> ListShares(string caseId, HttpContext http, CaseService cases) =>
        Problems.Of(await cases.SharesAsync(Caller.From(http.User).AsActor(), caseId, http.RequestAborted), grants => TypedResults.Ok(new ItemList<CaseGrant>(grants.Select(Views.Grant).ToList())));

    private static Task<IResult> Share(string caseId, HttpContext http, CaseService cases) =>
        Act<ShareRequest, CaseAccessRecord>(http, (body, actor) => cases.ShareAsync(actor, caseId, body.Authority, body.Access ?? "read", body.WithholdInternal ?? true, body.Reason, http.RequestAborted),
            grant => TypedResults.Created($"/api/v1/cases/{caseId}/shares/{grant.AccessId}", Views.Grant(grant)));

    private static async Task<IResult> RevokeShare(string caseId, string shareId, HttpContext http, CaseService cases) =>
        Problems.Of(await cases.RevokeShareAsync(Caller.From(http.User).AsActor(), caseId, shareId, http.RequestAborted), _ => Results.NoContent());

    // Reads the body, then the service checks the caller's access and acts in one transaction; its outcome is the answer.
    private static async Task<IResult> Act<TBody, TValue>(HttpContext http, Func<TBody, Actor, Task<Outcome<TValue>>> action, Func<TValue, IResult> ok)
        where TBody : class, IValidatedBody
    {
        var (body, problem) = await RequestBody.ReadAsync<TBody>(http.Request, ServerOwned);
        return body is null ? problem! : Problems.Of(await action(body, Caller.From(http.User).AsActor()), ok);
    }

    // Fields a caller might try to set but the server owns.
    private static readonly HashSet<string> ServerOwned = new(StringComparer.Ordinal)
    {
        "caseId", "author", "actor", "createdAt", "status", "commentId", "noticeId", "issuedAt", "issuedBy", "platformId", "findingIds",
    };

    internal sealed record AssignRequest(string Assignee, DateOnly? DueAt = null) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors) => Require.NotBlank(errors, "assignee", Assignee, 200);
    }

    internal sealed record ReferRequest(string To, string Reason) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors)
        {
            Require.NotBlank(errors, "to", To, 64);
            Require.NotBlank(errors, "reason", Reason, 2000);
        }
    }

    internal sealed record ShareRequest(string Authority, string Reason, string? Access = null, bool? WithholdInternal = null) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors)
        {
            Require.NotBlank(errors, "authority", Authority, 64);
            Require.NotBlank(errors, "reason", Reason, 2000);
            if (Access is not (null or "read" or "comment"))
            {
                Require.Add(errors, "access", Require.OneOf(["read", "comment"]));
            }
        }
    }

    internal sealed record CommentRequest(string Text, string? Visibility = null) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors)
        {
            Require.NotBlank(errors, "text", Text, 20_000);
            if (Visibility is not (null or "internal" or "shared"))
            {
                Require.Add(errors, "visibility", Require.OneOf(["internal", "shared"]));
            }
        }
    }

    internal sealed record TransitionRequest(string To, string? Outcome = null, string? Note = null) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors)
        {
            if (!CaseWorkflow.Statuses.Contains(To, StringComparer.Ordinal))
            {
                Require.Add(errors, "to", Require.OneOf(CaseWorkflow.Statuses));
            }

            if (Outcome is not null && !CaseWorkflow.Outcomes.Contains(Outcome, StringComparer.Ordinal))
            {
                Require.Add(errors, "outcome", Require.OneOf(CaseWorkflow.Outcomes));
            }

            if (Note is { Length: > 20_000 })
            {
                Require.Add(errors, "note", Require.AtMost(20_000));
            }
        }
    }

    internal sealed record NoticeRequest(string Text, DateTimeOffset ResponseDueAt) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors) => Require.NotBlank(errors, "text", Text, 50_000);
    }
}
