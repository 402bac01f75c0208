using System.Text.Json;
using System.Text.Json.Nodes;

namespace PlatformWatch.Api.Ui;

/// <summary>Stored JSON (measurements, thresholds, legal bases, events) as text for a page.</summary>
public static class JsonText
{
    /// <summary>The top-level fields of a JSON object, each value as text (strings unquoted, numbers exactly as stored).</summary>
    public static IReadOnlyList<(string Name, string Value)> Pairs(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || JsonNode.Parse(json) is not JsonObject obj)
        {
            return [];
        }

        return obj.Select(p => (p.Key, Text(p.Value))).ToList();
    }

    /// <summary>One field of a JSON object as text; empty when absent.</summary>
    public static string Field(string? json, string name) =>
        string.IsNullOrWhiteSpace(json) || JsonNode.Parse(json) is not JsonObject obj || !obj.TryGetPropertyValue(name, out var value) ? "" : Text(value);

    /// <summary>JSON, indented for reading.</summary>
    public static string Indented(string json) => JsonNode.Parse(json)?.ToJsonString(Indented_) ?? "";

    private static readonly JsonSerializerOptions Indented_ = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Text(JsonNode? value) => value switch
    {
        null => "—",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
