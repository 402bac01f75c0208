using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Endpoints;

/// <summary>
/// The shapes the API answers with about cases and notices: typed records, so the OpenAPI document
/// describes exactly what is sent. Times are ISO 8601 UTC text with milliseconds, dates yyyy-MM-dd.
/// </summary>
internal static class Views
{
    public static CaseSummary CaseSummary(CaseRecord c, DateTimeOffset now) => new(
        c.CaseId, c.Severity, c.Status, c.PlatformId, c.MarketId, c.Family,
        c.Rules?.Split(',') ?? [], c.Assignee, c.DueAt is { } due ? FindingJson.Date(due) : null,
        c.IsOverdue(now), c.AgeDays(now), Time(c.OpenedAt), Time(c.UpdatedAt), c.Outcome,
        c.ClosedAt is { } closed ? Time(closed) : null, c.FollowsCaseId, c.OwnerAuthorityId, c.ActiveFindings,
        CaseWorkflow.AllowedFrom(c.Status).ToList());

    /// <summary>A case in full; <paramref name="secretsWithheld"/> when the caller reads it through a grant (business secrets withheld).</summary>
    public static CaseView CaseDetail(CaseDetail detail, IReadOnlyList<NoticeDetail> notices, DateTimeOffset now, string yourAccess, IReadOnlyList<CaseGrant>? grants, bool secretsWithheld = false) =>
        new(CaseSummary(detail.Case, now))
        {
            Findings = detail.Findings.Select(FindingJson.Document).ToList(),
            Evidence = detail.Evidence.Select(e => new EvidenceItem(
                e.EventId, e.Type, Time(e.OccurredAt), e.Source, e.Submitter, JsonNode.Parse(e.Payload),
                BusinessSecrets.SectionsOf(e), secretsWithheld && BusinessSecrets.SectionsOf(e).Count > 0)).ToList(),
            Comments = detail.Comments.Select(Comment).ToList(),
            Notices = notices.Select(n => Notice(n, includeIssuer: true, secretsWithheld)).ToList(),
            Timeline = detail.Audit.Select(a => new TimelineEntry(a.Seq, Time(a.At), a.Actor, a.Action, JsonNode.Parse(a.Details), a.Hash)).ToList(),
            YourAccess = yourAccess,
            Grants = grants,
        };

    /// <summary>How an authority may use a case, as the API names it.</summary>
    public static string AccessName(CaseAccessLevel level) => level switch
    {
        CaseAccessLevel.Owner => "owner",
        CaseAccessLevel.Comment => "shared-comment",
        CaseAccessLevel.Read => "read",
        _ => "none",
    };

    /// <summary>A grant of access to a case (a share or a referral's read access).</summary>
    public static CaseGrant Grant(CaseAccessRecord g) => new(
        g.AccessId, g.AuthorityId, g.Kind, g.Access, g.WithholdInternal, g.Reason, Time(g.GrantedAt), g.GrantedBy,
        g.RevokedAt is { } revoked ? Time(revoked) : null, g.RevokedBy, g.IsActive);

    public static CaseCommentView Comment(CaseComment c) => new(c.CommentId, c.Author, c.Visibility, c.Body, Time(c.CreatedAt));

    /// <summary>A notice with its responses; the issuer (a regulator's name) only for regulators; answers marked business secrets withheld when <paramref name="secretsWithheld"/>.</summary>
    public static NoticeView Notice(NoticeDetail detail, bool includeIssuer, bool secretsWithheld = false)
    {
        var n = detail.Notice;
        return new NoticeView(
            n.NoticeId, n.CaseId, n.PlatformId, n.Text, n.FindingIds, Time(n.IssuedAt), Time(n.ResponseDueAt), n.Status,
            n.AnsweredAt is { } answered ? Time(answered) : null,
            detail.Responses.Select(r => Response(r, secretsWithheld && r.BusinessSecret)).ToList())
        {
            IssuedBy = includeIssuer ? n.IssuedBy : null,
        };
    }

    /// <summary>An answer to a notice, with its business-secret mark; <paramref name="withheld"/>: its text and documents left out.</summary>
    public static NoticeAnswer Response(NoticeResponse r, bool withheld = false) => new(
        r.ResponseId, r.NoticeId, r.BusinessSecret, withheld, withheld ? null : r.Text,
        r.Documents.Select(d => new AnswerDocument(d.Name, d.MediaType, d.SizeBytes, d.Sha256)).ToList(),
        Time(r.SubmittedAt), r.SubmittedBy);

    /// <summary>What a platform is told about a finding in a notice: the rule, the law, its view of the measurements, its own evidence.</summary>
    public static NotifiedFinding Notified(PlatformFinding f) => new(
        f.FindingId, f.RuleId, f.MarketId, FindingJson.Date(f.PeriodStart), FindingJson.Date(f.PeriodEnd), f.Severity,
        f.Measured.DeepClone(), f.Threshold.DeepClone(), f.LegalBasis?.DeepClone(), f.EvidenceEventIds);

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>A list of items.</summary>
internal sealed record ItemList<T>(IReadOnlyList<T> Items);

/// <summary>A page of the case inbox.</summary>
internal sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Page, int PageSize, bool HasMore);

/// <summary>A case as the inbox lists it, with the statuses it may move to.</summary>
internal record CaseSummary(
    string CaseId, string Severity, string Status, string? PlatformId, string? MarketId, string Family, IReadOnlyList<string> Rules,
    string? Assignee, string? DueAt, bool Overdue, int AgeDays, string OpenedAt, string UpdatedAt, string? Outcome, string? ClosedAt,
    string? FollowsCaseId, string OwnerAuthority, long ActiveFindings, IReadOnlyList<string> AllowedTransitions);

/// <summary>A case in full: its findings, evidence, comments, notices and audit timeline, and how the caller may use it.</summary>
internal sealed record CaseView : CaseSummary
{
    public CaseView(CaseSummary summary)
        : base(summary)
    {
    }

    public required IReadOnlyList<FindingDocument> Findings { get; init; }

    public required IReadOnlyList<EvidenceItem> Evidence { get; init; }

    public required IReadOnlyList<CaseCommentView> Comments { get; init; }

    public required IReadOnlyList<NoticeView> Notices { get; init; }

    public required IReadOnlyList<TimelineEntry> Timeline { get; init; }

    /// <summary><c>owner</c>, <c>shared-comment</c> or <c>read</c>.</summary>
    public required string YourAccess { get; init; }

    /// <summary>Who else may use the case (only for an authority that works it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CaseGrant>? Grants { get; init; }
}

/// <summary>An evidence event of a case: its JSON as received, and the business-secret sections it carries.</summary>
internal sealed record EvidenceItem(
    string EventId, string Type, string OccurredAt, string Source, string? Submitter, JsonNode? Event,
    IReadOnlyList<string> BusinessSecretSections, bool BusinessSecretsWithheld);

/// <summary>One entry of a case's audit trail.</summary>
internal sealed record TimelineEntry(long Seq, string At, string Actor, string Action, JsonNode? Details, string Hash);

/// <summary>A comment on a case: <c>internal</c> or <c>shared</c> with the platform.</summary>
internal sealed record CaseCommentView(string CommentId, string Author, string Visibility, string Body, string CreatedAt);

/// <summary>A grant of access to a case: a share (<c>read</c> or <c>comment</c>) or the read access a referral leaves.</summary>
internal sealed record CaseGrant(
    string ShareId, string Authority, string Kind, string Access, bool WithholdInternal, string Reason, string GrantedAt, string GrantedBy,
    string? RevokedAt, string? RevokedBy, bool Active);

/// <summary>A notice to a platform with its answers; <c>issuedBy</c> only for regulators.</summary>
internal record NoticeView(
    string NoticeId, string CaseId, string PlatformId, string Text, IReadOnlyList<string> FindingIds, string IssuedAt, string ResponseDueAt,
    string Status, string? AnsweredAt, IReadOnlyList<NoticeAnswer> Responses)
{
    /// <summary>The regulator who issued it (regulators only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IssuedBy { get; init; }
}

/// <summary>A platform's answer to a notice; <c>withheld</c>: a business secret the caller may not read (no text, no documents).</summary>
internal sealed record NoticeAnswer(
    string ResponseId, string NoticeId, bool BusinessSecret, bool Withheld, string? Text, IReadOnlyList<AnswerDocument> Documents,
    string SubmittedAt, string SubmittedBy);

/// <summary>The metadata of a document attached to an answer.</summary>
internal sealed record AnswerDocument(string Name, string MediaType, long SizeBytes, string Sha256);

/// <summary>A finding as its platform is told of it in a notice.</summary>
internal sealed record NotifiedFinding(
    string FindingId, string RuleId, string? MarketId, string PeriodStart, string PeriodEnd, string Severity,
    JsonNode Measured, JsonNode Threshold, JsonNode? LegalBasis, IReadOnlyList<string> EvidenceEventIds);
