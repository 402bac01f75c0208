using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformWatch.Contracts.Wire;

/// <summary>
/// Reads and writes an enum by the kebab-case names in its <c>JsonStringEnumMemberName</c>
/// attributes, and nothing else: numbers and unknown names are refused with the list of valid values.
/// </summary>
public sealed class WireEnumConverter<T> : JsonConverter<T> where T : struct, Enum
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ContractJsonException("oneOf", string.Join(", ", WireNames.Names<T>()));
        }

        var text = reader.GetString()!;
        return WireNames.Parse<T>(text)
            ?? throw new ContractJsonException("unknownValue", text.Length <= 60 ? text : text[..60] + "…", string.Join(", ", WireNames.Names<T>()));
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(WireNames.Name(value));

    /// <inheritdoc />
    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WritePropertyName(WireNames.Name(value));
}

/// <summary>The wire names of the contract enums.</summary>
public static class WireNames
{
    /// <summary>The wire name of a value, e.g. <c>monthly-active-users</c>.</summary>
    public static string Name<T>(T value) where T : struct, Enum =>
        Cache<T>.ByValue.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, "not a wire value");

    /// <summary>Every wire name, in declaration order.</summary>
    public static IReadOnlyCollection<string> Names<T>() where T : struct, Enum => Cache<T>.ByName.Keys;

    /// <summary>The value of a wire name, or null when the name is unknown.</summary>
    public static T? Parse<T>(string name) where T : struct, Enum =>
        Cache<T>.ByName.TryGetValue(name, out var value) ? value : null;

    private static class Cache<T> where T : struct, Enum
    {
        public static readonly Dictionary<string, T> ByName = Build();
        public static readonly Dictionary<T, string> ByValue = ByName.ToDictionary(p => p.Value, p => p.Key);

        private static Dictionary<string, T> Build()
        {
            var names = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var field in typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var name = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                    ?? JsonNamingPolicy.KebabCaseLower.ConvertName(field.Name);
                names.Add(name, (T)field.GetValue(null)!);
            }

            return names;
        }
    }
}
