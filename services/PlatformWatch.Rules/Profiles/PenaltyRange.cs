using PlatformWatch.Contracts;

namespace PlatformWatch.Rules.Profiles;

/// <summary>
/// What a provision allows on a base figure, exact: minimums rounded up and maximums rounded down
/// to the fen or cent. A figure that needs the base is null when the base is absent
/// (<see cref="NeedsSales"/> says so).
/// </summary>
public sealed record PenaltyRange
{
    /// <summary>The ordinary minimum (0 for "up to X").</summary>
    public Money? Min { get; init; }
    /// <summary>The ordinary maximum.</summary>
    public Money? Max { get; init; }
    /// <summary>The serious range's minimum, where the law has one.</summary>
    public Money? SeriousMin { get; init; }
    /// <summary>The serious range's maximum.</summary>
    public Money? SeriousMax { get; init; }
    /// <summary>The especially serious minimum (AML 2022 Art. 63: 2 × the minimum).</summary>
    public Money? AggravatedMin { get; init; }
    /// <summary>The especially serious maximum (AML 2022 Art. 63: 5 × the maximum; DMA Art. 30(2): 20 %).</summary>
    public Money? AggravatedMax { get; init; }
    /// <summary>The ceiling without anticompetitive effect (AML 2022 Art. 58).</summary>
    public Money? MaxWithoutEffect { get; init; }
    /// <summary>True when a figure needed the base and none was given.</summary>
    public bool NeedsSales { get; init; }

    /// <summary>The range a provision allows on <paramref name="sales"/> (the base figure, or null when there is none).</summary>
    public static PenaltyRange Of(PenaltyProvision provision, Money? sales)
    {
        ArgumentNullException.ThrowIfNull(provision);
        var needs = false;
        var ordinary = Tier(provision.Ordinary, sales, provision.WithoutSales, ref needs);
        var serious = provision.Serious is null ? default : Tier(provision.Serious, sales, null, ref needs);
        Money? aggravatedMin = null, aggravatedMax = null;
        if (provision.Aggravated is { } a)
        {
            if (a.MinTimes is { } minTimes && ordinary.MinExact is { } min)
            {
                aggravatedMin = Up(min with { Amount = min.Amount * minTimes });
            }

            if (a.MaxTimes is { } maxTimes && ordinary.MaxExact is { } max)
            {
                aggravatedMax = Down(max with { Amount = max.Amount * maxTimes });
            }
            else if (a.Sales is { } share)
            {
                needs |= sales is null;
                aggravatedMax = sales is null ? null : Down(Percent(sales, share.MaxPercent));
            }
        }

        return new PenaltyRange
        {
            Min = ordinary.MinExact is { } m ? Up(m) : null,
            Max = ordinary.MaxExact is { } x ? Down(x) : null,
            SeriousMin = serious.MinExact is { } sm ? Up(sm) : null,
            SeriousMax = serious.MaxExact is { } sx ? Down(sx) : null,
            AggravatedMin = aggravatedMin,
            AggravatedMax = aggravatedMax,
            MaxWithoutEffect = provision.WithoutEffect,
            NeedsSales = needs,
        };
    }

    /// <summary><paramref name="percent"/> % of <paramref name="sales"/>, exact (not rounded).</summary>
    public static Money Percent(Money sales, decimal percent)
    {
        ArgumentNullException.ThrowIfNull(sales);
        return sales with { Amount = sales.Amount * percent / 100m };
    }

    /// <summary>Rounded up to the fen or cent.</summary>
    public static Money Up(Money exact) => exact with { Amount = Math.Ceiling(exact.Amount * 100m) / 100m };

    /// <summary>Rounded down to the fen or cent.</summary>
    public static Money Down(Money exact) => exact with { Amount = Math.Floor(exact.Amount * 100m) / 100m };

    private static (Money? MinExact, Money? MaxExact) Tier(PenaltyTier tier, Money? sales, Money? withoutSales, ref bool needs)
    {
        if (tier.Sales is not { } share)
        {
            var max = tier.Max;
            return (tier.Min ?? (max! with { Amount = 0m }), max);
        }

        if (sales is null)
        {
            needs = true;
            return (null, null);
        }

        // The fixed alternative for "no sales" applies only when the reported turnover is zero.
        if (sales.Amount == 0m && withoutSales is not null)
        {
            return (withoutSales with { Amount = 0m }, withoutSales);
        }

        var low = Percent(sales, share.MinPercent);
        var high = Percent(sales, share.MaxPercent);
        // "RMB X or Y % of turnover": the greater ceiling (amounts in another currency are not compared).
        if (tier.Max is { } fixedMax && fixedMax.Currency == high.Currency && fixedMax.Amount > high.Amount)
        {
            high = fixedMax;
        }

        if (tier.Min is { } fixedMin && fixedMin.Currency == low.Currency && fixedMin.Amount > low.Amount)
        {
            low = fixedMin;
        }

        return (low, high);
    }
}
