using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Ui;

/// <summary>
/// Who acted, as the pages name them: an API key (<c>key:ID</c>) by the key's name from the keys
/// table (its id only when the key no longer exists), the system as PlatformWatch, anyone else
/// (a bearer token's subject, a command-line actor) as recorded.
/// </summary>
public sealed class ActorNames(IReadOnlyDictionary<string, string> keyNames)
{
    private const string KeyPrefix = "key:";

    /// <summary>No key names: every key by its id.</summary>
    public static ActorNames None { get; } = new(new Dictionary<string, string>());

    /// <summary>Everyone who acted on a case as read: comments, the timeline, notices and answers, grants.</summary>
    public static IEnumerable<string?> Actors(Application.CaseRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return read.Detail.Comments.Select(c => c.Author)
            .Concat(read.Detail.Audit.Select(a => a.Actor))
            .Concat(read.Notices.SelectMany(n => n.Responses.Select(r => r.SubmittedBy).Append(n.Notice.IssuedBy)))
            .Concat(read.Grants.SelectMany(g => new[] { g.GrantedBy, g.RevokedBy }));
    }

    /// <summary>The key ids among actors, to look their names up.</summary>
    public static IReadOnlyCollection<string> KeyIds(IEnumerable<string?> actors) =>
        actors.OfType<string>().Where(a => a.StartsWith(KeyPrefix, StringComparison.Ordinal)).Select(a => a[KeyPrefix.Length..]).ToHashSet(StringComparer.Ordinal);

    /// <summary>The name of an actor.</summary>
    public string Name(string actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor == SessionCases.SystemActor ? DisplayText.Get("actor.system")
            : actor.StartsWith(KeyPrefix, StringComparison.Ordinal) && keyNames.TryGetValue(actor[KeyPrefix.Length..], out var name) ? name
            : actor;
    }
}

/// <summary>
/// A case's audit trail as sentences, one per entry ("Supervisor Wang assigned the case to
/// analyst.li"), for every action the store writes; the details stay the JSON the chain hashed,
/// for a page to show behind a disclosure. An entry whose details are withheld from the reader
/// (<see cref="Application.CaseService.ReadAsync"/>) says so and names nothing of them.
/// </summary>
public static class Timeline
{
    /// <summary>The sentence of one entry; <paramref name="authority"/> names an authority by its id.</summary>
    public static string Sentence(AuditEntry entry, ActorNames who, Func<string, string> authority)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(authority);
        var details = (string.IsNullOrWhiteSpace(entry.Details) ? null : JsonNode.Parse(entry.Details)) as JsonObject ?? [];
        string? Text(string name) => details[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        bool Flag(string name) => details[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;
        string Part(string name, string? value) => value is null ? "" : DisplayText.Format(name, value);
        string Status(string? status) => status is null ? DisplayText.Get("value.null") : DisplayText.Find("status." + status) ?? status;
        string Authority(string? id) => id is null ? DisplayText.Get("value.null") : authority(id);
        string? Time(string? at) => DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : at;
        string? Period(string? period) => period?.Split("..") is [var start, var end] ? DisplayText.Format("value.period", start, end) : period;
        string? Severity(string? value) => value is null ? null : DisplayText.Name("severity", value);
        var actor = who.Name(entry.Actor);
        if (Flag("withheld") && entry.Action != "commented")
        {
            return DisplayText.Format("audit.withheld", actor, entry.Action);
        }

        return entry.Action switch
        {
            "opened" => DisplayText.Format("audit.opened", actor, Text("family"))
                + Part("audit.opened.market", Text("marketId"))
                + Part("audit.opened.follows", Text("followsCaseId"))
                + Part("audit.opened.routed", details["routing"]?["authority"] is JsonValue routed ? Authority(routed.GetValue<string>()) : null),
            "severity-raised" => DisplayText.Format("audit.severity-raised", actor, Severity(Text("from")), Severity(Text("to"))),
            "finding-joined" or "finding-updated" or "finding-raised-again" or "finding-withdrawn" =>
                DisplayText.Format("audit." + entry.Action, actor, Text("ruleId"), Severity(Text("severity")), Period(Text("period"))),
            "assigned" => DisplayText.Format("audit.assigned", actor, Text("assignee"))
                + Part("audit.assigned.due", Text("dueAt"))
                + Part("audit.assigned.previous", Text("previousAssignee")),
            "commented" => DisplayText.Format(
                Flag("withheld") ? "audit.commented.withheld" : Text("visibility") == "shared" ? "audit.commented.shared" : "audit.commented.internal", actor),
            "transitioned" or "reopened" => DisplayText.Format("audit." + entry.Action, actor, Status(Text("from")), Status(Text("to")))
                + Part("audit.outcome", Text("outcome"))
                + Part("audit.note", Text("note")),
            "notice-issued" => DisplayText.Format("audit.notice-issued", actor, Text("noticeId"), Time(Text("responseDueAt"))),
            "notice-answered" => DisplayText.Format("audit.notice-answered", actor, Text("noticeId"))
                + Part("audit.notice-answered.documents", details["documents"] is JsonValue n && n.GetValueKind() == JsonValueKind.Number && n.GetValue<int>() > 0 ? n.ToJsonString() : null)
                + (Flag("businessSecret") ? DisplayText.Get("audit.notice-answered.secret") : "")
                + (Text("from") is { } from && Text("to") is { } to && from != to ? DisplayText.Format("audit.notice-answered.moved", Status(from), Status(to)) : ""),
            "routed" => DisplayText.Format("audit.routed", actor, Authority(Text("authority"))) + Part("audit.routed.why", Text("why")),
            "read-through-grant" => DisplayText.Format("audit.read-through-grant", actor, Authority(Text("authority")), Text("what")),
            "referred" => DisplayText.Format("audit.referred", actor, Authority(Text("from")), Authority(Text("to"))) + Part("audit.reason", Text("reason")),
            "shared" => DisplayText.Format("audit.shared", actor, Authority(Text("authority")), Text("access"))
                + (Flag("withholdInternal") ? DisplayText.Get("audit.shared.withheld-comments") : "")
                + Part("audit.reason", Text("reason")),
            "share-revoked" => DisplayText.Format("audit.share-revoked", actor, Authority(Text("authority"))),
            _ when entry.Action.StartsWith("decision-", StringComparison.Ordinal) && Flag("withheld") => DisplayText.Format("audit.withheld", actor, entry.Action),
            "decision-drafted" or "decision-edited" => DisplayText.Format("audit." + entry.Action, actor, Text("decisionId"), Text("outcome")),
            "decision-submitted" or "decision-approved" or "decision-served" => DisplayText.Format("audit." + entry.Action, actor, Text("decisionId")) + Part("audit.note", Text("note")),
            "decision-returned" => DisplayText.Format("audit.decision-returned", actor, Text("decisionId")) + Part("audit.reason", Text("reason")),
            "decision-discarded" => DisplayText.Format("audit.decision-discarded", actor, Text("decisionId")) + Part("audit.reason", Text("reason")),
            "document-attached" => DisplayText.Format("audit.document-attached", actor, Text("name"), Text("mediaType"), Text("owner"))
                + (Flag("businessSecret") ? DisplayText.Get("audit.notice-answered.secret") : ""),
            "document-refused" => DisplayText.Format("audit.document-refused", actor, Text("documentId"), Text("name")),
            "publication-withheld" or "publication-withdrawn" => DisplayText.Format("audit." + entry.Action, actor, Text("decisionId")) + Part("audit.reason", Text("reason")),
            _ => DisplayText.Format("audit.other", actor, entry.Action),
        };
    }
}
