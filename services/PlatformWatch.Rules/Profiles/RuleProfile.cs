using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Rules.Profiles;

/// <summary>A rule profile as loaded from one YAML file: the rules of one jurisdiction (or of all).</summary>
public sealed class RuleProfile
{
    /// <summary>The profile's id, e.g. <c>cn</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Its title for people, in both languages (<c>title: { zh: …, en: … }</c>; its id in both when not given).</summary>
    public required Bilingual Title { get; init; }
    /// <summary>The jurisdictions whose events this profile evaluates.</summary>
    public required IReadOnlyList<string> Jurisdictions { get; init; }
    /// <summary>True for a profile that evaluates events of every jurisdiction (<c>common</c>).</summary>
    public bool EveryJurisdiction { get; init; }
    /// <summary>Profiles whose rules also apply wherever this one applies.</summary>
    public required IReadOnlyList<string> Includes { get; init; }
    /// <summary>The rules, in file order.</summary>
    public required IReadOnlyList<RuleDefinition> Rules { get; init; }
    /// <summary>Decisions recorded in the profile (taken before the system was in use).</summary>
    public required IReadOnlyList<ProfileDesignation> Designations { get; init; }
    /// <summary>The rules whose findings make a platform dominant in a market for this profile's rules.</summary>
    public IReadOnlyList<string> DominanceFrom { get; init; } = [];
    /// <summary>The profile's <c>sourcePrecedence</c>, or null when it declares none (RULES.md "Which figure counts").</summary>
    public SourcePrecedence? SourcePrecedence { get; init; }
    /// <summary>Annual average exchange rates for converting money thresholds.</summary>
    public required IReadOnlyList<FxRate> FxRates { get; init; }
    /// <summary><c>sha256:…</c> of the file's bytes: findings record it.</summary>
    public required string ContentHash { get; init; }
    /// <summary>Where it was loaded from.</summary>
    public required string SourcePath { get; init; }
}

/// <summary>A regulator's decision recorded in a profile.</summary>
public sealed record ProfileDesignation(
    string PlatformId,
    DesignationKind Kind,
    string? MarketId,
    IReadOnlyList<string> Services,
    DateOnly DecidedAt,
    DateOnly ObligationsFrom,
    DateOnly? RevokedAt,
    string LegalBasis);

/// <summary>An annual average rate: one unit of <see cref="Currency"/> is <see cref="Rate"/> units of <see cref="Base"/>.</summary>
public sealed record FxRate(int Year, string Currency, string Base, decimal Rate);

/// <summary>Where something in a profile file is, for error messages.</summary>
public readonly record struct SourceLocation(string File, int Line)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>One problem in a profile file.</summary>
public sealed record ProfileError(SourceLocation Location, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Reason}";
}
