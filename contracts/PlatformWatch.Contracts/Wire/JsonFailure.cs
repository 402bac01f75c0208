using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace PlatformWatch.Contracts.Wire;

/// <summary>
/// Why reading JSON into a type failed, said the way the contracts say it: the field (its JSON path,
/// <c>documents[0].sizeBytes</c>) and the reason (<c>expected a whole number</c>). The serializer's
/// own messages name .NET types (<c>could not be converted to System.Int64</c>,
/// <c>… to Namespace.Type+Request</c>); no reason given here ever does.
/// </summary>
public static partial class JsonFailure
{
    /// <summary>
    /// The errors of one failed read. <paramref name="root"/>, the type read, lets a wrong value be
    /// described by the type its field expects; without it the message is the only guide.
    /// </summary>
    public static IReadOnlyList<ContractError> Explain(JsonException exception, JsonTypeInfo? root = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var field = Field(exception.Path);
        if (exception is ContractJsonException refused)
        {
            return [new ContractError(field, ContractReasons.Format(refused.Code, refused.Args)) { Code = refused.Code, Args = refused.Args }];
        }

        var message = exception.Message.Split(" Path: ", 2)[0].Split(" LineNumber: ", 2)[0].Trim();
        if (Unmapped().Match(message) is { Success: true } unmapped)
        {
            return [ContractError.Of(Named(field, unmapped.Groups[1].Value), "unknownField")];
        }

        if (MissingRequired().Match(message) is { Success: true } missing)
        {
            return missing.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(name => ContractError.Of(Named(field, name.Trim('\'')), "required")).ToList();
        }

        if (Duplicate().Match(message) is { Success: true } duplicate)
        {
            return [ContractError.Of(Named(field, duplicate.Groups[1].Value), "givenTwice")];
        }

        if (message.StartsWith(CouldNotConvert, StringComparison.Ordinal))
        {
            var expected = root is null ? null : TypeAt(root, exception.Path);
            return [ContractError.Of(field, expected is null ? Describe(message[CouldNotConvert.Length..]) : Describe(expected, root!.Options))];
        }

        if (message.Contains("doesn't allow setting null values", StringComparison.Ordinal) || message.Contains("doesn't allow null values", StringComparison.Ordinal)
            || message.Contains("does not allow setting null values", StringComparison.Ordinal))
        {
            return [ContractError.Of(field, "notNull")];
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return [ContractError.Of(field, "tooDeep")];
        }

        // The contracts' converters explain themselves ("expected one of: …"); anything else naming a type is not repeated.
        return [NamesAType().IsMatch(message) || message.Length == 0 ? ContractError.Of(field, "notValid") : new ContractError(field, message.TrimEnd('.'))];
    }

    /// <summary>A JSON path as the errors name fields: <c>$.documents[0].name</c> → <c>documents[0].name</c>; the root → null.</summary>
    public static string? Field(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private const string CouldNotConvert = "The JSON value could not be converted to ";

    // The path names the object the property was in, or (for some failures) the property itself.
    private static string Named(string? field, string name) =>
        field is null ? name : field == name || field.EndsWith("." + name, StringComparison.Ordinal) || field.EndsWith("['" + name + "']", StringComparison.Ordinal) ? field : field + "." + name;

    // The type a JSON path leads to in the type read ("$.documents[0].sizeBytes" → long).
    private static Type? TypeAt(JsonTypeInfo root, string? path)
    {
        var info = root;
        foreach (Match step in PathStep().Matches(path ?? ""))
        {
            var name = step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Success ? step.Groups["quoted"].Value : null;
            Type? next = info.Kind switch
            {
                JsonTypeInfoKind.Object when name is not null => info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType,
                JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary => info.ElementType,
                _ => null,
            };
            if (next is null)
            {
                return null;
            }

            info = info.Options.GetTypeInfo(Nullable.GetUnderlyingType(next) ?? next);
        }

        return info.Type;
    }

    private static string Describe(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(JsonArray))
        {
            return "expected.list";
        }

        if (type == typeof(JsonObject))
        {
            return "expected.object";
        }

        return options.GetTypeInfo(type).Kind switch
        {
            JsonTypeInfoKind.Enumerable => "expected.list",
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "expected.object",
            _ when type.IsEnum => "expected.string",
            _ => Type.GetTypeCode(type) switch
            {
                TypeCode.String => "expected.string",
                TypeCode.Boolean => "expected.boolean",
                TypeCode.Decimal or TypeCode.Double or TypeCode.Single => "expected.number",
                TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.Byte or TypeCode.SByte => "expected.wholeNumber",
                _ when type == typeof(DateOnly) => "expected.date",
                _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "expected.timestamp",
                _ => "expected.other",
            },
        };
    }

    // Without the type read: what the serializer's message says it wanted.
    private static string Describe(string clrType) => clrType switch
    {
        _ when clrType.Contains("System.Decimal", StringComparison.Ordinal) || clrType.Contains("System.Double", StringComparison.Ordinal) => "expected.number",
        _ when clrType.Contains("System.Int32", StringComparison.Ordinal) || clrType.Contains("System.Int64", StringComparison.Ordinal) => "expected.wholeNumber",
        _ when clrType.Contains("System.DateOnly", StringComparison.Ordinal) => "expected.date",
        _ when clrType.Contains("System.Boolean", StringComparison.Ordinal) => "expected.boolean",
        _ when clrType.Contains("Dictionary", StringComparison.Ordinal) || clrType.Contains("JsonObject", StringComparison.Ordinal) => "expected.object",
        _ when clrType.Contains("List", StringComparison.Ordinal) || clrType.Contains("[]", StringComparison.Ordinal) || clrType.Contains("JsonArray", StringComparison.Ordinal) => "expected.list",
        _ when clrType.StartsWith("System.String", StringComparison.Ordinal) => "expected.string",
        _ => "expected.object",
    };

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"missing required properties including: (.+?)\.?$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"Duplicate property '([^']+)'")]
    private static partial Regex Duplicate();

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();

    [GeneratedRegex(@"\b(System|PlatformWatch|Microsoft)\.|`\d|\+[A-Z]")]
    private static partial Regex NamesAType();
}
