using PlatformWatch.Contracts;

namespace PlatformWatch.Rules.Profiles;

/// <summary>What kind of value a rule parameter holds.</summary>
public enum ParameterKind
{
    /// <summary>An exact fraction in [0, 1], written <c>2/3</c> or <c>0.5</c>.</summary>
    Fraction,
    /// <summary>An exact non-negative number, written <c>1800</c>, <c>0.25</c> or <c>1/3</c>.</summary>
    Number,
    /// <summary>A non-negative whole number.</summary>
    WholeNumber,
    /// <summary>A piece of text.</summary>
    Text,
    /// <summary>A list of texts.</summary>
    TextList,
    /// <summary>An amount of money: <c>{ amount: 12000000000, currency: CNY }</c>.</summary>
    Money,
    /// <summary>A severity: <c>critical</c>, <c>high</c>, <c>medium</c> or <c>info</c>.</summary>
    Severity,
}

/// <summary>A parameter that a rule type reads.</summary>
/// <param name="Name">The key in the profile's <c>parameters</c>.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Meaning">What it means, for <c>rules explain</c>.</param>
public sealed record ParameterSpec(string Name, ParameterKind Kind, string Meaning)
{
    /// <summary>True when the profile must give it.</summary>
    public bool Required { get; init; } = true;
}

/// <summary>A rule's parameters, typed and checked when the profile was loaded.</summary>
public sealed class RuleParameters
{
    private readonly Dictionary<string, object> _values;

    /// <summary>Parameters from typed values (Rational, int, string, string list, Money).</summary>
    public RuleParameters(IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, object>(values, StringComparer.Ordinal);
    }

    /// <summary>No parameters.</summary>
    public static RuleParameters Empty { get; } = new(new Dictionary<string, object>());

    /// <summary>The names given.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>True when the parameter was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>A fraction or number parameter.</summary>
    public Rational Rational(string name) => Get<Rational>(name);

    /// <summary>A whole-number parameter.</summary>
    public int WholeNumber(string name) => Get<int>(name);

    /// <summary>A text parameter.</summary>
    public string Text(string name) => Get<string>(name);

    /// <summary>A list parameter; empty when not given.</summary>
    public IReadOnlyList<string> TextList(string name) =>
        _values.TryGetValue(name, out var value) ? (IReadOnlyList<string>)value : [];

    /// <summary>A money parameter.</summary>
    public Money Money(string name) => Get<Money>(name);

    /// <summary>A severity parameter.</summary>
    public Severity Severity(string name) => Get<Severity>(name);

    /// <summary>A text parameter, or a default when not given.</summary>
    public string TextOr(string name, string fallback) => _values.TryGetValue(name, out var value) ? (string)value : fallback;

    /// <summary>The value as it should be shown (rationals as <c>2/3</c>).</summary>
    public object Raw(string name) => _values[name];

    /// <summary>These parameters with some replaced.</summary>
    public RuleParameters With(RuleParameters overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var merged = new Dictionary<string, object>(_values, StringComparer.Ordinal);
        foreach (var (name, value) in overrides._values)
        {
            merged[name] = value;
        }

        return new RuleParameters(merged);
    }

    private T Get<T>(string name) => _values.TryGetValue(name, out var value)
        ? (T)value
        : throw new KeyNotFoundException($"parameter '{name}' was not given (the profile loader should have refused the rule)");
}
