using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>A finding as its platform sees it (<see cref="PlatformView"/>).</summary>
public sealed record PlatformFinding(
    string FindingId,
    string RuleId,
    string? MarketId,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    string Severity,
    JsonObject Measured,
    JsonObject Threshold,
    JsonNode? LegalBasis,
    IReadOnlyList<string> EvidenceEventIds);

/// <summary>
/// The one projection of a finding for the platform it concerns, used wherever a platform
/// credential sees findings (the platform API and the portal). It is built from the fields known to
/// be safe for the finding's rule type — the platform's own figures and the market's aggregates
/// (joint share, HHI, CR-n, how many undertakings) — never by deleting fields known to be unsafe,
/// so a rule type without an entry here shows its platform no measurements at all. Other
/// platforms' ids and figures and evidence events that are not the platform's own are never in it.
/// </summary>
public static class PlatformView
{
    private static readonly Shape Nothing = (JsonNode? _, out JsonNode? seen) =>
    {
        seen = new JsonObject();
        return true;
    };

    private static readonly Shape Period = Fields("start", "end");
    private static readonly Shape Money = Fields("amount", "currency");
    private static readonly Shape Conditions = Each(Fields("basis", "source", "from", "to"));

    // An observation as conduct findings describe it. Free-text attributes are left out (they may
    // name others); the conditions the rule tests are in its threshold.
    private static readonly Shape Observation = Keyed(Fields(
        F("conduct"), F("observed", Period), F("counterparty"), F("affectedCount"), F("enforcement", Each(Scalar)), F("incentives", Each(Scalar)),
        F("attributes", Keyed(NumberOrBoolean)), F("conditions", Conditions), F("days"), F("excessPoints")));

    // An acquisition as the acquirer sees it: its own deal (target, dates, the target's services), the
    // parties' combined turnover as the thresholds test it, never a figure of another party alone.
    private static readonly Field[] Deal = [F("targetId"), F("signedAt"), F("closingAt")];
    private static readonly Field[] TurnoverTest =
    [
        F("turnoverYear"), F("worldwideTurnoverAll"), F("chinaTurnoverAll"), new("partiesAboveChinaEachCount", "partiesAboveChinaEach", Count), F("thresholdsMet"),
    ];

    private static readonly Shape NotificationThresholds = Fields(
        F("worldwideTurnoverAllAbove", Money), F("chinaTurnoverAllAbove", Money), F("chinaTurnoverEachAbove", Money), F("partiesEach"), F("authority"), F("requires"));

    private static readonly Shape ConductThreshold = Fields(
        F("conduct", Each(Scalar)), F("requires"), F("allOf", Each(Scalar)), F("anyOf", Each(Scalar)), F("counterparty"), F("enforcement"));

    /// <summary>Per rule type: what of <c>measured</c> and of <c>threshold</c> the platform sees.</summary>
    private static readonly Dictionary<string, (Shape Measured, Shape Threshold)> Types = new(StringComparer.Ordinal)
    {
        // Market shares, keyed by metric: the platform's share and the market's aggregates.
        ["share-threshold"] = (Keyed(Fields("share")), Fields("atLeast", "below")),
        ["joint-share"] = (Keyed(Fields(F("share"), F("jointShare"), new Field("otherUndertakings", "with", Count))), Fields("jointShare", "others", "minShare")),
        ["share-crossing"] = (Keyed(Fields(F("share"), F("previousPeriod", Period), F("previousShare"), F("previousShareAtMost"))), Fields("threshold")),
        ["rapid-gain"] = (Keyed(Fields(F("share"), F("earlierShare"), F("gainPoints"), F("earlierPeriod", Period))), Fields("points", "months")),
        ["hhi-level"] = (Keyed(Fields("hhi", "cr3", "cr4", "coverage", "platforms")), Fields("hhiAbove")),
        ["hhi-delta"] = (Keyed(Fields(F("hhi"), F("cr3"), F("cr4"), F("coverage"), F("platforms"), F("previousHhi"), F("delta"), F("previousPeriod", Period))), Fields("hhiAbove", "deltaAbove")),

        // The figures reported about the platform by each kind of source: kinds and shares, not who reported them.
        ["data-conflict"] = (Keyed(Fields(F("counts"), F("largest"), F("smallest"), F("difference"), F("figures", Each(Fields("kind", "share"))))), Fields("differenceAbove")),
        ["understated-share"] = (
            Keyed(Fields(F("share"), F("counts", Fields("kind", "share")), F("own", Fields("kind", "share")), F("understatedBy"), F("submittedOn"))),
            Fields("understatedByAbove", "threshold")),

        // Conduct, keyed by the platform's own observation (or the consent purpose).
        ["conduct"] = (Observation, ConductThreshold),
        ["exclusive-dealing"] = (Observation, Fields("requires", "withEnforcement", "incentivesOnly")),
        ["below-cost"] = (Observation, Fields("requires", "belowAverageVariableCost", "belowAverageTotalCostForMoreThanDays")),
        ["excessive-pricing"] = (Observation, Fields("requires", "excessAbovePoints")),
        ["consent-reprompt"] = (
            Keyed(Fields(F("purpose"), F("refusedAt"), F("reprompts"), F("repromptedAt", Each(Scalar)), F("conditions", Conditions))),
            Fields("requires", "minReprompts", "withinMonths")),

        // The platform's own prices and rankings.
        ["price-discrimination"] = (
            Fields(F("products", Keyed(Fields(
                F("buckets"), F("largestSpread"), F("cohortPayingMost"), F("cohortPayingLeast"),
                F("bucketsShown", Each(Fields(F("bucket"), F("spread"), F("highest", Fields("cohort", "price", "currency")), F("lowest", Fields("cohort", "price", "currency")))))))),
                F("conditions", Conditions)),
            Fields(F("minSpread"), F("minBuckets"), F("allowedJustifications", Each(Scalar)))),
        ["self-preferencing"] = (
            Fields(F("pages"), F("firstPartyInversions"), F("firstPartyPairs"), F("firstPartyRate"), F("baselineInversions"), F("baselinePairs"),
                F("baselineRate"), F("excess"), F("conditions", Conditions)),
            Fields("minExcess", "minPairs", "requires")),

        // Acquisitions, keyed by the target: the acquirer's own deal.
        ["merger-notification"] = (Keyed(Fields([.. TurnoverTest, F("filed"), F("closedBeforeClearance"), .. Deal])), NotificationThresholds),
        ["merger-call-in"] = (Keyed(Fields([.. TurnoverTest, F("conditions", Conditions), .. Deal])), NotificationThresholds),
        ["dma-concentration-inform"] = (Keyed(Fields([F("targetServices", Each(Scalar)), F("informed"), F("conditions", Conditions), .. Deal])), Fields("requires", "authority", "filedBefore")),
        ["merger-hhi"] = (
            Keyed(Fields([F("acquirerSharePct"), F("combinedSharePct"), F("deltaHhi"), F("market", Keyed(Fields(F("period", Period), F("hhi"), F("postMergerHhi")))), .. Deal])),
            Fields("postMergerHhiAbove", "deltaHhiAbove", "combinedSharePctAbove")),

        // The platform's own yearly profile.
        ["gatekeeper-thresholds"] = (
            Fields(F("years", Each(Scalar)), F("euTurnover", Keyed(Scalar)), F("turnoverMet"), F("marketCapitalisation"), F("marketCapitalisationMet"),
                F("servicesInMemberStates", Each(Scalar)), F("servicesWithReach", Each(Scalar)), F("currency")),
            Fields(F("euTurnover", Money), F("marketCapitalisation", Money), F("memberStates"), F("monthlyActiveEndUsers"), F("yearlyActiveBusinessUsers"), F("years"))),
        ["platform-grade"] = (Fields("annualActiveUsersCn", "marketCapitalisation", "currency"), Fields(F("annualActiveUsers"), F("marketCapitalisation", Money))),

        // The platform's own obligations and reports, keyed by obligation or report.
        ["report-overdue"] = (
            Keyed(Fields(F("obligationId"), F("reportType"), F("dueDate"), F("previousDueDate"), F("asOf"), F("obligationBasis"), F("submittedLate", Each(Fields("reportId", "submittedOn"))))),
            Fields("submittedAfter", "submittedOnOrBefore")),
        ["report-sections"] = (Keyed(Fields(F("reportId"), F("missingSections", Each(Scalar)), F("sectionsGiven", Each(Scalar)))), Fields(F("requiredSections", Each(Scalar)))),
        ["report-contradiction"] = (
            Keyed(Fields(F("reportId"), F("claims", Each(Fields(F("obligation"), F("assertion"), F("contradictedBy", Each(Fields(F("findingId"), F("ruleId"), F("period", Period))))))))),
            Fields(F("denials", Each(Scalar)))),
    };

    /// <summary>The rule types with an entry; any other type shows its platform no measurements.</summary>
    public static IReadOnlyCollection<string> RuleTypes => Types.Keys;

    /// <summary>
    /// The finding as <paramref name="platformId"/> sees it; null when it is not that platform's
    /// (a market-level finding, or another platform's). <paramref name="ruleType"/> is the type of
    /// the finding's rule (null when the rule is no longer loaded: nothing measured is shown);
    /// <paramref name="ownEvents"/> the event ids that are the platform's own (<see cref="OwnEvents"/>).
    /// </summary>
    public static PlatformFinding? Of(StoredFinding finding, string? ruleType, string platformId, IReadOnlySet<string> ownEvents)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(ownEvents);
        if (finding.PlatformId is null || !string.Equals(finding.PlatformId, platformId, StringComparison.Ordinal))
        {
            return null;
        }

        var (measured, threshold) = ruleType is not null && Types.TryGetValue(ruleType, out var shapes) ? shapes : (Nothing, Nothing);
        return new PlatformFinding(
            finding.FindingId,
            finding.RuleId,
            finding.MarketId,
            finding.PeriodStart,
            finding.PeriodEnd,
            finding.Severity,
            Project(measured, finding.Measured),
            Project(threshold, finding.Threshold),
            JsonNode.Parse(finding.LegalBasis),
            finding.EvidenceEventIds.Where(ownEvents.Contains).ToList());
    }

    /// <summary>The ids of the events that are the platform's own (reported about it, filed by it, its acquisitions).</summary>
    public static IReadOnlySet<string> OwnEvents(IEnumerable<EvidenceEvent> events, string platformId)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Where(e => string.Equals(PlatformOf(e), platformId, StringComparison.Ordinal)).Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
    }

    private static string? PlatformOf(EvidenceEvent e)
    {
        if (InboundContracts.Find(e.Type) is not { } contract)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(e.Payload, contract, ContractJson.Options) is IInboundEvent inbound ? EventFacts.PlatformOf(inbound) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject Project(Shape shape, string json) =>
        shape(JsonNode.Parse(json), out var seen) && seen is JsonObject obj ? obj : new JsonObject();

    // What of a JSON value a platform may see: false when nothing of it (it is left out).
    private delegate bool Shape(JsonNode? node, out JsonNode? seen);

    private sealed record Field(string Name, string From, Shape Shape);

    private static Field F(string name, Shape? shape = null) => new(name, name, shape ?? Scalar);

    private static bool Scalar(JsonNode? node, out JsonNode? seen)
    {
        seen = node is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? value.DeepClone() : null;
        return node is null || seen is not null;
    }

    private static bool NumberOrBoolean(JsonNode? node, out JsonNode? seen)
    {
        seen = node is JsonValue value && value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? value.DeepClone() : null;
        return seen is not null;
    }

    // How many entries a list has, instead of the entries.
    private static bool Count(JsonNode? node, out JsonNode? seen)
    {
        seen = node is JsonArray array ? JsonValue.Create(array.Count) : null;
        return seen is not null;
    }

    private static Shape Fields(params string[] names) => Fields(names.Select(n => F(n)).ToArray());

    private static Shape Fields(params Field[] fields) => (JsonNode? node, out JsonNode? seen) =>
    {
        if (node is not JsonObject obj)
        {
            seen = null;
            return false;
        }

        var result = new JsonObject();
        foreach (var field in fields)
        {
            if (obj.TryGetPropertyValue(field.From, out var value) && field.Shape(value, out var projected))
            {
                result[field.Name] = projected;
            }
        }

        seen = result;
        return true;
    };

    // Every property (a metric, an observation, a target, a report: keys the rule type makes from the platform's own data).
    private static Shape Keyed(Shape value) => (JsonNode? node, out JsonNode? seen) =>
    {
        if (node is not JsonObject obj)
        {
            seen = null;
            return false;
        }

        var result = new JsonObject();
        foreach (var (key, item) in obj)
        {
            if (value(item, out var projected))
            {
                result[key] = projected;
            }
        }

        seen = result;
        return true;
    };

    private static Shape Each(Shape item) => (JsonNode? node, out JsonNode? seen) =>
    {
        if (node is not JsonArray array)
        {
            seen = null;
            return false;
        }

        var result = new JsonArray();
        foreach (var entry in array)
        {
            if (item(entry, out var projected))
            {
                result.Add(projected);
            }
        }

        seen = result;
        return true;
    };
}
