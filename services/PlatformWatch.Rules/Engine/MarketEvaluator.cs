using System.Text.Json.Nodes;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.Rules.Engine;

/// <summary>
/// Evaluates the market-share rules on the whole picture of one market. The result depends only
/// on the picture, never on the order in which its figures arrived.
/// </summary>
public static class MarketEvaluator
{
    /// <summary>The subject name under which a market's findings are kept.</summary>
    public static string SubjectOf(string marketId) => "market:" + marketId;

    /// <summary>Every finding of the market-share rules that apply to the market's jurisdictions.</summary>
    public static IReadOnlyList<FindingDraft> Evaluate(MarketPicture market, ProfileSet profiles)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(profiles);
        var rules = market.Jurisdictions
            .SelectMany(profiles.RulesFor)
            .Distinct()
            .Where(r => r.Enabled)
            .Select(r => (Rule: r, Type: RuleTypeCatalog.Find(r.Type) as MarketRuleType))
            .Where(r => r.Type is not null)
            .ToList();

        var found = new Dictionary<FindingKey, Joined>();
        foreach (var series in market.Series)
        {
            var metric = WireNames.Name(series.Metric);
            foreach (var period in series.Periods)
            {
                foreach (var (rule, type) in rules)
                {
                    if (rule.LawFor(period.Period) is not { } law)
                    {
                        continue;
                    }

                    foreach (var candidate in type!.Evaluate(rule.ParametersUnder(law), series, period))
                    {
                        var key = new FindingKey(rule.Id, candidate.PlatformId, market.MarketId, period.Period);
                        if (!found.TryGetValue(key, out var joined))
                        {
                            joined = new Joined(rule, law, candidate.Threshold);
                            found.Add(key, joined);
                        }

                        joined.Measured[metric] = candidate.Measured;
                        joined.Evidence.UnionWith(candidate.Evidence);
                    }
                }
            }
        }

        return found
            .Select(pair => new FindingDraft
            {
                RuleId = pair.Value.Rule.Id,
                RuleVersion = pair.Value.Rule.Version,
                ProfileId = pair.Value.Rule.ProfileId,
                ProfileHash = pair.Value.Rule.ProfileHash,
                Family = pair.Value.Rule.Family,
                PlatformId = pair.Key.PlatformId,
                MarketId = market.MarketId,
                Period = pair.Key.Period,
                Established = pair.Value.Rule.InForceDuring(pair.Key.Period)!.Value,
                Severity = pair.Value.Rule.Severity,
                Law = pair.Value.Law.ToCitation(),
                MeasuredJson = pair.Value.Measured.ToJsonString(),
                ThresholdJson = pair.Value.Threshold.ToJsonString(),
                Evidence = pair.Value.Evidence.Order(StringComparer.Ordinal).ToList(),
                Subject = SubjectOf(market.MarketId),
            })
            .OrderBy(d => d.RuleId, StringComparer.Ordinal)
            .ThenBy(d => d.PlatformId, StringComparer.Ordinal)
            .ThenBy(d => d.Period.Start)
            .ToList();
    }

    private sealed class Joined(RuleDefinition rule, LegalVersion law, JsonObject threshold)
    {
        public RuleDefinition Rule { get; } = rule;
        public LegalVersion Law { get; } = law;
        public JsonObject Threshold { get; } = threshold;
        public JsonObject Measured { get; } = [];
        public HashSet<string> Evidence { get; } = new(StringComparer.Ordinal);
    }
}
