using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Engine;

/// <summary>
/// A profile's annual average exchange rates. Amounts convert exactly (as rationals) through a
/// direct rate, its inverse, or a currency both are quoted against; a missing rate is a data gap,
/// never a guess.
/// </summary>
public sealed class FxTable(IReadOnlyList<FxRate> rates)
{
    /// <summary>The amount in <paramref name="to"/>, or null with the reason when no rate of that year allows it.</summary>
    public (Rational? Value, string? Gap) Convert(decimal amount, string from, string to, int year)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return (Rational.FromDecimal(amount), null);
        }

        if (RateOf(from, to, year) is { } rate)
        {
            return (Rational.FromDecimal(amount) * rate, null);
        }

        return (null, $"no {year} exchange rate from {from} to {to} in the profile's fxRates");
    }

    // How many units of `to` one unit of `from` is worth: directly, or through a third currency.
    private Rational? RateOf(string from, string to, int year)
    {
        var ofYear = rates.Where(r => r.Year == year).ToList();
        if (Direct(ofYear, from, to) is { } direct)
        {
            return direct;
        }

        foreach (var pivot in ofYear.SelectMany(r => new[] { r.Currency, r.Base }).Distinct(StringComparer.Ordinal))
        {
            if (pivot != from && pivot != to && Direct(ofYear, from, pivot) is { } first && Direct(ofYear, pivot, to) is { } second)
            {
                return first * second;
            }
        }

        return null;
    }

    private static Rational? Direct(List<FxRate> ofYear, string from, string to)
    {
        foreach (var r in ofYear)
        {
            if (r.Currency == from && r.Base == to)
            {
                return Rational.FromDecimal(r.Rate);
            }

            if (r.Currency == to && r.Base == from)
            {
                return Rational.FromInteger(1) / Rational.FromDecimal(r.Rate);
            }
        }

        return null;
    }
}
