using PlatformWatch.Contracts;

namespace PlatformWatch.Rules.Engine;

/// <summary>An active finding of a platform, as other rules read it (dominance, contradictions).</summary>
public sealed record FindingFact(
    string FindingId,
    string RuleId,
    string? MarketId,
    DateRange Period,
    DateRange Established,
    IReadOnlyList<string> Evidence);

/// <summary>
/// What other subjects have established about one platform: its active findings and the
/// regulators' decisions about it. Rules that depend on dominance or designation read these.
/// </summary>
public sealed class PlatformFacts
{
    /// <summary>Facts about a platform.</summary>
    public PlatformFacts(string platformId, IReadOnlyList<FindingFact> findings, IReadOnlyList<DesignationDecided> designations)
    {
        PlatformId = platformId;
        Findings = findings;

        // A decision re-sent with the same id replaces the earlier one (later occurredAt, then event id).
        Designations = designations
            .GroupBy(d => d.DesignationId, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(d => d.OccurredAt.UtcDateTime).ThenByDescending(d => d.EventId, StringComparer.Ordinal).First())
            .ToList();
    }

    /// <summary>No facts (a platform nothing is known about).</summary>
    public static PlatformFacts None(string platformId) => new(platformId, [], []);

    /// <summary>The platform.</summary>
    public string PlatformId { get; }

    /// <summary>Its active findings.</summary>
    public IReadOnlyList<FindingFact> Findings { get; }

    /// <summary>The decisions about it, the latest of each id.</summary>
    public IReadOnlyList<DesignationDecided> Designations { get; }
}

/// <summary>One reason a condition (dominance, designation) held during some days.</summary>
/// <param name="During">The days it held.</param>
/// <param name="Basis">What established it: a rule id, or <c>designation</c>.</param>
/// <param name="Source">The finding id or designation id.</param>
/// <param name="Evidence">Event ids behind it.</param>
public sealed record ConditionFact(DateRange During, string Basis, string Source, IReadOnlyList<string> Evidence);
