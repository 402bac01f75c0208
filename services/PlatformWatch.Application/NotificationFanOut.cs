using System.Globalization;
using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// The fan-out of the outbox into deliveries (docs/notifications.md): takes the fan-out's turn (one
/// process at a time; the others' rounds find it taken and wait for their next), reads the messages
/// not fanned out yet without locking them (the relay, claiming the same rows, never skips one),
/// finds the subscriptions each concerns and writes one delivery per subscription with its body
/// frozen, then marks the messages fanned out — all in one
/// transaction. A crash before the commit repeats the whole round; the deliveries' stable ids make
/// the repeat add nothing. A platform hears only of its own notices, decisions and deadlines, in a
/// body of its own (no regulator's names, no other platform's data); a regulator's or an authority's
/// subscription only of the cases its authority sees, and of a report only on the report's route and
/// where it reads it (a case holding it).
/// </summary>
public sealed class NotificationFanOut(CaseStore store, ActiveProfiles profiles)
{
    /// <summary>The version of the delivery bodies (<c>version</c>); a change that is not an addition makes a new one.</summary>
    public const int BodyVersion = 1;

    /// <summary>Fans out up to <paramref name="limit"/> messages; returns how many it took (0: none waited).</summary>
    public Task<int> RunOnceAsync(int limit, CancellationToken ct) =>
        store.InTransactionAsync(async s =>
        {
            if (!await s.Notifications.TakeFanOutTurnAsync().ConfigureAwait(false))
            {
                return 0;
            }

            var messages = await s.Notifications.ClaimFanOutAsync(limit).ConfigureAwait(false);
            if (messages.Count == 0)
            {
                return 0;
            }

            // Nobody subscribed: the messages are marked without being read.
            var subscriptions = await s.Notifications.ActiveAsync().ConfigureAwait(false);
            foreach (var message in subscriptions.Count == 0 ? [] : messages)
            {
                // A subscription hears of a message once, by the first kind it wants (report-overdue before finding-raised).
                var told = new HashSet<string>(StringComparer.Ordinal);
                foreach (var announced in Interpret(message))
                {
                    await FanOutAsync(s, message, announced, subscriptions.Where(sub => !told.Contains(sub.SubscriptionId)), told).ConfigureAwait(false);
                }
            }

            await s.Notifications.MarkFannedOutAsync([.. messages.Select(m => m.Seq)]).ConfigureAwait(false);
            return messages.Count;
        }, ct);

    // One delivery per subscription that wants the announced kind and is concerned by it.
    private static async Task FanOutAsync(StoreSession s, OutboxMessage message, Announced announced, IEnumerable<SubscriptionRecord> subscriptions, HashSet<string> told)
    {
        var concerned = subscriptions.Where(sub => sub.KindList.Contains(announced.Kind, StringComparer.Ordinal)).ToList();
        // A deadline of no case (a report's) concerns the regulators who see a case of its platform; a report,
        // those who read it: a regulator reads a report only in a case holding it as evidence.
        IReadOnlyList<CaseRecord> cases = concerned.Count == 0 ? []
            : announced.CaseId is { } caseId ? await s.Cases.FindCaseAsync(caseId).ConfigureAwait(false) is { } found ? [found] : []
            : announced.Kind == NotificationKinds.DeadlineApproaching && announced.PlatformId is { } platformId ? await s.Cases.PlatformCasesAsync(platformId).ConfigureAwait(false)
            : announced.Kind == NotificationKinds.ReportReceived && announced.PlatformId is { } filer && announced.ForRegulators["eventId"]?.GetValue<string>() is { } eventId
                ? await s.Cases.CasesHoldingAsync(filer, eventId).ConfigureAwait(false)
            : [];
        foreach (var subscription in concerned)
        {
            if (await DataForAsync(s, subscription, announced, cases).ConfigureAwait(false) is not { } data)
            {
                continue;
            }

            told.Add(subscription.SubscriptionId);
            var deliveryId = DeliveryRecord.IdOf(subscription.SubscriptionId, message.MessageId);
            await s.Notifications.AddDeliveryAsync(new DeliveryRecord
            {
                DeliveryId = deliveryId,
                SubscriptionId = subscription.SubscriptionId,
                MessageId = message.MessageId,
                Kind = announced.Kind,
                Payload = Body(deliveryId, announced.Kind, message.CreatedAt, data),
                Status = DeliveryRecord.Pending,
                NextAttemptAt = s.Notifications.Now,
                CreatedAt = s.Notifications.Now,
            }).ConfigureAwait(false);
        }
    }

    /// <summary>A delivery's body: its id, kind, version, when the change was written, and the data for its subscriber.</summary>
    public static string Body(string deliveryId, string kind, DateTimeOffset occurredAt, JsonObject data) => new JsonObject
    {
        ["id"] = deliveryId,
        ["type"] = kind,
        ["version"] = BodyVersion,
        ["occurredAt"] = occurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["data"] = data,
    }.ToJsonString();

    // What a subscriber is told of an event, or null when it does not concern it.
    private static async Task<JsonObject?> DataForAsync(StoreSession s, SubscriptionRecord subscription, Announced announced, IReadOnlyList<CaseRecord> cases)
    {
        if (subscription.OwnerKind == SubscriptionRecord.PlatformOwner)
        {
            return announced.ForPlatform is not null && announced.PlatformId == subscription.OwnerId && NotificationKinds.ForPlatforms.Contains(announced.Kind, StringComparer.Ordinal)
                && LeadTimeWanted(subscription, announced)
                ? (JsonObject)announced.ForPlatform.DeepClone()
                : null;
        }

        if (!LeadTimeWanted(subscription, announced) || !await OnReportRouteAsync(s, subscription, announced).ConfigureAwait(false)
            || await FirstSeenAsync(s, cases, subscription.AuthorityId).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        if (announced.Kind == NotificationKinds.CaseOpened
            && WireNames.Parse<Severity>(found.Severity) is { } severity && WireNames.Parse<Severity>(subscription.MinSeverity) is { } least && severity < least)
        {
            return null;
        }

        var data = (JsonObject)announced.ForRegulators.DeepClone();
        if (announced.Kind == NotificationKinds.CaseOpened)
        {
            data["severity"] = found.Severity;
        }

        return data;
    }

    private static async Task<CaseRecord?> FirstSeenAsync(StoreSession s, IReadOnlyList<CaseRecord> cases, string? authorityId)
    {
        foreach (var candidate in cases)
        {
            if (await s.Authorities.SeesAsync(candidate, authorityId).ConfigureAwait(false))
            {
                return candidate;
            }
        }

        return null;
    }

    // A report reaches the regulators of the authority the routing table gives a case of its platform in its
    // jurisdiction, and of those above it; others (a sibling, a partner reading a case through a share) do not hear of it.
    private static async Task<bool> OnReportRouteAsync(StoreSession s, SubscriptionRecord subscription, Announced announced) =>
        announced.Kind != NotificationKinds.ReportReceived
        || (announced.PlatformId is { } platformId && announced.ForRegulators["jurisdiction"]?.GetValue<string>() is { } jurisdiction
            && await s.Authorities.OnReportRouteAsync(subscription.AuthorityId, jurisdiction, platformId).ConfigureAwait(false));

    private static bool LeadTimeWanted(SubscriptionRecord subscription, Announced announced) =>
        announced.Kind != NotificationKinds.DeadlineApproaching || announced.ForRegulators["leadDays"]?.GetValue<int>() is not { } lead || subscription.LeadDayList.Contains(lead);

    // An outbox message as an event one may subscribe to: its kind, case and platform, and what each audience reads of it.
    // A finding of a report-overdue rule (the rule's type in the profiles in force) is also announced as report-overdue, first.
    private IEnumerable<Announced> Interpret(OutboxMessage message)
    {
        if (JsonNode.Parse(message.Body) is not JsonObject body)
        {
            yield break;
        }

        var caseId = body["caseId"]?.GetValue<string>();
        var platformId = body["platformId"]?.GetValue<string>();
        if (message.MessageType == nameof(FindingRaised) && body["ruleId"]?.GetValue<string>() is { } ruleId
            && profiles.Current.FindRule(ruleId)?.Type == ReportOverdueRuleType)
        {
            yield return new(NotificationKinds.ReportOverdue, caseId, platformId, body, OverdueForPlatform(body));
        }

        if (Announce(message.MessageType, body, caseId, platformId) is { } announced)
        {
            yield return announced;
        }
    }

    private const string ReportOverdueRuleType = "report-overdue";

    // What a platform reads of its overdue report: the finding, and each obligation, report type and due date it missed
    // (the finding's measured values are keyed by obligation).
    private static JsonObject OverdueForPlatform(JsonObject body)
    {
        var picked = Pick(body, "findingId", "caseId", "platformId", "severity", "raisedAt");
        var missed = body["measured"] is JsonObject measured ? measured.Select(m => m.Value).OfType<JsonObject>() : [];
        picked["overdue"] = new JsonArray([.. missed.Select(m => (JsonNode)Pick(m, "obligationId", "reportType", "dueDate"))]);
        return picked;
    }

    private static Announced? Announce(string messageType, JsonObject body, string? caseId, string? platformId)
    {
        return messageType switch
        {
            nameof(CaseOpened) => new(NotificationKinds.CaseOpened, caseId, platformId, body, null),
            nameof(FindingRaised) when caseId is not null => new(NotificationKinds.FindingRaised, caseId, platformId, body, null),
            nameof(FindingWithdrawn) when caseId is not null => new(NotificationKinds.FindingWithdrawn, caseId, platformId, body, null),
            nameof(NoticeIssued) => new(NotificationKinds.NoticeIssued, caseId, platformId, body, Pick(body, "noticeId", "caseId", "platformId", "responseDueAt")),
            nameof(AnswerReceived) => new(NotificationKinds.AnswerReceived, caseId, platformId, body, null),
            nameof(DecisionSubmitted) => new(NotificationKinds.DecisionAwaitingApproval, caseId, platformId, body, null),
            nameof(DecisionServed) => new(NotificationKinds.DecisionServed, caseId, platformId, body, Pick(body, "decisionId", "caseId", "platformId", "outcome", "fine", "servedAt")),
            nameof(ReportReceived) => new(NotificationKinds.ReportReceived, null, platformId, body, Pick(body, "reportId", "platformId", "jurisdiction", "reportType", "periodStart", "periodEnd", "submittedAt")),
            nameof(DeadlineApproaching) => new(NotificationKinds.DeadlineApproaching, caseId, platformId, body, Pick(body, "deadline", "subjectId", "caseId", "platformId", "dueAt", "leadDays", "reportType")),
            _ => null,
        };
    }

    // Only the named fields: what a platform may read of an announcement (never who approved, never another platform).
    private static JsonObject Pick(JsonObject body, params string[] fields)
    {
        var picked = new JsonObject();
        foreach (var field in fields)
        {
            if (body[field] is { } value)
            {
                picked[field] = value.DeepClone();
            }
        }

        return picked;
    }

    private sealed record Announced(string Kind, string? CaseId, string? PlatformId, JsonObject ForRegulators, JsonObject? ForPlatform);
}
