using System.Text.Json;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// The penalty exposure of a case (RULES.md "Penalty exposure"): for each active finding, the
/// penalty provisions of the legal version it applies (the version's own, or those cited when the
/// platform is dominant), the base figure (the platform's turnover of the base year in the
/// provision's region, the figure that counts among its <c>PlatformProfileReported</c>), and the
/// ranges on it. Read with the access of reading the case: another authority's case is not found.
/// </summary>
public sealed class ExposureService(CaseService cases, CaseStore store, ActiveProfiles profiles, TimeProvider clock)
{
    /// <summary>
    /// The exposure of a case as the actor may read it. <paramref name="baseYear"/> overrides the
    /// base year (default: for the Chinese laws the year before the case was opened; for the DMA
    /// and Art. 102, the year before the current one, as long as no decision names another).
    /// </summary>
    public async Task<Outcome<CaseExposure>> ForCaseAsync(Actor actor, string caseId, int? baseYear, CancellationToken ct)
    {
        var read = await cases.ReadAsync(actor, caseId, "exposure", ct).ConfigureAwait(false);
        if (!read.IsOk)
        {
            return Outcome<CaseExposure>.Refused(read.Kind, read.Reason);
        }

        return Outcome<CaseExposure>.Ok(await OfAsync(read.Value!.Detail, baseYear, ct).ConfigureAwait(false));
    }

    /// <summary>The exposure of a case the caller has read already (the case page, which reads it once with <see cref="CaseService.ReadAsync"/>).</summary>
    public async Task<CaseExposure> OfAsync(CaseDetail detail, int? baseYear, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var platformId = detail.Case.PlatformId;
        var reported = platformId is null ? [] : await TurnoverAsync(platformId, ct).ConfigureAwait(false);
        var set = profiles.Current;
        var entries = new List<ExposureEntry>();
        var noFine = new List<ExposureWithoutFine>();
        foreach (var finding in detail.Findings.Where(f => f.IsActive))
        {
            var rule = set.FindRule(finding.RuleId);
            var cited = JsonSerializer.Deserialize<LegalCitation>(finding.LegalBasis, ContractJson.Options)!;
            var version = rule is null ? null : VersionOf(rule, cited, new DateRange(finding.PeriodStart, finding.PeriodEnd));
            var penalties = rule is null ? [] : DominantPenalties(rule, cited) ?? version?.Penalties ?? [];
            if (penalties.Count == 0)
            {
                noFine.Add(new ExposureWithoutFine(finding.FindingId, finding.RuleId, rule is null
                    ? Messages.Format("exposure.ruleNotInForce", finding.RuleId)
                    : Messages.Format("exposure.noPenalty", Messages.IsChinese && cited.Zh is { } zh ? zh.Citation : cited.Citation)));
                continue;
            }

            var precedence = set.PrecedenceFor(set.Find(rule!.ProfileId)?.Jurisdictions ?? []);
            foreach (var penalty in penalties)
            {
                entries.Add(Entry(finding, cited, penalty, platformId, reported, precedence, penalty.SalesRegion is { } region ? baseYear ?? DefaultBaseYear(region, detail.Case) : null));
            }
        }

        return new CaseExposure(detail.Case.CaseId, platformId, entries, noFine);
    }

    private static ExposureEntry Entry(StoredFinding finding, LegalCitation cited, PenaltyProvision penalty, string? platformId, IReadOnlyList<Reported> reported, SourcePrecedence precedence, int? year)
    {
        var figure = year is { } y && penalty.SalesRegion is { } region ? FigureThatCounts(reported, region, y, precedence) : null;
        var range = PenaltyRange.Of(penalty, figure is null ? null : new Money { Amount = figure.Amount, Currency = figure.Currency });
        return new ExposureEntry
        {
            FindingId = finding.FindingId,
            RuleId = finding.RuleId,
            LawVersion = cited.LawVersion,
            Citation = penalty.Citation,
            CitationZh = penalty.CitationZh,
            BaseYear = year,
            Base = figure,
            Min = range.Min,
            Max = range.Max,
            SeriousMin = range.SeriousMin,
            SeriousMax = range.SeriousMax,
            AggravatedCitation = penalty.Aggravated?.Citation,
            AggravatedCitationZh = penalty.Aggravated?.CitationZh,
            AggravatedMin = range.AggravatedMin,
            AggravatedMax = range.AggravatedMax,
            MaxWithoutEffect = range.MaxWithoutEffect,
            Confiscation = penalty.Confiscation,
            Missing = range.NeedsSales
                ? [platformId is null
                    ? Messages.Format("exposure.missingPlatform", penalty.SalesRegion)
                    : Messages.Format("exposure.missingTurnover", penalty.SalesRegion, platformId, year)]
                : [],
        };
    }

    // The version the finding cites (its name and first day in force); else the latest in force in its period.
    private static LegalVersion? VersionOf(RuleDefinition rule, LegalCitation cited, DateRange period) =>
        rule.Law.LastOrDefault(v => v.Name == cited.LawVersion && v.Article.En == cited.Article && (cited.InForceFrom ?? DateRange.BeginningOfTime) == v.InForce.Start)
        ?? rule.LawFor(period);

    // When the finding cites provisions for a dominant platform that carry penalties, those apply
    // (CN-PIPL24-PRICE when dominant: AML 2008 Art. 47 / AML 2022 Art. 57, not PIPL Art. 66).
    private static List<PenaltyProvision>? DominantPenalties(RuleDefinition rule, LegalCitation cited)
    {
        var dominant = rule.WhenDominant
            .Where(w => w.Penalties.Count > 0 && cited.Also.Any(a => a.LawVersion == w.Name && a.Article == w.Article.En))
            .SelectMany(w => w.Penalties)
            .ToList();
        return dominant.Count == 0 ? null : dominant;
    }

    // The Chinese laws: the year before the case was opened; the DMA and Art. 102 (WORLD): the year before the current one.
    private int DefaultBaseYear(string region, CaseRecord record) =>
        region == "WORLD" ? clock.GetUtcNow().Year - 1 : record.OpenedAt.Year - 1;

    private sealed record Reported(string EventId, DateTimeOffset OccurredAt, SourceKind Kind, int FiscalYear, RegionalTurnover Turnover);

    private async Task<IReadOnlyList<Reported>> TurnoverAsync(string platformId, CancellationToken ct)
    {
        var events = await store.Ingestion.ListPlatformEventsAsync(platformId, nameof(PlatformProfileReported), ct).ConfigureAwait(false);
        var registry = await store.Sources.GetRegistryAsync(ct).ConfigureAwait(false);
        return [.. events.SelectMany(e =>
        {
            var profile = JsonSerializer.Deserialize<PlatformProfileReported>(e.Payload, ContractJson.Options)!;
            return profile.Turnover.Select(t => new Reported(e.EventId, e.OccurredAt, registry.KindOf(e.Source), profile.FiscalYear, t));
        })];
    }

    // "Which figure counts": the highest-ranked kind of source; within a kind the latest (greatest
    // occurredAt as an instant, ties to the greater event id in ordinal order).
    private static ExposureBase? FigureThatCounts(IReadOnlyList<Reported> reported, string region, int year, SourcePrecedence precedence) =>
        reported
            .Where(r => r.FiscalYear == year && r.Turnover.Region == region)
            .OrderBy(r => precedence.Rank(r.Kind))
            .ThenByDescending(r => r.OccurredAt.UtcTicks)
            .ThenByDescending(r => r.EventId, StringComparer.Ordinal)
            .Select(r => new ExposureBase(region, year, r.Turnover.Amount, r.Turnover.Currency, r.EventId))
            .FirstOrDefault();
}
