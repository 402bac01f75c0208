using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Types;

/// <summary>
/// A rule type judged on the announced acquisitions of one acquirer. Acquisitions name no
/// jurisdiction: every profile evaluates them with its own thresholds.
/// </summary>
public abstract class AcquisitionRuleType : RuleType
{
    /// <inheritdoc />
    public override SubjectKind Subject => SubjectKind.Acquisition;

    /// <summary>Everything that meets the test; <paramref name="market"/> gives a market's picture by id (null when nothing is known).</summary>
    public abstract IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<AcquisitionAnnounced> acquisitions, Func<string, MarketPicture?> market);

    /// <summary>The finding's period: the signing day.</summary>
    public static DateRange PeriodOf(AcquisitionAnnounced a) => DateRange.Day(a?.SignedAt ?? throw new ArgumentNullException(nameof(a)));

    /// <summary>A candidate for one acquisition: platform = acquirer, market = target market, period = signing day.</summary>
    protected static Candidate Found(AcquisitionAnnounced a, JsonObject measured, JsonObject threshold, IEnumerable<string>? moreEvidence = null, IReadOnlyList<ConditionFact>? held = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(measured);
        measured["targetId"] = a.TargetId;
        measured["signedAt"] = Exact.Date(a.SignedAt);
        if (a.ClosingAt is { } closing)
        {
            measured["closingAt"] = Exact.Date(closing);
        }

        return new Candidate
        {
            PlatformId = a.AcquirerId,
            MarketId = a.TargetMarketId,
            Period = PeriodOf(a),
            Measured = measured,
            Threshold = threshold,
            Evidence = (moreEvidence ?? []).Concat((held ?? []).SelectMany(h => h.Evidence)).Append(a.EventId),
            HeldDuring = held?.Select(h => h.During).ToList(),
            MeasuredKey = a.TargetId,
        };
    }
}

/// <summary>The notification thresholds of a concentration (State Council provisions), decided on the parties' turnover.</summary>
internal static class NotificationThresholds
{
    public static readonly ParameterSpec[] Parameters =
    [
        new("worldwideTurnoverAll", ParameterKind.Money, "the parties' combined worldwide turnover must be above this …"),
        new("chinaTurnoverAll", ParameterKind.Money, "… or their combined turnover in China above this"),
        new("chinaTurnoverEach", ParameterKind.Money, "and at least `partiesEach` parties must each have China turnover above this"),
        new("partiesEach", ParameterKind.WholeNumber, "how many parties must each pass chinaTurnoverEach"),
    ];

    /// <summary>
    /// Whether the thresholds in force on the signing day are met, on the turnover of the previous
    /// financial year. A turnover not reported (or not convertible) is never counted as meeting a
    /// threshold; known sums that already pass one are enough.
    /// </summary>
    public static (bool Met, JsonObject Measured) Test(RuleContext context, AcquisitionAnnounced a, RuleParameters p)
    {
        var year = a.SignedAt.Year - 1;
        var world = Sum(context, a, p.Money("worldwideTurnoverAll").Currency, year, x => x.TurnoverWorld, "turnoverWorld", out var worldGaps);
        var china = Sum(context, a, p.Money("chinaTurnoverAll").Currency, year, x => x.TurnoverCn, "turnoverCn", out var chinaGaps);
        var each = p.Money("chinaTurnoverEach");
        var passing = new List<string>();
        foreach (var party in a.Parties)
        {
            if (party.TurnoverCn is { } cn)
            {
                var (value, gap) = context.Fx.Convert(cn.Amount, cn.Currency, each.Currency, year);
                if (value is { } v && v > Rational.FromDecimal(each.Amount))
                {
                    passing.Add(party.PartyId);
                }
                else if (gap is not null)
                {
                    context.Gap($"acquisition {a.EventId}: party {party.PartyId}: {gap}");
                }
            }
        }

        var worldMet = world > Rational.FromDecimal(p.Money("worldwideTurnoverAll").Amount);
        var chinaMet = china > Rational.FromDecimal(p.Money("chinaTurnoverAll").Amount);
        var met = (worldMet || chinaMet) && passing.Count >= p.WholeNumber("partiesEach");
        var measured = new JsonObject
        {
            ["turnoverYear"] = year,
            ["worldwideTurnoverAll"] = Exact.Number(world),
            ["chinaTurnoverAll"] = Exact.Number(china),
            ["partiesAboveChinaEach"] = new JsonArray(passing.Select(x => (JsonNode)x).ToArray()),
            ["thresholdsMet"] = met,
        };
        var gaps = worldGaps.Concat(chinaGaps).Distinct(StringComparer.Ordinal).ToList();
        if (gaps.Count > 0)
        {
            measured["notReported"] = new JsonArray(gaps.Select(x => (JsonNode)x).ToArray());
            if (!met)
            {
                context.Gap($"acquisition {a.EventId}: thresholds not established; not reported: {string.Join(", ", gaps)}");
            }
        }

        return (met, measured);
    }

    public static JsonObject Threshold(RuleParameters p) => new()
    {
        ["worldwideTurnoverAllAbove"] = Money(p.Money("worldwideTurnoverAll")),
        ["chinaTurnoverAllAbove"] = Money(p.Money("chinaTurnoverAll")),
        ["chinaTurnoverEachAbove"] = Money(p.Money("chinaTurnoverEach")),
        ["partiesEach"] = p.WholeNumber("partiesEach"),
    };

    public static JsonObject Money(Money m) => new() { ["amount"] = Exact.Number(m.Amount), ["currency"] = m.Currency };

    private static Rational Sum(RuleContext context, AcquisitionAnnounced a, string currency, int year, Func<AcquisitionParty, Money?> pick, string field, out List<string> gaps)
    {
        gaps = [];
        var total = Rational.Zero;
        foreach (var party in a.Parties)
        {
            if (pick(party) is not { } money)
            {
                gaps.Add($"{party.PartyId}.{field}");
                continue;
            }

            var (value, gap) = context.Fx.Convert(money.Amount, money.Currency, currency, year);
            if (value is { } v)
            {
                total += v;
            }
            else
            {
                gaps.Add($"{party.PartyId}.{field} ({gap})");
            }
        }

        return total;
    }
}

/// <summary>
/// <c>merger-notification</c>: control acquired, not intra-group, the thresholds in force on the
/// signing day met, and no filing with <c>authority</c>, or a closing before its clearance.
/// </summary>
public sealed class MergerNotificationType : AcquisitionRuleType
{
    /// <inheritdoc />
    public override string Name => "merger-notification";

    /// <inheritdoc />
    public override string Test => "control acquired, not intra-group, the notification thresholds in force on signedAt met (turnover of the previous financial year), and either no filing with `authority`, or a closingAt with no clearedAt on or before it";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
        [.. NotificationThresholds.Parameters, new("authority", ParameterKind.Text, "the authority the concentration must be notified to, e.g. SAMR")];

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<AcquisitionAnnounced> acquisitions, Func<string, MarketPicture?> market)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(acquisitions);
        foreach (var a in acquisitions.Where(a => a.ControlAcquired && !a.IntraGroup))
        {
            if (context.ParametersFor(PeriodOf(a)) is not { } p)
            {
                continue;
            }

            var (met, measured) = NotificationThresholds.Test(context, a, p);
            if (!met)
            {
                continue;
            }

            var authority = p.Text("authority");
            var filings = a.Notifications.Where(n => n.Authority == authority && n.FiledAt is not null).ToList();
            var clearedBeforeClosing = a.ClosingAt is { } closing && filings.Any(n => n.ClearedAt is { } cleared && cleared <= closing);
            if (filings.Count > 0 && (a.ClosingAt is null || clearedBeforeClosing))
            {
                continue;
            }

            measured["filed"] = filings.Count > 0;
            measured["closedBeforeClearance"] = filings.Count > 0 && !clearedBeforeClosing;
            var threshold = NotificationThresholds.Threshold(p);
            threshold["authority"] = authority;
            yield return Found(a, measured, threshold);
        }
    }
}

/// <summary>
/// <c>merger-call-in</c>: control acquired, not intra-group, the thresholds not met, and the
/// acquirer dominant in the target's market on the signing day.
/// </summary>
public sealed class MergerCallInType : AcquisitionRuleType
{
    /// <inheritdoc />
    public override string Name => "merger-call-in";

    /// <inheritdoc />
    public override string Test => "control acquired, not intra-group, the notification thresholds in force on signedAt not met, and the acquirer dominant in the target's market (targetMarketId) on signedAt";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } = NotificationThresholds.Parameters;

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<AcquisitionAnnounced> acquisitions, Func<string, MarketPicture?> market)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(acquisitions);
        foreach (var a in acquisitions.Where(a => a.ControlAcquired && !a.IntraGroup && a.TargetMarketId is not null))
        {
            if (context.ParametersFor(PeriodOf(a)) is not { } p)
            {
                continue;
            }

            var (met, measured) = NotificationThresholds.Test(context, a, p);
            if (met)
            {
                continue;
            }

            var held = context.Dominance(a.TargetMarketId, PeriodOf(a));
            if (held.Count == 0)
            {
                continue;
            }

            measured["conditions"] = ConditionsJson.Of(held);
            var threshold = NotificationThresholds.Threshold(p);
            threshold["requires"] = "dominance of the acquirer in the target market";
            yield return Found(a, measured, threshold, held: held);
        }
    }
}

/// <summary>
/// <c>dma-concentration-inform</c>: a gatekeeper acquirer, a target with services listed, and no
/// notification to <c>authority</c> filed before closing (or at all, before a closing date is known).
/// </summary>
public sealed class ConcentrationInformType : AcquisitionRuleType
{
    /// <inheritdoc />
    public override string Name => "dma-concentration-inform";

    /// <inheritdoc />
    public override string Test => "the acquirer is a designated gatekeeper on signedAt, targetServices is not empty, and no notification to `authority` was filed before closingAt (or at all, when there is no closing date yet)";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("authority", ParameterKind.Text, "the authority that must be informed, e.g. EC-DMA-ART14"),
    ];

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<AcquisitionAnnounced> acquisitions, Func<string, MarketPicture?> market)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(acquisitions);
        foreach (var a in acquisitions.Where(a => a.TargetServices.Count > 0))
        {
            if (context.ParametersFor(PeriodOf(a)) is not { } p)
            {
                continue;
            }

            var authority = p.Text("authority");
            var informed = a.Notifications.Any(n => n.Authority == authority && n.FiledAt is { } filed && (a.ClosingAt is not { } closing || filed < closing));
            if (informed)
            {
                continue;
            }

            var held = context.Gatekeeper(PeriodOf(a));
            if (held.Count == 0)
            {
                continue;
            }

            var measured = new JsonObject
            {
                ["targetServices"] = new JsonArray(a.TargetServices.Select(s => (JsonNode)s).ToArray()),
                ["informed"] = false,
                ["conditions"] = ConditionsJson.Of(held),
            };
            yield return Found(a, measured, new JsonObject { ["requires"] = "gatekeeper", ["authority"] = authority, ["filedBefore"] = "closingAt" }, held: held);
        }
    }
}

/// <summary>
/// <c>merger-hhi</c>: ΔHHI = 2·a·b (shares in percent); post-merger HHI = the target market's
/// HHI in its latest period starting on or before signing (else its latest) + ΔHHI.
/// </summary>
public sealed class MergerHhiType : AcquisitionRuleType
{
    /// <inheritdoc />
    public override string Name => "merger-hhi";

    /// <inheritdoc />
    public override string Test => "with acquirerShare a and targetShare b in percent, ΔHHI = 2·a·b; post-merger HHI = HHI of the target market's latest period starting on or before signedAt (else its latest period) + ΔHHI; flag when post-merger HHI > level and ΔHHI > delta, or a + b > combinedShare and ΔHHI > delta";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("level", ParameterKind.Number, "post-merger HHI above which the market is highly concentrated"),
        new("delta", ParameterKind.Number, "the ΔHHI that must be exceeded"),
        new("combinedShare", ParameterKind.Number, "combined share in percent above which (with ΔHHI above delta) the merger is flagged"),
    ];

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<AcquisitionAnnounced> acquisitions, Func<string, MarketPicture?> market)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(acquisitions);
        ArgumentNullException.ThrowIfNull(market);
        foreach (var a in acquisitions)
        {
            if (a.AcquirerShare is not { } acquirerShare || a.TargetShare is not { } targetShare || a.TargetMarketId is null)
            {
                continue;
            }

            if (context.ParametersFor(PeriodOf(a)) is not { } p)
            {
                continue;
            }

            var hundred = Rational.FromInteger(100);
            var aPct = Rational.FromDecimal(acquirerShare) * hundred;
            var bPct = Rational.FromDecimal(targetShare) * hundred;
            var delta = Rational.FromInteger(2) * aPct * bPct;
            var level = p.Rational("level");
            var minDelta = p.Rational("delta");
            var combined = p.Rational("combinedShare");
            if (delta <= minDelta)
            {
                continue;
            }

            var measured = new JsonObject
            {
                ["acquirerSharePct"] = Exact.Number(aPct),
                ["targetSharePct"] = Exact.Number(bPct),
                ["deltaHhi"] = Exact.Number(delta),
                ["combinedSharePct"] = Exact.Number(aPct + bPct),
            };
            var evidence = new List<string>();
            var flagged = aPct + bPct > combined;
            var byMetric = new JsonObject();
            foreach (var series in market(a.TargetMarketId)?.Series ?? [])
            {
                var period = series.Periods.LastOrDefault(x => x.Period.Start <= a.SignedAt) ?? series.Periods[^1];
                var post = period.Hhi + delta;
                byMetric[Contracts.Wire.WireNames.Name(series.Metric)] = new JsonObject
                {
                    ["period"] = Exact.Period(period.Period),
                    ["hhi"] = Exact.Number(period.Hhi),
                    ["postMergerHhi"] = Exact.Number(post),
                };
                evidence.AddRange(period.Shares.Select(s => s.EventId));
                flagged |= post > level;
            }

            if (!flagged)
            {
                continue;
            }

            measured["market"] = byMetric;
            var threshold = new JsonObject
            {
                ["postMergerHhiAbove"] = Exact.Number(level),
                ["deltaHhiAbove"] = Exact.Number(minDelta),
                ["combinedSharePctAbove"] = Exact.Number(combined),
            };
            yield return Found(a, measured, threshold, evidence);
        }
    }
}
