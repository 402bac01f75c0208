using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using static PlatformWatch.Tests.Events;

namespace PlatformWatch.Tests;

// CN-REPORT-OVERDUE, DMA-11-REPORT-LATE, DMA-15-AUDIT-LATE, DMA-11-SECTIONS and GEN-REPORT-CONTRADICTION.
public class ReportRuleTests
{
    private static EvaluationResult Evaluate(string asOf, IEnumerable<ReportingObligationSet> obligations, IEnumerable<SelfRegulationReportSubmitted>? reports = null, PlatformFacts? facts = null) =>
        TestData.Engine.Reports("p1", obligations.ToList(), (reports ?? []).ToList(), facts ?? Facts(), Day(asOf));

    private static readonly ReportingObligationSet Remedy = Obligation(ReportType.CnRemedySelfInspection, "CN", ["2025-03-31", "2025-09-30"]);

    [Test]
    public void On_the_due_date_nothing_is_overdue_and_the_day_after_it_is() => Assert.Multiple(() =>
    {
        Assert.That(Evaluate("2025-03-31", [Remedy]).RulesFound(), Is.Empty);
        Assert.That(Evaluate("2025-04-01", [Remedy]).Only("CN-REPORT-OVERDUE").Period, Is.EqualTo(TestData.Period("2025-03-31..2025-03-31")));
    });

    [Test]
    public void A_remedy_self_inspection_report_overdue_is_critical_other_types_medium()
    {
        var annual = Obligation(ReportType.AnnualSelfRegulation, "CN", ["2025-03-31"]);
        Assert.Multiple(() =>
        {
            Assert.That(Evaluate("2025-04-01", [Remedy]).Only("CN-REPORT-OVERDUE").Severity, Is.EqualTo(Severity.Critical));
            Assert.That(Evaluate("2025-04-01", [annual]).Only("CN-REPORT-OVERDUE").Severity, Is.EqualTo(Severity.Medium));
        });
    }

    [Test]
    public void A_report_on_the_due_date_is_in_time()
    {
        var report = Report(ReportType.CnRemedySelfInspection, "CN", "2025-03-31T23:00:00+08:00");
        Assert.That(Evaluate("2025-06-01", [Remedy], [report]).RulesFound(), Is.Empty);
    }

    [Test]
    public void A_report_counts_only_for_the_due_date_it_was_filed_for()
    {
        // Filed before the first due date: the second due date (passed) still has no report.
        var report = Report(ReportType.CnRemedySelfInspection, "CN", "2025-02-01T00:00:00Z");
        var found = Evaluate("2025-10-01", [Remedy], [report]).Only("CN-REPORT-OVERDUE");
        Assert.That(found.Period.Start, Is.EqualTo(Day("2025-09-30")));
    }

    [Test]
    public void A_late_report_does_not_cure_the_lateness_and_is_listed()
    {
        var late = Report(ReportType.CnRemedySelfInspection, "CN", "2025-04-15T00:00:00Z");
        var found = Evaluate("2025-05-01", [Remedy], [late]).Only("CN-REPORT-OVERDUE");
        var measured = JsonNode.Parse(found.MeasuredJson)!.AsObject().Single().Value!;
        Assert.Multiple(() =>
        {
            Assert.That(measured["submittedLate"]![0]!["reportId"]!.GetValue<string>(), Is.EqualTo(late.ReportId));
            Assert.That(found.Evidence, Does.Contain(late.EventId));
        });
    }

    [Test]
    public void A_report_of_another_type_does_not_count() =>
        Assert.That(Evaluate("2025-04-01", [Remedy], [Report(ReportType.AnnualSelfRegulation, "CN", "2025-03-01T00:00:00Z")]).RulesFound(), Is.EqualTo(new[] { "CN-REPORT-OVERDUE" }));

    [Test]
    public void DMA_compliance_and_audit_reports_late_are_critical_under_their_own_rules()
    {
        var art11 = Obligation(ReportType.DmaArt11Compliance, "EU", ["2024-03-07"]);
        var art15 = Obligation(ReportType.DmaArt15ProfilingAudit, "EU", ["2024-03-07"]);
        Assert.Multiple(() =>
        {
            Assert.That(Evaluate("2024-03-08", [art11]).RulesFound(), Is.EqualTo(new[] { "DMA-11-REPORT-LATE" }));
            Assert.That(Evaluate("2024-03-08", [art15]).RulesFound(), Is.EqualTo(new[] { "DMA-15-AUDIT-LATE" }));
            Assert.That(Evaluate("2024-03-08", [art15]).Only("DMA-15-AUDIT-LATE").Severity, Is.EqualTo(Severity.Critical));
        });
    }

    [Test]
    public void A_compliance_report_missing_or_leaving_blank_a_required_section_is_flagged()
    {
        var obligation = Obligation(ReportType.DmaArt11Compliance, "EU", ["2026-03-07"], sections: ["measures", "data-access", "interoperability"]);
        var report = Report(ReportType.DmaArt11Compliance, "EU", "2025-03-01T00:00:00Z", sections: new() { ["measures"] = "…", ["data-access"] = "  " });
        var complete = Report(ReportType.DmaArt11Compliance, "EU", "2025-03-01T00:00:00Z", sections: new() { ["measures"] = "a", ["data-access"] = "b", ["interoperability"] = "c" });
        var found = Evaluate("2025-04-01", [obligation], [report]).Only("DMA-11-SECTIONS");
        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.Parse(found.MeasuredJson)![report.ReportId]!["missingSections"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "data-access", "interoperability" }));
            Assert.That(found.Period, Is.EqualTo(TestData.Period("2025")), "the report's period");
            Assert.That(Evaluate("2025-04-01", [obligation], [complete]).RulesFound(), Is.Empty);
        });
    }

    [Test]
    public void Claiming_no_exclusive_dealing_while_a_finding_about_it_overlaps_is_a_contradiction()
    {
        var exclusive = new FindingFact("F-X", "CN-AML22-EXCLUSIVE", "cn-m", TestData.Period("2025-03-01..2025-06-30"), TestData.Period("2025-03-01..2025-06-30"), ["c-1"]);
        var report = Report(ReportType.AnnualSelfRegulation, "CN", "2026-01-15T00:00:00Z", claims: [new ReportClaim { Obligation = "exclusive-dealing", Assertion = "none" }]);
        var found = Evaluate("2026-01-20", [], [report], Facts(findings: [exclusive])).Only("GEN-REPORT-CONTRADICTION");
        Assert.Multiple(() =>
        {
            Assert.That(found.Severity, Is.EqualTo(Severity.Critical));
            Assert.That(found.MarketId, Is.Null);
            Assert.That(found.Evidence, Does.Contain("c-1").And.Contain(report.EventId));
            Assert.That(found.Law.Also.Single().Citation, Is.EqualTo("DMA Art. 30(3)"));
        });
    }

    [Test]
    public void No_contradiction_without_overlap_for_other_conduct_or_other_assertions()
    {
        var exclusive = new FindingFact("F-X", "CN-ECL35-RESTRICT", "cn-m", TestData.Period("2024-03-01..2024-06-30"), TestData.Period("2024-03-01..2024-06-30"), ["c-1"]);
        var facts = Facts(findings: [exclusive]);
        var noOverlap = Report(ReportType.AnnualSelfRegulation, "CN", "2026-01-15T00:00:00Z", claims: [new ReportClaim { Obligation = "exclusive-dealing", Assertion = "none" }]);
        var overlapping = Report(ReportType.AnnualSelfRegulation, "CN", "2026-01-15T00:00:00Z", periodStart: "2024-01-01", periodEnd: "2024-12-31", claims: [new ReportClaim { Obligation = "tying", Assertion = "none" }, new ReportClaim { Obligation = "exclusive-dealing", Assertion = "remedied" }]);
        Assert.Multiple(() =>
        {
            Assert.That(Evaluate("2026-01-20", [], [noOverlap], facts).RulesFound(), Is.Empty);
            Assert.That(Evaluate("2026-01-20", [], [overlapping], facts).RulesFound(), Is.Empty);
        });
    }
}
