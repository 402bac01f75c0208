using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Types;

/// <summary>What state a rule type is evaluated on; the processor re-evaluates a subject when its state changes.</summary>
public enum SubjectKind
{
    /// <summary>All share figures of one market (every period and metric).</summary>
    Market,
    /// <summary>All conduct observations of one platform.</summary>
    Conduct,
    /// <summary>Price quotes of one platform and market in one calendar month.</summary>
    PriceWindow,
    /// <summary>Results pages of one platform and market in one calendar month.</summary>
    RankingWindow,
    /// <summary>The announced acquisitions of one acquirer.</summary>
    Acquisition,
    /// <summary>The yearly profiles of one platform.</summary>
    PlatformProfile,
    /// <summary>The reporting obligations and submitted reports of one platform.</summary>
    Reports,
}

/// <summary>
/// A built-in rule type: the code behind the <c>type</c> of a rule in a profile. A type declares
/// the parameters it reads (checked when profiles load) and the subject it is evaluated on.
/// </summary>
public abstract class RuleType
{
    /// <summary>The name used in profiles, e.g. <c>share-threshold</c>.</summary>
    public abstract string Name { get; }

    /// <summary>What it is evaluated on.</summary>
    public abstract SubjectKind Subject { get; }

    /// <summary>The test in words, for <c>rules explain</c>.</summary>
    public abstract string Test { get; }

    /// <summary>The parameters it reads.</summary>
    public abstract IReadOnlyList<ParameterSpec> Parameters { get; }

    /// <summary>Problems between parameters that each look fine alone; empty when consistent.</summary>
    public virtual IEnumerable<string> Check(RuleParameters parameters) => [];

    /// <summary>
    /// The conduct a rule of this type is about (<c>exclusive-dealing</c>, <c>self-preferencing</c> …),
    /// which a report's claim of "none" contradicts; empty for rules about market structure.
    /// </summary>
    public virtual IReadOnlyList<string> About(RuleDefinition rule) => [];
}
