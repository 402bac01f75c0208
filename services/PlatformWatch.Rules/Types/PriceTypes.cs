using System.Text.Json.Nodes;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Types;

/// <summary>
/// The quotes of one cohort in one bucket of one product (with one justification and currency),
/// reduced to the lowest and highest price and the quotes showing them. Minimum and maximum do not
/// depend on arrival order, so the cells are the state the rule needs, however many quotes arrive.
/// </summary>
public sealed record PriceCell(
    string ProductId,
    string Bucket,
    string Cohort,
    string Justification,
    string Currency,
    decimal MinPrice,
    string MinEventId,
    decimal MaxPrice,
    string MaxEventId,
    long Quotes);

/// <summary>One platform's quotes in one market in one calendar month.</summary>
public sealed record PriceWindow(string PlatformId, string MarketId, DateRange Month, IReadOnlyList<string> Jurisdictions);

/// <summary>A price rule's running state while the cells of a window stream past, bucket by bucket.</summary>
public interface IPriceAccumulator
{
    /// <summary>The cells of one bucket of one product.</summary>
    void Add(IReadOnlyList<PriceCell> bucket);

    /// <summary>What the whole window gave.</summary>
    IEnumerable<Candidate> Finish();
}

/// <summary>A rule type judged on the price quotes of one platform and market in one calendar month.</summary>
public abstract class PriceRuleType : RuleType
{
    /// <inheritdoc />
    public override SubjectKind Subject => SubjectKind.PriceWindow;

    /// <summary>Starts a pass over a window's cells (ordered by product, then bucket).</summary>
    public abstract IPriceAccumulator Start(RuleContext context, PriceWindow window);
}

/// <summary>
/// <c>price-discrimination</c> (RULES.md, "Price discrimination"): in a bucket, the highest price one
/// cohort pays against the lowest another pays reaches 1 + <c>minSpread</c>, quotes with an allowed
/// justification left out; flagged when a product has <c>minBuckets</c> such buckets in the month.
/// </summary>
public sealed class PriceDiscriminationType : PriceRuleType
{
    /// <summary>How many buckets of a product a finding shows in full (the count is always complete).</summary>
    public const int BucketsShown = 20;

    /// <inheritdoc />
    public override string Name => "price-discrimination";

    /// <inheritdoc />
    public override string Test => "group the month's quotes by (platform, product, bucket), leaving out quotes whose justification is in allowedJustifications; a bucket counts when quotes of at least two cohorts show max(price)/min(price) − 1 ≥ minSpread, the highest paid by one cohort and the lowest by another; flag when a product has at least minBuckets such buckets; critical (dominantSeverity) when the platform is dominant in the market that month";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("minSpread", ParameterKind.Number, "the relative price difference that counts, e.g. 0.05 for 5%"),
        new("minBuckets", ParameterKind.WholeNumber, "how many buckets of one product must show it"),
        new("allowedJustifications", ParameterKind.TextList, "declared reasons whose quotes are left out") { Required = false },
        new("dominantSeverity", ParameterKind.Severity, "the severity when the platform is dominant in the market"),
    ];

    /// <inheritdoc />
    public override IReadOnlyList<string> About(RuleDefinition rule) => ["price-discrimination", "personalised-pricing"];

    /// <inheritdoc />
    public override IPriceAccumulator Start(RuleContext context, PriceWindow window) => new Accumulator(context, window);

    private sealed class Accumulator(RuleContext context, PriceWindow window) : IPriceAccumulator
    {
        private readonly RuleParameters? _parameters = context.ParametersFor(window.Month);
        private readonly Dictionary<string, ProductTally> _products = new(StringComparer.Ordinal);

        public void Add(IReadOnlyList<PriceCell> bucket)
        {
            if (_parameters is null || bucket.Count == 0)
            {
                return;
            }

            var allowed = _parameters.TextList("allowedJustifications");
            var cells = bucket.Where(c => !allowed.Contains(c.Justification, StringComparer.Ordinal)).ToList();
            if (Spread(cells) is not { } spread || spread.Ratio - Rational.FromInteger(1) < _parameters.Rational("minSpread"))
            {
                return;
            }

            var product = bucket[0].ProductId;
            if (!_products.TryGetValue(product, out var tally))
            {
                tally = new ProductTally();
                _products.Add(product, tally);
            }

            tally.Buckets++;
            if (tally.Shown.Count < BucketsShown)
            {
                tally.Shown.Add((bucket[0].Bucket, spread));
            }

            if (tally.Largest is null || spread.Ratio > tally.Largest.Value.Ratio)
            {
                tally.Largest = spread;
            }
        }

        public IEnumerable<Candidate> Finish()
        {
            if (_parameters is null)
            {
                yield break;
            }

            var minBuckets = _parameters.WholeNumber("minBuckets");
            var flagged = _products.Where(p => p.Value.Buckets >= minBuckets).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            if (flagged.Count == 0)
            {
                yield break;
            }

            var products = new JsonObject();
            var evidence = new List<string>();
            foreach (var (product, tally) in flagged)
            {
                var buckets = new JsonArray();
                foreach (var (name, spread) in tally.Shown)
                {
                    buckets.Add(new JsonObject
                    {
                        ["bucket"] = name,
                        ["spread"] = Exact.Number(spread.Ratio - Rational.FromInteger(1)),
                        ["highest"] = new JsonObject { ["cohort"] = spread.High.Cohort, ["price"] = Exact.Number(spread.HighPrice), ["currency"] = spread.Currency },
                        ["lowest"] = new JsonObject { ["cohort"] = spread.Low.Cohort, ["price"] = Exact.Number(spread.LowPrice), ["currency"] = spread.Currency },
                    });
                    evidence.Add(spread.High.MaxEventId);
                    evidence.Add(spread.Low.MinEventId);
                }

                products[product] = new JsonObject
                {
                    ["buckets"] = tally.Buckets,
                    ["largestSpread"] = Exact.Number(tally.Largest!.Value.Ratio - Rational.FromInteger(1)),
                    ["cohortPayingMost"] = tally.Largest.Value.High.Cohort,
                    ["cohortPayingLeast"] = tally.Largest.Value.Low.Cohort,
                    ["bucketsShown"] = buckets,
                };
            }

            var dominance = context.Dominance(window.MarketId, window.Month);
            var measured = new JsonObject { ["products"] = products };
            if (dominance.Count > 0)
            {
                measured["conditions"] = ConditionsJson.Of(dominance);
            }

            yield return new Candidate
            {
                PlatformId = window.PlatformId,
                MarketId = window.MarketId,
                Period = window.Month,
                Severity = dominance.Count > 0 ? _parameters.Severity("dominantSeverity") : null,
                Measured = measured,
                Threshold = new JsonObject
                {
                    ["minSpread"] = Exact.Number(_parameters.Rational("minSpread")),
                    ["minBuckets"] = minBuckets,
                    ["allowedJustifications"] = new JsonArray(_parameters.TextList("allowedJustifications").Select(j => (JsonNode)j).ToArray()),
                },
                Evidence = evidence.Concat(dominance.SelectMany(d => d.Evidence)),
                AlsoCited = dominance.Count > 0 ? context.Rule.WhenDominant : [],
            };
        }

        // The widest gap between what one cohort pays and what another pays, in one currency.
        private Spread? Spread(List<PriceCell> cells)
        {
            if (cells.Count == 0)
            {
                return null;
            }

            var currency = cells.Select(c => c.Currency).Min(StringComparer.Ordinal)!;
            var cohorts = new List<(string Cohort, Rational Min, PriceCell MinCell, Rational Max, PriceCell MaxCell)>();
            foreach (var group in cells.GroupBy(c => c.Cohort, StringComparer.Ordinal))
            {
                (Rational Value, PriceCell Cell)? low = null, high = null;
                foreach (var cell in group)
                {
                    var min = Convert(cell.MinPrice, cell.Currency, currency);
                    var max = Convert(cell.MaxPrice, cell.Currency, currency);
                    if (min is null || max is null)
                    {
                        continue;
                    }

                    if (low is null || min.Value < low.Value.Value)
                    {
                        low = (min.Value, cell);
                    }

                    if (high is null || max.Value > high.Value.Value)
                    {
                        high = (max.Value, cell);
                    }
                }

                if (low is { } l && high is { } h)
                {
                    cohorts.Add((group.Key, l.Value, l.Cell, h.Value, h.Cell));
                }
            }

            Spread? best = null;
            foreach (var payer in cohorts)
            {
                foreach (var other in cohorts)
                {
                    if (payer.Cohort == other.Cohort || other.Min.Numerator.IsZero)
                    {
                        continue;
                    }

                    var ratio = payer.Max / other.Min;
                    if (best is null || ratio > best.Value.Ratio)
                    {
                        best = new Spread(ratio, payer.MaxCell, payer.Max, other.MinCell, other.Min, currency);
                    }
                }
            }

            return best;
        }

        private Rational? Convert(decimal amount, string from, string to)
        {
            var (value, gap) = context.Fx.Convert(amount, from, to, window.Month.Start.Year);
            if (gap is not null)
            {
                context.Gap($"{window.PlatformId} {window.MarketId} {window.Month}: {gap}");
            }

            return value;
        }
    }

    private readonly record struct Spread(Rational Ratio, PriceCell High, Rational HighPrice, PriceCell Low, Rational LowPrice, string Currency);

    private sealed class ProductTally
    {
        public int Buckets { get; set; }
        public Spread? Largest { get; set; }
        public List<(string Bucket, Spread Spread)> Shown { get; } = [];
    }
}
