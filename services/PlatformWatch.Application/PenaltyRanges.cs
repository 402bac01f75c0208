using System.Globalization;
using PlatformWatch.Contracts;

namespace PlatformWatch.Application;

/// <summary>The range a decision's fine was checked against, in one currency, and the provisions it comes from.</summary>
/// <param name="Min">The lowest fine allowed.</param>
/// <param name="Max">The highest fine allowed.</param>
/// <param name="Kind">Which of the law's ranges: <c>ordinary</c>, <c>serious</c>, <c>aggravated</c> (especially serious) or <c>without-effect</c>.</param>
/// <param name="Citations">The penalty provisions of the findings the decision rests on.</param>
/// <param name="Base">The base figure a percentage is taken of, when the range rests on one.</param>
public sealed record FineRange(Money Min, Money Max, string Kind, IReadOnlyList<string> Citations, ExposureBase? Base);

/// <summary>
/// A fine checked against the penalty exposure of the findings a decision rests on (RULES.md
/// "Penalty exposure"). Of several findings (or provisions), the range runs from the highest minimum
/// to the highest maximum of those that have the range the decision applies: the fine is at or
/// above every lower limit and within the most any of them allows. A percentage is taken of the base
/// figure of the provision with the highest maximum, rounded down to the fen or cent.
/// </summary>
public static class PenaltyRanges
{
    /// <summary>The ranges a decision may apply, as the exposure reports them.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["ordinary", "serious", "aggravated", "without-effect"];

    /// <summary>The fine in money and the range it lies in, or the field refused and why (naming the range).</summary>
    public static (Money? Fine, FineRange? Range, string? Field, string? Refusal) Check(DecisionFine fine, IReadOnlyList<string> findingIds, CaseExposure exposure)
    {
        ArgumentNullException.ThrowIfNull(fine);
        ArgumentNullException.ThrowIfNull(findingIds);
        ArgumentNullException.ThrowIfNull(exposure);
        var kind = fine.Range ?? "ordinary";
        var entries = exposure.Entries.Where(e => findingIds.Contains(e.FindingId, StringComparer.Ordinal)).ToList();
        if (entries.Count == 0)
        {
            return Refused("fine", Messages.Get("fine.noFine"));
        }

        var missing = entries.SelectMany(e => e.Missing.Select(m => Messages.Format("exposure.missingOf", Messages.IsChinese ? e.CitationZh ?? e.Citation : e.Citation, m))).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return Refused("fine", Messages.Format("fine.missing", string.Join("; ", missing)));
        }

        var ranged = entries.Select(e => (Entry: e, Range: RangeOf(e, kind))).Where(r => r.Range is not null).ToList();
        if (ranged.Count == 0)
        {
            return Refused("fine.range", Messages.Format("fine.noRange", string.Join(", ", entries.Select(e => e.Citation).Distinct(StringComparer.Ordinal)), kind));
        }

        var currencies = ranged.Select(r => r.Range!.Value.Max.Currency).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count != 1 || currencies[0] != fine.Currency)
        {
            return Refused("fine.currency", Messages.Format("fine.currency", string.Join(", ", currencies)));
        }

        var min = ranged.Max(r => r.Range!.Value.Min?.Amount ?? 0m);
        var max = ranged.Max(r => r.Range!.Value.Max.Amount);
        var widest = ranged.OrderByDescending(r => r.Range!.Value.Max.Amount).Select(r => r.Entry).Where(e => e.Base is not null).FirstOrDefault();
        var citations = ranged.Select(r => kind == "aggravated" ? r.Entry.AggravatedCitation ?? r.Entry.Citation : r.Entry.Citation).Distinct(StringComparer.Ordinal).ToList();
        var range = new FineRange(new Money { Amount = min, Currency = fine.Currency }, new Money { Amount = max, Currency = fine.Currency }, kind, citations, widest?.Base);
        var amount = fine.Amount;
        if (fine.Percent is { } percent)
        {
            if (widest?.FineAtPercent(percent) is not { } atPercent)
            {
                return Refused("fine.percent", Messages.Format("fine.noBase", kind, string.Join(", ", citations)));
            }

            amount = atPercent.Amount;
        }

        if (amount < min || amount > max)
        {
            return Refused("fine", Messages.Format("fine.outside", Text(amount!.Value), fine.Currency, Text(min), Text(max), kind, string.Join(", ", citations)));
        }

        return (new Money { Amount = amount!.Value, Currency = fine.Currency }, range, null, null);
    }

    /// <summary>Why illegal gains may not be confiscated on the findings a decision rests on (null: a provision of theirs provides it).</summary>
    public static string? ConfiscationRefusal(IReadOnlyList<string> findingIds, CaseExposure exposure)
    {
        ArgumentNullException.ThrowIfNull(findingIds);
        ArgumentNullException.ThrowIfNull(exposure);
        var entries = exposure.Entries.Where(e => findingIds.Contains(e.FindingId, StringComparer.Ordinal)).ToList();
        return entries.Any(e => e.Confiscation) ? null
            : entries.Count == 0 ? Messages.Get("confiscation.noPenalty")
            : Messages.Format("confiscation.notProvided", string.Join(", ", entries.Select(e => e.Citation).Distinct(StringComparer.Ordinal)));
    }

    // One provision's range of a kind (null: the law has none for it).
    private static (Money? Min, Money Max)? RangeOf(ExposureEntry e, string kind) => kind switch
    {
        "serious" => e.SeriousMax is { } max ? (e.SeriousMin, max) : null,
        "aggravated" => e.AggravatedMax is { } max ? (e.AggravatedMin, max) : null,
        "without-effect" => e.MaxWithoutEffect is { } max ? (null, max) : null,
        _ => e.Max is { } max ? (e.Min, max) : null,
    };

    private static string Text(decimal amount) => amount.ToString("#,##0.##", CultureInfo.InvariantCulture);

    private static (Money?, FineRange?, string?, string?) Refused(string field, string reason) => (null, null, field, reason);
}
