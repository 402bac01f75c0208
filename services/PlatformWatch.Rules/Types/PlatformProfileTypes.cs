using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Types;

/// <summary>A rule type judged on the yearly profiles of one platform (the latest profile of each financial year).</summary>
public abstract class PlatformProfileRuleType : RuleType
{
    /// <inheritdoc />
    public override SubjectKind Subject => SubjectKind.PlatformProfile;

    /// <summary>Everything that meets the test; <paramref name="years"/> holds one profile per financial year, oldest first.</summary>
    public abstract IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<PlatformProfileReported> years);

    /// <summary>A financial year as days: from <c>fiscalYearStart</c> (1 January when absent) for a year.</summary>
    public static DateRange YearOf(PlatformProfileReported profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var start = profile.FiscalYearStart ?? new DateOnly(profile.FiscalYear, 1, 1);
        return new DateRange(start, start.AddYears(1).AddDays(-1));
    }

    /// <summary>An amount in the threshold's currency, converted with the rates of that year; null (and a gap) when it cannot be.</summary>
    protected static Rational? InCurrency(RuleContext context, decimal amount, string currency, Money threshold, int year, string what)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(threshold);
        var (value, gap) = context.Fx.Convert(amount, currency, threshold.Currency, year);
        if (gap is not null)
        {
            context.Gap($"{what}: {gap}");
        }

        return value;
    }
}

/// <summary>
/// <c>gatekeeper-thresholds</c> (DMA Art. 3(2)): size — EU turnover at least <c>euTurnover</c> in
/// each of the last <c>years</c> financial years, or market capitalisation at least
/// <c>marketCapitalisation</c> in the last, with the same core platform service in at least
/// <c>memberStates</c> member states; and reach — one core platform service with at least
/// <c>monthlyActiveEndUsers</c> and <c>yearlyActiveBusinessUsers</c> in each of those years.
/// </summary>
public sealed class GatekeeperThresholdsType : PlatformProfileRuleType
{
    /// <inheritdoc />
    public override string Name => "gatekeeper-thresholds";

    /// <inheritdoc />
    public override string Test => "over the last `years` consecutive financial years: (EU turnover ≥ euTurnover in each year, or market capitalisation ≥ marketCapitalisation in the last year) and a core platform service provided in ≥ memberStates member states in the last year; and one core platform service with ≥ monthlyActiveEndUsers monthly active end users and ≥ yearlyActiveBusinessUsers yearly active business users in each of the years";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("euTurnover", ParameterKind.Money, "annual EU turnover reached in each of the years"),
        new("marketCapitalisation", ParameterKind.Money, "average market capitalisation reached in the last year (the alternative to turnover)"),
        new("memberStates", ParameterKind.WholeNumber, "member states in which the same core platform service is provided"),
        new("monthlyActiveEndUsers", ParameterKind.Number, "monthly active end users of one core platform service"),
        new("yearlyActiveBusinessUsers", ParameterKind.Number, "yearly active business users of that service"),
        new("years", ParameterKind.WholeNumber, "how many consecutive financial years are compared"),
    ];

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<PlatformProfileReported> years)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(years);
        var byYear = years.ToDictionary(y => y.FiscalYear);
        foreach (var last in years)
        {
            var period = YearOf(last);
            if (context.ParametersFor(period) is not { } p)
            {
                continue;
            }

            var count = p.WholeNumber("years");
            var window = Enumerable.Range(last.FiscalYear - count + 1, count).Select(y => byYear.GetValueOrDefault(y)).ToList();
            if (window.Any(y => y is null))
            {
                continue;
            }

            var euTurnover = p.Money("euTurnover");
            var turnovers = window.Select(y => (y!.FiscalYear, Value: EuTurnover(context, y!, euTurnover))).ToList();
            var turnoverMet = turnovers.All(t => t.Value is { } v && v >= Rational.FromDecimal(euTurnover.Amount));
            var capThreshold = p.Money("marketCapitalisation");
            var cap = last.MarketCapitalisation is { } m ? InCurrency(context, m.Amount, m.Currency, capThreshold, last.FiscalYear, $"{last.PlatformId} {last.FiscalYear} marketCapitalisation") : null;
            var capMet = cap is { } c && c >= Rational.FromDecimal(capThreshold.Amount);
            var states = last.CorePlatformServices.Where(s => s.MemberStates >= p.WholeNumber("memberStates")).Select(s => s.ServiceId).ToList();
            var reach = window[0]!.CorePlatformServices
                .Select(s => s.ServiceId)
                .Where(id => window.All(y => y!.CorePlatformServices.Any(s => s.ServiceId == id
                    && s.MonthlyActiveEndUsers is { } users && Rational.FromInteger(users) >= p.Rational("monthlyActiveEndUsers")
                    && s.YearlyActiveBusinessUsers is { } business && Rational.FromInteger(business) >= p.Rational("yearlyActiveBusinessUsers"))))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (!((turnoverMet || capMet) && states.Count > 0 && reach.Count > 0))
            {
                continue;
            }

            var measured = new JsonObject
            {
                ["years"] = new JsonArray(window.Select(y => (JsonNode)y!.FiscalYear).ToArray()),
                ["euTurnover"] = new JsonObject(turnovers.Select(t => KeyValuePair.Create(t.FiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)(t.Value is { } v ? Exact.Number(v) : null)))),
                ["turnoverMet"] = turnoverMet,
                ["marketCapitalisation"] = cap is { } capValue ? Exact.Number(capValue) : null,
                ["marketCapitalisationMet"] = capMet,
                ["servicesInMemberStates"] = new JsonArray(states.Select(s => (JsonNode)s).ToArray()),
                ["servicesWithReach"] = new JsonArray(reach.Select(s => (JsonNode)s).ToArray()),
                ["currency"] = euTurnover.Currency,
            };
            var threshold = new JsonObject
            {
                ["euTurnover"] = NotificationThresholds.Money(euTurnover),
                ["marketCapitalisation"] = NotificationThresholds.Money(capThreshold),
                ["memberStates"] = p.WholeNumber("memberStates"),
                ["monthlyActiveEndUsers"] = Exact.Number(p.Rational("monthlyActiveEndUsers")),
                ["yearlyActiveBusinessUsers"] = Exact.Number(p.Rational("yearlyActiveBusinessUsers")),
                ["years"] = count,
            };
            yield return new Candidate
            {
                PlatformId = last.PlatformId,
                Period = period,
                Measured = measured,
                Threshold = threshold,
                Evidence = window.Select(y => y!.EventId),
            };
        }
    }

    private static Rational? EuTurnover(RuleContext context, PlatformProfileReported year, Money threshold)
    {
        var eu = year.Turnover.FirstOrDefault(t => t.Region == "EU");
        if (eu is null)
        {
            context.Gap($"{year.PlatformId} {year.FiscalYear}: EU turnover not reported");
            return null;
        }

        return InCurrency(context, eu.Amount, eu.Currency, threshold, year.FiscalYear, $"{year.PlatformId} {year.FiscalYear} EU turnover");
    }
}

/// <summary><c>platform-grade</c>: annual active users in China and market capitalisation at least the grade's thresholds.</summary>
public sealed class PlatformGradeType : PlatformProfileRuleType
{
    /// <inheritdoc />
    public override string Name => "platform-grade";

    /// <inheritdoc />
    public override string Test => "in a financial year, annual active users in China ≥ annualActiveUsers and market capitalisation ≥ marketCapitalisation";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("annualActiveUsers", ParameterKind.Number, "annual active users in China"),
        new("marketCapitalisation", ParameterKind.Money, "market capitalisation"),
    ];

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<PlatformProfileReported> years)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(years);
        foreach (var year in years)
        {
            var period = YearOf(year);
            if (context.ParametersFor(period) is not { } p || year.AnnualActiveUsersCn is not { } users || year.MarketCapitalisation is not { } m)
            {
                continue;
            }

            var threshold = p.Money("marketCapitalisation");
            var cap = InCurrency(context, m.Amount, m.Currency, threshold, year.FiscalYear, $"{year.PlatformId} {year.FiscalYear} marketCapitalisation");
            if (Rational.FromInteger(users) < p.Rational("annualActiveUsers") || cap is not { } c || c < Rational.FromDecimal(threshold.Amount))
            {
                continue;
            }

            yield return new Candidate
            {
                PlatformId = year.PlatformId,
                Period = period,
                Measured = new JsonObject { ["annualActiveUsersCn"] = users, ["marketCapitalisation"] = Exact.Number(c), ["currency"] = threshold.Currency },
                Threshold = new JsonObject { ["annualActiveUsers"] = Exact.Number(p.Rational("annualActiveUsers")), ["marketCapitalisation"] = NotificationThresholds.Money(threshold) },
                Evidence = [year.EventId],
            };
        }
    }
}
