using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Rules.Engine;

/// <summary>
/// The standing of source kinds, highest first (RULES.md "Which figure counts"): of the figures
/// for one market, metric, period and platform, the one of the highest-ranked kind counts.
/// </summary>
public sealed class SourcePrecedence
{
    private static readonly SourceKind[] DefaultOrder =
    [
        SourceKind.Decision,
        SourceKind.Regulator,
        SourceKind.StatisticsOffice,
        SourceKind.Platform,
        SourceKind.ThirdParty,
        SourceKind.Unclassified,
    ];

    private readonly Dictionary<SourceKind, int> _rank;

    private SourcePrecedence(List<SourceKind> ranked)
    {
        Ranked = ranked;
        _rank = ranked.Select((kind, i) => (kind, i)).ToDictionary(p => p.kind, p => p.i);
    }

    /// <summary>decision &gt; regulator &gt; statistics-office &gt; platform &gt; third-party &gt; unclassified.</summary>
    public static SourcePrecedence Default { get; } = new([.. DefaultOrder]);

    /// <summary>Every kind, highest first; <c>unclassified</c> is always last.</summary>
    public IReadOnlyList<SourceKind> Ranked { get; }

    /// <summary>
    /// A profile's <c>sourcePrecedence</c>: the listed kinds first, in the order given; the kinds
    /// not listed below them, in the default order; <c>unclassified</c> always last.
    /// </summary>
    /// <exception cref="ArgumentException">A kind is listed twice or is not a defined kind.</exception>
    public static SourcePrecedence From(IEnumerable<SourceKind> listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var ranked = new List<SourceKind>();
        foreach (var kind in listed)
        {
            if (!Enum.IsDefined(kind))
            {
                throw new ArgumentException($"{(int)kind} is not a source kind", nameof(listed));
            }

            if (ranked.Contains(kind))
            {
                throw new ArgumentException($"source kind '{WireNames.Name(kind)}' is listed twice", nameof(listed));
            }

            ranked.Add(kind);
        }

        ranked.Remove(SourceKind.Unclassified);
        ranked.AddRange(DefaultOrder.Where(k => !ranked.Contains(k)));
        return new SourcePrecedence(ranked);
    }

    /// <summary>The rank of a kind: 0 for the highest. A value the enum does not define ranks as <c>unclassified</c>.</summary>
    public int Rank(SourceKind kind) => _rank.TryGetValue(kind, out var rank) ? rank : _rank[SourceKind.Unclassified];

    /// <summary>True when a figure of kind <paramref name="kind"/> counts before one of kind <paramref name="other"/>.</summary>
    public bool Outranks(SourceKind kind, SourceKind other) => Rank(kind) < Rank(other);

    /// <inheritdoc />
    public override string ToString() => string.Join(" > ", Ranked.Select(WireNames.Name));
}
