using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PlatformWatch.Api.Ui;
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
/// ids, authors, statuses or times the server owns), required fields named when missing, a key
/// given twice refused (<see cref="JsonBodyFilter"/> has refused it before any endpoint reads it).
/// </summary>
public static class RequestBody
{
    /// <summary>The options: the contracts' JSON form, unknown members and duplicate keys refused.</summary>
    public static readonly JsonSerializerOptions Strict = CreateStrict();

    private static JsonSerializerOptions CreateStrict()
    {
        var options = new JsonSerializerOptions();
        ContractJson.Configure(options);
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
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
            return (null, Problems.NotJson());
        }

        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(request.Body, Strict, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            return (null, FromJson(e, Strict.GetTypeInfo(typeof(T)), serverOwned));
        }

        if (value is null)
        {
            return (null, Problems.Field("body", DisplayText.Get("api.required")));
        }

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        value.Validate(errors);
        return errors.Count > 0 ? (null, Problems.Fields(errors)) : (value, null);
    }

    /// <summary>
    /// A JSON error as a problem naming the field, never a .NET type; <paramref name="type"/> (the
    /// type read) lets a wrong value be described by what its field expects.
    /// </summary>
    public static IResult FromJson(JsonException e, JsonTypeInfo? type = null, IReadOnlySet<string>? serverOwned = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var error in JsonFailure.Explain(e, type))
        {
            var field = error.Field ?? "body";
            Require.Add(errors, field, error.Code == "unknownField" && serverOwned?.Contains(field) == true ? DisplayText.Get("api.serverOwned") : ProblemText.Reason(error));
        }

        return Problems.Fields(errors);
    }
}
