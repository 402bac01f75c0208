using System.Globalization;

namespace PlatformWatch.Contracts.Wire;

/// <summary>
/// Why an input was refused: the field (a JSON path such as <c>results[2].relevance</c>) and the
/// reason, in English. A reason of the contracts also carries its <see cref="Code"/> and the values
/// filled into it (<see cref="Args"/>), so that a caller may say it in another language
/// (<see cref="ContractReasons"/>); the reason's text is the same with or without them.
/// </summary>
public sealed record ContractError(string? Field, string Reason)
{
    /// <summary>The reason's machine code (<see cref="ContractReasons.English"/>), or null for a reason said only in English.</summary>
    public string? Code { get; init; }

    /// <summary>The values filled into the code's template, in order, as the reason shows them.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(ContractError? other) =>
        other is not null && Field == other.Field && Reason == other.Reason && Code == other.Code && Args.SequenceEqual(other.Args);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Field, Reason, Code);

    /// <inheritdoc />
    public override string ToString() => Field is null ? Reason : $"{Field}: {Reason}";

    /// <summary>All errors in one line, as the command line and the dead-letter table show them.</summary>
    public static string Join(IEnumerable<ContractError> errors) => string.Join("; ", errors);

    /// <summary>An error of the code <paramref name="code"/>: its English reason filled with <paramref name="args"/>.</summary>
    public static ContractError Of(string? field, string code, params object[] args)
    {
        string[] texts = [.. args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "")];
        return new ContractError(field, ContractReasons.Format(code, texts)) { Code = code, Args = texts };
    }
}

/// <summary>
/// The codes of the contracts' reasons and their English templates (<c>{0}</c>, <c>{1}</c>: the
/// error's <see cref="ContractError.Args"/>). The reasons the contracts write are these templates
/// filled in; a caller translating them keeps the arguments (field names, values) verbatim.
/// </summary>
public static class ContractReasons
{
    /// <summary>Every code and its English template.</summary>
    public static IReadOnlyDictionary<string, string> English { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["required"] = "required",
        ["requiredNotEmpty"] = "required, must not be empty",
        ["eventIdLength"] = "must be 1–100 characters, was {0}",
        ["tooLong"] = "must be at most {0} characters, was {1}",
        ["controlCharacters"] = "must not contain control characters",
        ["jurisdiction"] = "must be an upper-case code such as CN or EU, was '{0}'",
        ["region"] = "must be an upper-case region code such as EU, CN or WORLD",
        ["currency"] = "must be an ISO 4217 code such as CNY or EUR, was '{0}'",
        ["beforeStart"] = "must not be before {0} ({1} < {2})",
        ["fraction"] = "must be between 0 and 1, was {0}",
        ["negative"] = "must not be negative, was {0}",
        ["positive"] = "must be greater than 0",
        ["range"] = "must be between {0} and {1}, was {2}",
        ["oneOf"] = "expected one of: {0}",
        ["unknownValue"] = "unknown value '{0}'; expected one of: {1}",
        ["notNull"] = "must not be null",
        ["attributeValue"] = "must be a string, a number or true/false",
        ["text"] = "must be text",
        ["noResults"] = "must hold at least one result",
        ["positionTooLow"] = "must be 1 or more, was {0}",
        ["positionTwice"] = "position {0} appears twice on the page",
        ["itemTwice"] = "item '{0}' appears twice on the page",
        ["unknownSection"] = "must name a section of the report; '{0}' is not one",
        ["noDueDates"] = "must name at least one date",
        ["typeRequired"] = "required: the name of the event contract, e.g. MarketShareReported",
        ["typeUnknown"] = "unknown event type '{0}'",
        ["typeUnknownOneOf"] = "unknown event type '{0}'; expected one of: {1}",
        ["notJson"] = "not valid JSON (at byte {0})",
        ["notJsonMalformed"] = "not valid JSON (malformed)",
        ["lineTooLong"] = "line is {0} bytes, over the limit of {1} bytes",
        ["unknownField"] = "unknown field",
        ["givenTwice"] = "given more than once",
        ["tooDeep"] = "nested too deeply",
        ["notValid"] = "not a valid value here",
        ["expected.string"] = "expected a string",
        ["expected.nonEmptyString"] = "expected a non-empty string",
        ["expected.number"] = "expected a number",
        ["expected.wholeNumber"] = "expected a whole number",
        ["expected.boolean"] = "expected true or false",
        ["expected.date"] = "expected a date YYYY-MM-DD",
        ["expected.timestamp"] = "expected an ISO 8601 timestamp with offset, e.g. 2026-03-31T00:00:00Z",
        ["expected.list"] = "expected a list",
        ["expected.object"] = "expected an object",
        ["expected.jsonObject"] = "expected a JSON object",
        ["expected.figure"] = "expected a number or {{ \"amount\": …, \"currency\": … }}",
        ["expected.other"] = "expected a value of another kind",
    };

    /// <summary>The English reason of <paramref name="code"/> filled with <paramref name="args"/>.</summary>
    public static string Format(string code, IReadOnlyList<string> args) =>
        string.Format(CultureInfo.InvariantCulture, English[code], [.. args]);
}

/// <summary>A JSON reading refused by a converter of the contracts, with the reason's code (<see cref="ContractReasons"/>).</summary>
public sealed class ContractJsonException : System.Text.Json.JsonException
{
    /// <summary>A refusal of the code <paramref name="code"/> filled with <paramref name="args"/>.</summary>
    public ContractJsonException(string code, params string[] args) : base(ContractReasons.Format(code, args))
    {
        Code = code;
        Args = args;
    }

    /// <summary>The reason's code.</summary>
    public string Code { get; }

    /// <summary>The values filled into the code's template.</summary>
    public IReadOnlyList<string> Args { get; }
}

/// <summary>The outcome of reading one event: the event, or the reasons it was refused.</summary>
public sealed record ParsedEvent(string? TypeName, IInboundEvent? Event, IReadOnlyList<ContractError> Errors)
{
    /// <summary>True when the event was read and passed validation.</summary>
    public bool IsValid => Event is not null && Errors.Count == 0;

    internal static ParsedEvent Refused(string? typeName, params ContractError[] errors) => new(typeName, null, errors);
}
