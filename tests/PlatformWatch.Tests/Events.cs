using System.Globalization;
using System.Text.Json;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Tests;

/// <summary>Builders of inbound events and facts for the rule tests.</summary>
internal static class Events
{
    private static int _next;

    public static string NextId(string prefix = "e") => $"{prefix}-{Interlocked.Increment(ref _next):D5}";

    public static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    public static ConductObserved Conduct(
        ConductKind conduct,
        string platform = "p1",
        string? market = "cn-m",
        string jurisdiction = "CN",
        string? from = "2025-03-01",
        string? to = "2025-06-30",
        Enforcement[]? enforcement = null,
        Incentive[]? incentives = null,
        Counterparty? counterparty = null,
        object? attributes = null,
        string occurredAt = "2025-07-01T00:00:00Z") => new()
        {
            EventId = NextId("c"),
            OccurredAt = At(occurredAt),
            Source = "test",
            PlatformId = platform,
            MarketId = market,
            Jurisdiction = jurisdiction,
            Conduct = conduct,
            ObservedFrom = from is null ? null : Day(from),
            ObservedTo = to is null ? null : Day(to),
            Counterparty = counterparty,
            Enforcement = enforcement ?? [],
            Incentives = incentives ?? [],
            Attributes = attributes is null
                ? new Dictionary<string, JsonElement>()
                : JsonSerializer.SerializeToElement(attributes).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
        };

    public static DesignationDecided Designation(
        DesignationKind kind,
        string platform = "p1",
        string jurisdiction = "EU",
        string obligationsFrom = "2024-03-07",
        string? market = null,
        string? revokedAt = null) => new()
        {
            EventId = NextId("d"),
            OccurredAt = At("2023-09-06T00:00:00Z"),
            Source = "test",
            DesignationId = NextId("decision"),
            PlatformId = platform,
            Jurisdiction = jurisdiction,
            Kind = kind,
            MarketId = market,
            DecidedAt = Day(obligationsFrom).AddMonths(-6),
            ObligationsFrom = Day(obligationsFrom),
            RevokedAt = revokedAt is null ? null : Day(revokedAt),
            LegalBasis = "test decision",
        };

    /// <summary>A dominance finding (CN-AML24-SINGLE by default) of a platform in a market for a period.</summary>
    public static FindingFact Dominance(string market = "cn-m", string period = "2025", string rule = "CN-AML24-SINGLE") =>
        new(NextId("F"), rule, market, TestData.Period(period), TestData.Period(period), [NextId("share")]);

    public static PlatformFacts Facts(string platform = "p1", IEnumerable<FindingFact>? findings = null, IEnumerable<DesignationDecided>? designations = null) =>
        new(platform, (findings ?? []).ToList(), (designations ?? []).ToList());

    /// <summary>A platform that is dominant in cn-m throughout 2025.</summary>
    public static PlatformFacts Dominant(string platform = "p1", string market = "cn-m", string period = "2025") =>
        Facts(platform, [Dominance(market, period)]);

    /// <summary>A platform designated gatekeeper (EU) with obligations from 2024-03-07.</summary>
    public static PlatformFacts Gatekeeper(string platform = "p1", string obligationsFrom = "2024-03-07") =>
        Facts(platform, designations: [Designation(DesignationKind.Gatekeeper, platform, obligationsFrom: obligationsFrom)]);

    public static Money Cny(decimal amount) => new() { Amount = amount, Currency = "CNY" };

    public static AcquisitionParty Party(string id, Money? world = null, Money? china = null, Money? eu = null) =>
        new() { PartyId = id, TurnoverWorld = world, TurnoverCn = china, TurnoverEu = eu };

    public static AcquisitionAnnounced Acquisition(
        string acquirer = "p1",
        string target = "t1",
        string signedAt = "2025-09-01",
        string? closingAt = null,
        bool control = true,
        bool intraGroup = false,
        AcquisitionParty[]? parties = null,
        MergerNotification[]? notifications = null,
        string[]? targetServices = null,
        string? targetMarket = "cn-m",
        decimal? acquirerShare = null,
        decimal? targetShare = null) => new()
        {
            EventId = NextId("a"),
            OccurredAt = At(signedAt + "T00:00:00Z"),
            Source = "test",
            AcquirerId = acquirer,
            TargetId = target,
            SignedAt = Day(signedAt),
            ClosingAt = closingAt is null ? null : Day(closingAt),
            ControlAcquired = control,
            IntraGroup = intraGroup,
            Parties = parties ?? [],
            Notifications = notifications ?? [],
            TargetServices = targetServices ?? [],
            TargetMarketId = targetMarket,
            AcquirerShare = acquirerShare,
            TargetShare = targetShare,
        };

    public static ReportingObligationSet Obligation(ReportType type, string jurisdiction, string[] dueDates, string platform = "p1", string[]? sections = null) => new()
    {
        EventId = NextId("o"),
        OccurredAt = At("2024-01-01T00:00:00Z"),
        Source = "test",
        ObligationId = NextId("obligation"),
        PlatformId = platform,
        Jurisdiction = jurisdiction,
        ReportType = type,
        DueDates = dueDates.Select(Day).ToList(),
        RequiredSections = sections ?? [],
        LegalBasis = "test basis",
    };

    public static SelfRegulationReportSubmitted Report(
        ReportType type,
        string jurisdiction,
        string submittedAt,
        string platform = "p1",
        string periodStart = "2025-01-01",
        string periodEnd = "2025-12-31",
        Dictionary<string, string>? sections = null,
        ReportClaim[]? claims = null) => new()
        {
            EventId = NextId("r"),
            OccurredAt = At(submittedAt),
            Source = "test",
            ReportId = NextId("report"),
            PlatformId = platform,
            Jurisdiction = jurisdiction,
            ReportType = type,
            PeriodStart = Day(periodStart),
            PeriodEnd = Day(periodEnd),
            SubmittedAt = At(submittedAt),
            Sections = sections ?? [],
            Claims = claims ?? [],
        };

    public static PlatformProfileReported Profile(
        int year,
        decimal? euTurnover = 8_000_000_000m,
        string currency = "EUR",
        decimal? marketCap = null,
        long users = 50_000_000,
        long businessUsers = 20_000,
        int memberStates = 5,
        string platform = "p1") => new()
        {
            EventId = NextId("pp"),
            OccurredAt = At($"{year + 1}-03-01T00:00:00Z"),
            Source = "test",
            PlatformId = platform,
            FiscalYear = year,
            Turnover = euTurnover is { } t ? [new RegionalTurnover { Region = "EU", Amount = t, Currency = currency }] : [],
            MarketCapitalisation = marketCap is { } cap ? new Money { Amount = cap, Currency = currency } : null,
            CorePlatformServices =
            [
                new CorePlatformService { ServiceId = "p1-market", Kind = "online-intermediation", MonthlyActiveEndUsers = users, YearlyActiveBusinessUsers = businessUsers, MemberStates = memberStates },
            ],
        };

    /// <summary>The (rule, severity) pairs of findings, sorted.</summary>
    public static IReadOnlyList<string> RulesFound(this EvaluationResult result) =>
        result.Findings.Select(f => f.RuleId).Order(StringComparer.Ordinal).ToList();

    public static FindingDraft Only(this EvaluationResult result, string ruleId) => result.Findings.Single(f => f.RuleId == ruleId);
}
