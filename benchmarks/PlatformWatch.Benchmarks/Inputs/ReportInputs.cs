using System.Globalization;
using PlatformWatch.Contracts;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Benchmarks.Inputs;

/// <summary>One platform's reporting obligations and reports, and what is known about it.</summary>
internal sealed record ReportSubject(string PlatformId, IReadOnlyList<ReportingObligationSet> Obligations, IReadOnlyList<SelfRegulationReportSubmitted> Reports, PlatformFacts Facts);

/// <summary>
/// Reporting obligations and self-regulation reports, as in tests/scenarios/dma-gatekeeper.jsonl,
/// judged as of 2026-06-30: 6 EU gatekeepers (DMA Art. 11 compliance reports and Art. 15 audits due
/// yearly from 2024-03-07) and 6 platforms in China (quarterly remedy self-inspections, yearly PIPL
/// Art. 58 reports). Each has 2 obligations and 6 reports: on time, late, missing, lacking a
/// required section, and denying a conduct that an active finding establishes (anti-steering in the
/// EU, exclusive dealing in China).
/// </summary>
internal static class ReportInputs
{
    /// <summary>The evaluation date.</summary>
    public static readonly DateOnly AsOf = new(2026, 6, 30);

    /// <summary>Platforms.</summary>
    public const int Platforms = 12;

    /// <summary>Obligations and reports of each platform.</summary>
    public const int PerPlatform = 8;

    /// <summary>Events (obligations and reports) over all platforms.</summary>
    public const int Events = Platforms * PerPlatform;

    /// <summary>Every platform with its obligations and reports.</summary>
    public static IReadOnlyList<ReportSubject> Subjects()
    {
        var subjects = new List<ReportSubject>(Platforms);
        for (var i = 0; i < Platforms / 2; i++)
        {
            subjects.Add(European(string.Create(CultureInfo.InvariantCulture, $"gatekeeper-{i}"), i));
        }

        for (var i = 0; i < Platforms / 2; i++)
        {
            subjects.Add(Chinese(string.Create(CultureInfo.InvariantCulture, $"cn-platform-{i}"), i));
        }

        return subjects;
    }

    private static ReportSubject European(string platform, int i)
    {
        DateOnly[] due = [new(2024, 3, 7), new(2025, 3, 7), new(2026, 3, 7)];
        var compliance = Obligation(platform, "EU", ReportType.DmaArt11Compliance, due, ["measures", "data-portability", "interoperability"], "DMA Art. 11(1)");
        var audit = Obligation(platform, "EU", ReportType.DmaArt15ProfilingAudit, due, [], "DMA Art. 15(1)");
        Dictionary<string, string> full = new(StringComparer.Ordinal) { ["measures"] = "We allow sellers to communicate offers.", ["data-portability"] = "Export tools are available.", ["interoperability"] = "Interfaces are documented." };
        Dictionary<string, string> lacking = new(StringComparer.Ordinal) { ["measures"] = "We allow sellers to communicate offers.", ["data-portability"] = "Export tools are available." };
        var reports = new List<SelfRegulationReportSubmitted>
        {
            Report(platform, "EU", ReportType.DmaArt11Compliance, 0, due[0].AddDays(-2), due[0], due[1].AddDays(-1), i % 2 == 0 ? lacking : full, [new ReportClaim { Obligation = "anti-steering", Assertion = "none" }]),
            Report(platform, "EU", ReportType.DmaArt11Compliance, 1, i % 3 == 0 ? due[1].AddDays(20) : due[1].AddDays(-1), due[1], due[2].AddDays(-1), full, [new ReportClaim { Obligation = "self-preferencing", Assertion = "none" }]),
            Report(platform, "EU", ReportType.DmaArt11Compliance, 2, due[2].AddDays(-3), due[2], due[2].AddYears(1).AddDays(-1), i % 2 == 1 ? lacking : full, []),
            Report(platform, "EU", ReportType.DmaArt15ProfilingAudit, 3, due[0].AddDays(-1), due[0], due[1].AddDays(-1), new(StringComparer.Ordinal) { ["audit"] = "Independent audit attached." }, []),
            Report(platform, "EU", ReportType.DmaArt15ProfilingAudit, 4, i % 2 == 0 ? due[1].AddDays(45) : due[1].AddDays(-1), due[1], due[2].AddDays(-1), new(StringComparer.Ordinal) { ["audit"] = "Independent audit attached." }, []),
            Report(platform, "EU", ReportType.AnnualSelfRegulation, 5, new DateOnly(2025, 1, 31), new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), new(StringComparer.Ordinal) { ["summary"] = "No changes." }, [new ReportClaim { Obligation = "anti-steering", Assertion = "none" }]),
        };
        var steering = Build.Finding($"F-STEER-{platform}", "DMA-5-4-STEERING", "eu-online-marketplaces", new DateRange(new DateOnly(2024, 6, 1), new DateOnly(2024, 8, 31)), $"co-{platform}-steering");
        return new ReportSubject(platform, [compliance, audit], reports, Build.Gatekeeper(platform, steering));
    }

    private static ReportSubject Chinese(string platform, int i)
    {
        var quarters = Enumerable.Range(0, 8).Select(q => new DateOnly(2024, 1, 1).AddMonths(3 * (q + 1)).AddDays(-1)).ToArray();
        DateOnly[] yearly = [new(2024, 6, 30), new(2025, 6, 30), new(2026, 6, 30)];
        var inspection = Obligation(platform, "CN", ReportType.CnRemedySelfInspection, quarters, ["self-inspection", "remedy-measures", "complaints"], "SAMR decision, remedy 3");
        var pipl = Obligation(platform, "CN", ReportType.PiplArt58SocialResponsibility, yearly, [], "PIPL Art. 58(4)");
        Dictionary<string, string> sections = new(StringComparer.Ordinal) { ["self-inspection"] = "Done.", ["remedy-measures"] = "Applied.", ["complaints"] = "None open." };
        var reports = new List<SelfRegulationReportSubmitted>();
        // Four of the eight quarters reported (one of them late), the rest missing.
        for (var q = 0; q < 4; q++)
        {
            var quarter = quarters[(2 * q) + (i % 2)];
            var submitted = q == 1 ? quarter.AddDays(15) : quarter.AddDays(-3);
            reports.Add(Report(platform, "CN", ReportType.CnRemedySelfInspection, q, submitted, quarter.AddMonths(-3).AddDays(1), quarter, sections, q == 2 ? [new ReportClaim { Obligation = "exclusive-dealing", Assertion = "none" }] : []));
        }

        reports.Add(Report(platform, "CN", ReportType.PiplArt58SocialResponsibility, 4, yearly[0].AddDays(-10), new DateOnly(2023, 7, 1), new DateOnly(2024, 6, 30), new(StringComparer.Ordinal) { ["summary"] = "Personal information handled lawfully." }, [new ReportClaim { Obligation = "price-discrimination", Assertion = "none" }]));
        reports.Add(Report(platform, "CN", ReportType.PiplArt58SocialResponsibility, 5, i % 3 == 0 ? yearly[1].AddDays(40) : yearly[1].AddDays(-10), new DateOnly(2024, 7, 1), new DateOnly(2025, 6, 30), new(StringComparer.Ordinal) { ["summary"] = "Personal information handled lawfully." }, [new ReportClaim { Obligation = "exclusive-dealing", Assertion = "none" }]));
        var exclusive = Build.Finding($"F-EXCL-{platform}", "CN-AML22-EXCLUSIVE", "cn-online-retail", new DateRange(new DateOnly(2025, 3, 1), new DateOnly(2025, 6, 30)), $"co-{platform}-exclusive");
        var pricing = Build.Finding($"F-PRICE-{platform}", "CN-PIPL24-PRICE", "cn-hotel-booking", new DateRange(new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 31)), $"pq-{platform}");
        return new ReportSubject(platform, [inspection, pipl], reports, new PlatformFacts(platform, [exclusive, pricing], []));
    }

    private static ReportingObligationSet Obligation(string platform, string jurisdiction, ReportType type, DateOnly[] due, string[] sections, string basis) => new()
    {
        EventId = string.Create(CultureInfo.InvariantCulture, $"ob-{platform}-{(int)type}"),
        OccurredAt = Build.Midnight(due[0].AddMonths(-6)),
        Source = "sample-commission",
        ObligationId = string.Create(CultureInfo.InvariantCulture, $"{platform}-{(int)type}"),
        PlatformId = platform,
        Jurisdiction = jurisdiction,
        ReportType = type,
        DueDates = due,
        RequiredSections = sections,
        LegalBasis = basis,
    };

    private static SelfRegulationReportSubmitted Report(string platform, string jurisdiction, ReportType type, int n, DateOnly submitted, DateOnly from, DateOnly to, Dictionary<string, string> sections, ReportClaim[] claims)
    {
        var at = new DateTimeOffset(submitted.ToDateTime(new TimeOnly(16, 0)), jurisdiction == "CN" ? TimeSpan.FromHours(8) : TimeSpan.FromHours(1));
        return new SelfRegulationReportSubmitted
        {
            EventId = string.Create(CultureInfo.InvariantCulture, $"rp-{platform}-{n}"),
            OccurredAt = at,
            Source = "sample-filing-portal",
            ReportId = string.Create(CultureInfo.InvariantCulture, $"{platform}-report-{n}"),
            PlatformId = platform,
            Jurisdiction = jurisdiction,
            ReportType = type,
            PeriodStart = from,
            PeriodEnd = to,
            SubmittedAt = at,
            Sections = sections,
            Claims = claims,
        };
    }
}
