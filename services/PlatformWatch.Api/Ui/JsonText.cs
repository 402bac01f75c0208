using System.Text.Json;
using System.Text.Json.Nodes;

namespace PlatformWatch.Api.Ui;

/// <summary>Stored JSON (legal bases, events, audit details) as text for a page; measurements read as rows through <see cref="FindingValues"/>.</summary>
public static class JsonText
{
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
