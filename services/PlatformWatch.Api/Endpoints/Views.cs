using System.Globalization;
using System.Text.Json.Nodes;
using PlatformWatch.Api.Security;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Endpoints;

/// <summary>The JSON shapes the API answers with.</summary>
internal static class Views
{
    public static JsonObject CaseSummary(CaseRecord c, DateTimeOffset now) => new()
    {
        ["caseId"] = c.CaseId,
        ["severity"] = c.Severity,
        ["status"] = c.Status,
        ["platformId"] = c.PlatformId,
        ["marketId"] = c.MarketId,
        ["family"] = c.Family,
        ["rules"] = new JsonArray((c.Rules?.Split(',') ?? []).Select(r => (JsonNode?)r).ToArray()),
        ["assignee"] = c.Assignee,
        ["dueAt"] = c.DueAt is { } due ? FindingJson.Date(due) : null,
        ["overdue"] = c.IsOverdue(now),
        ["ageDays"] = c.AgeDays(now),
        ["openedAt"] = Time(c.OpenedAt),
        ["updatedAt"] = Time(c.UpdatedAt),
        ["outcome"] = c.Outcome,
        ["closedAt"] = c.ClosedAt is { } closed ? Time(closed) : null,
        ["followsCaseId"] = c.FollowsCaseId,
        ["ownerAuthority"] = c.OwnerAuthorityId,
        ["activeFindings"] = c.ActiveFindings,
        ["allowedTransitions"] = new JsonArray(CaseWorkflow.AllowedFrom(c.Status).Select(s => (JsonNode?)s).ToArray()),
    };

    /// <summary>A case in full; <paramref name="secretsWithheld"/> when the caller reads it through a grant (business secrets withheld).</summary>
    public static JsonObject CaseDetail(CaseDetail detail, IReadOnlyList<NoticeDetail> notices, DateTimeOffset now, bool secretsWithheld = false)
    {
        var node = CaseSummary(detail.Case, now);
        node["findings"] = new JsonArray(detail.Findings.Select(f => (JsonNode?)FindingJson.Of(f)).ToArray());
        node["evidence"] = new JsonArray(detail.Evidence.Select(e => (JsonNode?)new JsonObject
        {
            ["eventId"] = e.EventId,
            ["type"] = e.Type,
            ["occurredAt"] = Time(e.OccurredAt),
            ["source"] = e.Source,
            ["submitter"] = e.Submitter,
            ["event"] = JsonNode.Parse(e.Payload),
            ["businessSecretSections"] = new JsonArray(BusinessSecrets.SectionsOf(e).Select(name => (JsonNode?)name).ToArray()),
            ["businessSecretsWithheld"] = secretsWithheld && BusinessSecrets.SectionsOf(e).Count > 0,
        }).ToArray());
        node["comments"] = new JsonArray(detail.Comments.Select(c => (JsonNode?)Comment(c)).ToArray());
        node["notices"] = new JsonArray(notices.Select(n => (JsonNode?)Notice(n, includeIssuer: true, secretsWithheld)).ToArray());
        node["timeline"] = new JsonArray(detail.Audit.Select(a => (JsonNode?)new JsonObject
        {
            ["seq"] = a.Seq,
            ["at"] = Time(a.At),
            ["actor"] = a.Actor,
            ["action"] = a.Action,
            ["details"] = JsonNode.Parse(a.Details),
            ["hash"] = a.Hash,
        }).ToArray());
        return node;
    }

    /// <summary>How an authority may use a case, as the API names it.</summary>
    public static string AccessName(CaseAccessLevel level) => level switch
    {
        CaseAccessLevel.Owner => "owner",
        CaseAccessLevel.Comment => "shared-comment",
        CaseAccessLevel.Read => "read",
        _ => "none",
    };

    /// <summary>A grant of access to a case (a share or a referral's read access).</summary>
    public static JsonObject Grant(CaseAccessRecord g) => new()
    {
        ["shareId"] = g.AccessId,
        ["authority"] = g.AuthorityId,
        ["kind"] = g.Kind,
        ["access"] = g.Access,
        ["withholdInternal"] = g.WithholdInternal,
        ["reason"] = g.Reason,
        ["grantedAt"] = Time(g.GrantedAt),
        ["grantedBy"] = g.GrantedBy,
        ["revokedAt"] = g.RevokedAt is { } revoked ? Time(revoked) : null,
        ["revokedBy"] = g.RevokedBy,
        ["active"] = g.IsActive,
    };

    public static JsonObject Comment(CaseComment c) => new()
    {
        ["commentId"] = c.CommentId,
        ["author"] = c.Author,
        ["visibility"] = c.Visibility,
        ["body"] = c.Body,
        ["createdAt"] = Time(c.CreatedAt),
    };

    /// <summary>A notice with its responses; the issuer (a regulator's name) only for regulators; answers marked business secrets withheld when <paramref name="secretsWithheld"/>.</summary>
    public static JsonObject Notice(NoticeDetail detail, bool includeIssuer, bool secretsWithheld = false)
    {
        var n = detail.Notice;
        var node = new JsonObject
        {
            ["noticeId"] = n.NoticeId,
            ["caseId"] = n.CaseId,
            ["platformId"] = n.PlatformId,
            ["text"] = n.Text,
            ["findingIds"] = new JsonArray(n.FindingIds.Select(id => (JsonNode?)id).ToArray()),
            ["issuedAt"] = Time(n.IssuedAt),
            ["responseDueAt"] = Time(n.ResponseDueAt),
            ["status"] = n.Status,
            ["answeredAt"] = n.AnsweredAt is { } answered ? Time(answered) : null,
            ["responses"] = new JsonArray(detail.Responses.Select(r => (JsonNode?)Response(r, secretsWithheld && r.BusinessSecret)).ToArray()),
        };
        if (includeIssuer)
        {
            node["issuedBy"] = n.IssuedBy;
        }

        return node;
    }

    /// <summary>An answer to a notice, with its business-secret mark; <paramref name="withheld"/>: its text and documents left out.</summary>
    public static JsonObject Response(NoticeResponse r, bool withheld = false) => new()
    {
        ["responseId"] = r.ResponseId,
        ["noticeId"] = r.NoticeId,
        ["businessSecret"] = r.BusinessSecret,
        ["withheld"] = withheld,
        ["text"] = withheld ? null : r.Text,
        ["documents"] = new JsonArray(r.Documents.Select(d => (JsonNode?)new JsonObject
        {
            ["name"] = d.Name,
            ["mediaType"] = d.MediaType,
            ["sizeBytes"] = d.SizeBytes,
            ["sha256"] = d.Sha256,
        }).ToArray()),
        ["submittedAt"] = Time(r.SubmittedAt),
        ["submittedBy"] = r.SubmittedBy,
    };

    /// <summary>What a platform is told about a finding in a notice: the rule, the law, its view of the measurements, its own evidence.</summary>
    public static JsonObject NotifiedFinding(PlatformFinding f) => new()
    {
        ["findingId"] = f.FindingId,
        ["ruleId"] = f.RuleId,
        ["marketId"] = f.MarketId,
        ["periodStart"] = FindingJson.Date(f.PeriodStart),
        ["periodEnd"] = FindingJson.Date(f.PeriodEnd),
        ["severity"] = f.Severity,
        ["measured"] = f.Measured.DeepClone(),
        ["threshold"] = f.Threshold.DeepClone(),
        ["legalBasis"] = f.LegalBasis?.DeepClone(),
        ["evidenceEventIds"] = new JsonArray(f.EvidenceEventIds.Select(id => (JsonNode?)id).ToArray()),
    };

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
