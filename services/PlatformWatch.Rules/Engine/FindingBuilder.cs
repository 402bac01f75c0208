using System.Text.Json.Nodes;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Engine;

/// <summary>
/// Joins the candidates of each key into one finding and applies the law in force: the latest
/// legal version overlapping the period, cited with what applies alongside it, and the part of
/// the period in which the law was in force and every condition held (<c>established</c>).
/// </summary>
internal static class FindingBuilder
{
    public static List<FindingDraft> Build(IEnumerable<(RuleDefinition Rule, Candidate Candidate)> found, string subject)
    {
        var drafts = new List<FindingDraft>();
        var groups = found.GroupBy(f => new FindingKey(f.Rule.Id, f.Candidate.PlatformId, f.Candidate.MarketId, f.Candidate.Period));
        foreach (var group in groups)
        {
            var rule = group.First().Rule;
            var candidates = group.Select(g => g.Candidate).ToList();
            var period = group.Key.Period;
            var lawDay = candidates.Max(c => c.LawDay);
            var law = lawDay is { } day ? rule.LawOn(day) : rule.LawFor(period);
            if (law is null || Established(lawDay is null ? rule.InForceDuring(period) : period, period, candidates) is not { } established)
            {
                continue;
            }

            drafts.Add(new FindingDraft
            {
                RuleId = rule.Id,
                RuleVersion = rule.Version,
                ProfileId = rule.ProfileId,
                ProfileHash = rule.ProfileHash,
                Family = rule.Family,
                PlatformId = group.Key.PlatformId,
                MarketId = group.Key.MarketId,
                Period = period,
                Established = established,
                Severity = candidates.Max(c => c.Severity ?? rule.Severity),
                Law = law.ToCitation(lawDay is { } on ? DateRange.Day(on) : period, candidates.SelectMany(c => c.AlsoCited)),
                MeasuredJson = Measured(candidates).ToJsonString(),
                ThresholdJson = candidates[0].Threshold.ToJsonString(),
                Evidence = candidates.SelectMany(c => c.Evidence).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                Subject = subject,
            });
        }

        return drafts
            .OrderBy(d => d.RuleId, StringComparer.Ordinal)
            .ThenBy(d => d.PlatformId, StringComparer.Ordinal)
            .ThenBy(d => d.MarketId, StringComparer.Ordinal)
            .ThenBy(d => d.Period.Start)
            .ThenBy(d => d.Period.End)
            .ToList();
    }

    // In force, and (where a candidate names conditions) while a condition held: the hull of those
    // days. A law chosen by a day of its own (a submission) was in force for the whole period.
    private static DateRange? Established(DateRange? inForceDuring, DateRange period, List<Candidate> candidates)
    {
        if (inForceDuring is not { } inForce)
        {
            return null;
        }

        var held = candidates
            .SelectMany(c => c.HeldDuring ?? [period])
            .Select(d => d.Intersect(inForce))
            .OfType<DateRange>()
            .ToList();
        return held.Count == 0 ? null : new DateRange(held.Min(d => d.Start), held.Max(d => d.End));
    }

    private static JsonObject Measured(List<Candidate> candidates)
    {
        var measured = new JsonObject();
        foreach (var candidate in candidates.OrderBy(c => c.MeasuredKey, StringComparer.Ordinal))
        {
            if (candidate.MeasuredKey is { } key)
            {
                measured[key] = candidate.Measured.DeepClone();
                continue;
            }

            foreach (var (name, value) in candidate.Measured)
            {
                measured[name] = value?.DeepClone();
            }
        }

        return measured;
    }
}
