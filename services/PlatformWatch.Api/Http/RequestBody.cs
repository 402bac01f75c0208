using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Api.Http;

/// <summary>A request body that validates itself; each error names the field.</summary>
public interface IValidatedBody
{
    /// <summary>Adds every error (field → reasons).</summary>
    void Validate(Dictionary<string, List<string>> errors);
}

/// <summary>
/// Reads JSON request bodies strictly: unknown fields are refused by name (no mass assignment of
/// ids, authors, statuses or times the server owns), required fields named when missing.
/// </summary>
public static partial class RequestBody
{
    /// <summary>The options: the contracts' JSON form, unknown members refused.</summary>
    public static readonly JsonSerializerOptions Strict = CreateStrict();

    private static JsonSerializerOptions CreateStrict()
    {
        var options = new JsonSerializerOptions();
        ContractJson.Configure(options);
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        return options;
    }

    /// <summary>The body as <typeparamref name="T"/>, or the problem to answer with.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, IReadOnlySet<string>? serverOwned = null)
        where T : class, IValidatedBody
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type", detail: "the body must be application/json"));
        }

        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(request.Body, Strict, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            return (null, FromJson(e, serverOwned));
        }

        if (value is null)
        {
            return (null, Problems.Field("body", "required"));
        }

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        value.Validate(errors);
        return errors.Count > 0 ? (null, Problems.Fields(errors)) : (value, null);
    }

    /// <summary>A JSON error as a problem naming the field.</summary>
    public static IResult FromJson(JsonException e, IReadOnlySet<string>? serverOwned = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        var message = e.Message;
        if (Unmapped().Match(message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups[1].Value;
            return Problems.Field(name, serverOwned?.Contains(name) == true ? "set by the server, not by the caller" : "unknown field");
        }

        if (MissingRequired().Match(message) is { Success: true } missing)
        {
            var names = missing.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim('\''));
            return Problems.Fields(names.ToDictionary(n => n, _ => new List<string> { "required" }, StringComparer.Ordinal));
        }

        var field = Field(e.Path);
        var reason = message.Split(" Path:", 2)[0].Split(". LineNumber", 2)[0];
        return Problems.Field(field, reason.Length == 0 ? "not valid JSON" : reason);
    }

    // "$.documents[0].sizeBytes" → "documents[0].sizeBytes"; "$" or nothing → "body".
    private static string Field(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"missing required properties including: (.+?)\.?$")]
    private static partial Regex MissingRequired();
}
