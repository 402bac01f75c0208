using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Types;

/// <summary>
/// A rule type judged on one platform's reporting obligations and submitted reports (the latest
/// of each obligation id and report id).
/// </summary>
public abstract class ReportsRuleType : RuleType
{
    /// <inheritdoc />
    public override SubjectKind Subject => SubjectKind.Reports;

    /// <summary>Everything that meets the test.</summary>
    public abstract IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<ReportingObligationSet> obligations, IReadOnlyList<SelfRegulationReportSubmitted> reports);

    /// <summary>The day a report was submitted, in the timestamp's own offset.</summary>
    public static DateOnly SubmittedOn(SelfRegulationReportSubmitted report) =>
        DateOnly.FromDateTime((report ?? throw new ArgumentNullException(nameof(report))).SubmittedAt.DateTime);

    /// <summary>True when the rule covers reports of this type (an empty list covers all).</summary>
    protected static bool Covers(RuleParameters parameters, ReportType type)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var types = parameters.TextList("reportTypes");
        return types.Count == 0 || types.Contains(WireNames.Name(type), StringComparer.Ordinal);
    }

    /// <summary>Report-type names in a list parameter that are not report types.</summary>
    protected static IEnumerable<string> UnknownReportTypes(RuleParameters parameters, string name) =>
        (parameters ?? throw new ArgumentNullException(nameof(parameters))).TextList(name)
            .Where(t => WireNames.Parse<ReportType>(t) is null)
            .Select(t => $"parameter '{name}': '{t}' is not a report type; expected one of: {string.Join(", ", WireNames.Names<ReportType>())}");
}

/// <summary>
/// <c>report-overdue</c>: a due date has passed (as of the evaluation time) and no report of the
/// obligation's type was submitted after the previous due date and on or before this one.
/// </summary>
public sealed class ReportOverdueType : ReportsRuleType
{
    /// <inheritdoc />
    public override string Name => "report-overdue";

    /// <inheritdoc />
    public override string Test => "a due date of a reporting obligation (of one of reportTypes; all when empty) is before the evaluation date, and the platform submitted no report of that type after the previous due date and on or before this one; critical for criticalTypes, else the rule's severity";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("reportTypes", ParameterKind.TextList, "the report types the rule covers (empty: all)") { Required = false },
        new("criticalTypes", ParameterKind.TextList, "report types whose overdue report is critical") { Required = false },
    ];

    /// <inheritdoc />
    public override IEnumerable<string> Check(RuleParameters parameters) =>
        UnknownReportTypes(parameters, "reportTypes").Concat(UnknownReportTypes(parameters, "criticalTypes"));

    /// <summary>
    /// True when the platform submitted a report of the obligation's type after the due date before
    /// <paramref name="due"/> (of the obligation's due dates) and on or before <paramref name="due"/>.
    /// </summary>
    public static bool IsMet(ReportingObligationSet obligation, DateOnly due, IReadOnlyList<SelfRegulationReportSubmitted> reports)
    {
        ArgumentNullException.ThrowIfNull(obligation);
        ArgumentNullException.ThrowIfNull(reports);
        var previous = obligation.DueDates.Where(d => d < due).DefaultIfEmpty(DateOnly.MinValue).Max();
        return reports.Any(r => r.PlatformId == obligation.PlatformId && r.ReportType == obligation.ReportType && SubmittedOn(r) > previous && SubmittedOn(r) <= due);
    }

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<ReportingObligationSet> obligations, IReadOnlyList<SelfRegulationReportSubmitted> reports)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(obligations);
        ArgumentNullException.ThrowIfNull(reports);
        foreach (var obligation in obligations)
        {
            var dueDates = obligation.DueDates.Distinct().Order().ToList();
            for (var i = 0; i < dueDates.Count; i++)
            {
                var due = dueDates[i];
                var previous = i == 0 ? DateOnly.MinValue : dueDates[i - 1];
                if (due >= context.AsOf || context.ParametersFor(DateRange.Day(due)) is not { } p || !Covers(p, obligation.ReportType))
                {
                    continue;
                }

                if (IsMet(obligation, due, reports))
                {
                    continue;
                }

                var ofType = reports.Where(r => r.PlatformId == obligation.PlatformId && r.ReportType == obligation.ReportType).ToList();
                var late = ofType.Where(r => SubmittedOn(r) > due).OrderBy(SubmittedOn).ToList();
                var type = WireNames.Name(obligation.ReportType);
                var measured = new JsonObject
                {
                    ["obligationId"] = obligation.ObligationId,
                    ["reportType"] = type,
                    ["dueDate"] = Exact.Date(due),
                    ["previousDueDate"] = i == 0 ? null : Exact.Date(previous),
                    ["asOf"] = Exact.Date(context.AsOf),
                    ["obligationBasis"] = obligation.LegalBasis,
                    ["submittedLate"] = new JsonArray(late.Select(r => (JsonNode)new JsonObject { ["reportId"] = r.ReportId, ["submittedOn"] = Exact.Date(SubmittedOn(r)) }).ToArray()),
                };
                yield return new Candidate
                {
                    PlatformId = obligation.PlatformId,
                    Period = DateRange.Day(due),
                    Severity = p.TextList("criticalTypes").Contains(type, StringComparer.Ordinal) ? Severity.Critical : null,
                    Measured = measured,
                    Threshold = new JsonObject { ["submittedAfter"] = i == 0 ? null : Exact.Date(previous), ["submittedOnOrBefore"] = Exact.Date(due) },
                    Evidence = late.Select(r => r.EventId).Append(obligation.EventId),
                    MeasuredKey = obligation.ObligationId,
                };
            }
        }
    }
}

/// <summary><c>report-sections</c>: a submitted report lacks (or leaves blank) a section its obligations require.</summary>
public sealed class ReportSectionsType : ReportsRuleType
{
    /// <inheritdoc />
    public override string Name => "report-sections";

    /// <inheritdoc />
    public override string Test => "a submitted report of one of reportTypes lacks, or leaves blank, a section named in the requiredSections of the platform's obligations for that report type";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("reportTypes", ParameterKind.TextList, "the report types the rule covers (empty: all)") { Required = false },
    ];

    /// <inheritdoc />
    public override IEnumerable<string> Check(RuleParameters parameters) => UnknownReportTypes(parameters, "reportTypes");

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<ReportingObligationSet> obligations, IReadOnlyList<SelfRegulationReportSubmitted> reports)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(obligations);
        ArgumentNullException.ThrowIfNull(reports);
        foreach (var report in reports)
        {
            var period = new DateRange(report.PeriodStart, report.PeriodEnd);
            if (context.ParametersFor(period) is not { } p || !Covers(p, report.ReportType))
            {
                continue;
            }

            var demanding = obligations.Where(o => o.PlatformId == report.PlatformId && o.ReportType == report.ReportType).ToList();
            var required = demanding.SelectMany(o => o.RequiredSections).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var missing = required.Where(s => !report.Sections.TryGetValue(s, out var text) || string.IsNullOrWhiteSpace(text)).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            yield return new Candidate
            {
                PlatformId = report.PlatformId,
                Period = period,
                Measured = new JsonObject
                {
                    ["reportId"] = report.ReportId,
                    ["missingSections"] = new JsonArray(missing.Select(s => (JsonNode)s).ToArray()),
                    ["sectionsGiven"] = new JsonArray(report.Sections.Keys.Order(StringComparer.Ordinal).Select(s => (JsonNode)s).ToArray()),
                },
                Threshold = new JsonObject { ["requiredSections"] = new JsonArray(required.Select(s => (JsonNode)s).ToArray()) },
                Evidence = demanding.Select(o => o.EventId).Append(report.EventId),
                MeasuredKey = report.ReportId,
            };
        }
    }
}

/// <summary>
/// <c>report-contradiction</c>: a report claims "none" for a conduct while a finding of a rule about
/// that conduct, for a period overlapping the report's, exists for the platform.
/// </summary>
public sealed class ReportContradictionType : ReportsRuleType
{
    /// <inheritdoc />
    public override string Name => "report-contradiction";

    /// <inheritdoc />
    public override string Test => "a report's claim { obligation: X, assertion: one of denials } while the platform has an active finding of a rule about conduct X whose period overlaps the report's period";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("denials", ParameterKind.TextList, "assertions that deny a conduct, e.g. none"),
    ];

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<ReportingObligationSet> obligations, IReadOnlyList<SelfRegulationReportSubmitted> reports)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reports);
        foreach (var report in reports)
        {
            var period = new DateRange(report.PeriodStart, report.PeriodEnd);
            if (context.ParametersFor(period) is not { } p)
            {
                continue;
            }

            var claims = new JsonArray();
            var evidence = new List<string> { report.EventId };
            foreach (var claim in report.Claims.Where(c => p.TextList("denials").Contains(c.Assertion, StringComparer.Ordinal)))
            {
                var contradicting = context.FindingsAbout(claim.Obligation, period);
                if (contradicting.Count == 0)
                {
                    continue;
                }

                claims.Add(new JsonObject
                {
                    ["obligation"] = claim.Obligation,
                    ["assertion"] = claim.Assertion,
                    ["contradictedBy"] = new JsonArray(contradicting
                        .OrderBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.FindingId, StringComparer.Ordinal)
                        .Select(f => (JsonNode)new JsonObject { ["findingId"] = f.FindingId, ["ruleId"] = f.RuleId, ["period"] = Exact.Period(f.Period) })
                        .ToArray()),
                });
                evidence.AddRange(contradicting.SelectMany(f => f.Evidence));
            }

            if (claims.Count == 0)
            {
                continue;
            }

            yield return new Candidate
            {
                PlatformId = report.PlatformId,
                Period = period,
                Measured = new JsonObject { ["reportId"] = report.ReportId, ["claims"] = claims },
                Threshold = new JsonObject { ["denials"] = new JsonArray(p.TextList("denials").Select(d => (JsonNode)d).ToArray()) },
                Evidence = evidence,
                MeasuredKey = report.ReportId,
            };
        }
    }
}
