using System.Globalization;
using PlatformWatch.Contracts;

namespace PlatformWatch.Application;

/// <summary>
/// The penalty the law allows for one finding under one provision, as the penalty exposure gives it
/// (RULES.md "Penalty exposure"): the base figure, the ordinary range, the aggravated maximum where
/// the law has one, and what is missing to compute them.
/// </summary>
public sealed record PenaltyEntry(string FindingId, string Citation, Money? Base, Money? Min, Money? Max, Money? AggravatedMax, IReadOnlyList<string> Missing);

/// <summary>The range a decision's fine must lie in, in one currency, and the provisions it comes from.</summary>
public sealed record PenaltyRange(Money Min, Money Max, IReadOnlyList<string> Citations, Money? Base);

/// <summary>The penalty exposure of a case: per finding and provision, what the law allows.</summary>
public interface IPenaltyExposure
{
    /// <summary>The entries of a case's findings as <paramref name="actor"/> may see them, for a base year (null: the law's default).</summary>
    Task<Outcome<IReadOnlyList<PenaltyEntry>>> ForCaseAsync(Actor actor, string caseId, int? baseYear, CancellationToken ct);
}

/// <summary>
/// A fine checked against the law's range. The range of a decision resting on several findings runs
/// from the highest minimum to the highest maximum of their provisions (the aggravated maximum when
/// the decision says the infringement is aggravated and the law has one): a fine lies at or above
/// every provision's lower limit and within the most any of them allows.
/// </summary>
public static class PenaltyRanges
{
    /// <summary>The fine in money and the range it lies in, or the refusal naming the field and the range.</summary>
    public static (Money? Fine, PenaltyRange? Range, string? Field, string? Refusal) Check(DecisionFine fine, IReadOnlyList<string> findingIds, IReadOnlyList<PenaltyEntry> exposure)
    {
        ArgumentNullException.ThrowIfNull(fine);
        ArgumentNullException.ThrowIfNull(exposure);
        var entries = exposure.Where(e => findingIds.Contains(e.FindingId, StringComparer.Ordinal)).ToList();
        if (entries.Count == 0)
        {
            return Refused("fine", "the findings it rests on carry no fine of their own; no legal range");
        }

        var missing = entries.Where(e => e.Max is null).SelectMany(e => e.Missing.Select(m => $"{e.Citation}: {m}")).ToList();
        if (missing.Count > 0)
        {
            return Refused("fine", $"the legal range cannot be computed: missing {string.Join("; ", missing)}");
        }

        var currencies = entries.Select(e => e.Max!.Currency).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count != 1 || currencies[0] != fine.Currency)
        {
            return Refused("fine.currency", $"the legal range is in {string.Join(", ", currencies)}");
        }

        var min = entries.Max(e => e.Min?.Amount ?? 0m);
        var max = entries.Max(e => fine.Aggravated && e.AggravatedMax is { } aggravated ? aggravated.Amount : e.Max!.Amount);
        var basis = entries.OrderByDescending(e => e.Max!.Amount).Select(e => e.Base).FirstOrDefault(b => b is not null);
        var range = new PenaltyRange(new Money { Amount = min, Currency = fine.Currency }, new Money { Amount = max, Currency = fine.Currency },
            entries.Select(e => e.Citation).Distinct(StringComparer.Ordinal).ToList(), basis);
        decimal amount;
        if (fine.Percent is { } percent)
        {
            if (basis is null)
            {
                return Refused("fine.percent", "no base figure to take a percentage of; give the amount");
            }

            // Exact, to the fen or cent, as the ranges are.
            amount = decimal.Round(basis.Amount * percent / 100m, 2, MidpointRounding.ToZero);
        }
        else
        {
            amount = fine.Amount ?? 0m;
        }

        if (amount < min || amount > max)
        {
            return Refused("fine", $"{Text(amount)} {fine.Currency} is outside the legal range {Text(min)} to {Text(max)} {fine.Currency} ({string.Join(", ", range.Citations)}{(fine.Aggravated ? ", aggravated" : "")})");
        }

        return (new Money { Amount = amount, Currency = fine.Currency }, range, null, null);
    }

    private static string Text(decimal amount) => amount.ToString("#,##0.##", CultureInfo.InvariantCulture);

    private static (Money?, PenaltyRange?, string?, string?) Refused(string field, string reason) => (null, null, field, reason);
}
