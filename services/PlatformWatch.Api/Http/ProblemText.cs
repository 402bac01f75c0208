using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Ui;

namespace PlatformWatch.Api.Http;

/// <summary>
/// The generic titles of problem+json answers in the request's language (issue 19, item 2; the
/// request localization middleware sets the culture from the cookie or <c>Accept-Language</c>): a
/// title this table knows is replaced by its resource (<c>problem.*</c>); field names, the
/// <c>errors</c> keys stay as they are; the details and reasons are written in the request's language
/// where they are made (the application layer's <c>Messages</c>, the API's <c>api.*</c> resources).
/// </summary>
public static class ProblemText
{
    private static readonly Dictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Bad Request"] = "problem.badRequest",
        ["One or more validation errors occurred."] = "problem.validation",
        ["Unauthorized"] = "problem.unauthorized",
        ["Forbidden"] = "problem.forbidden",
        ["Not Found"] = "problem.notFound",
        ["Method Not Allowed"] = "problem.methodNotAllowed",
        ["Conflict"] = "problem.conflict",
        ["Payload Too Large"] = "problem.payloadTooLarge",
        ["Unsupported Media Type"] = "problem.unsupportedMediaType",
        ["Unprocessable Entity"] = "problem.unprocessable",
        ["Too Many Requests"] = "problem.tooManyRequests",
        ["An error occurred while processing your request."] = "problem.serverError",
        ["Service Unavailable"] = "problem.unavailable",
    };

    /// <summary>Replaces a generic title by its text in the current UI culture.</summary>
    public static void Translate(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Translate(context.ProblemDetails);
    }

    // The contracts' reasons for a body that does not read (JsonFailure; the contracts are
    // dependency-free and English), by their text; "expected …" by what was expected.
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal)
    {
        ["unknown field"] = "api.unknownField",
        ["required"] = "api.required",
        ["given more than once"] = "api.givenTwice",
        ["must not be null"] = "api.notNull",
        ["nested too deeply"] = "api.tooDeep",
        ["not a valid value here"] = "api.notValid",
        ["required, must not be empty"] = "api.requiredNotEmpty",
        ["must not contain control characters"] = "api.controlCharacters",
        ["must be text"] = "api.text",
    };

    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["a string"] = "api.expected.string",
        ["a number"] = "api.expected.number",
        ["a whole number"] = "api.expected.wholeNumber",
        ["a date YYYY-MM-DD"] = "api.expected.date",
        ["an ISO 8601 timestamp with offset, e.g. 2026-03-31T00:00:00Z"] = "api.expected.timestamp",
        ["a list"] = "api.expected.list",
        ["an object"] = "api.expected.object",
        ["true or false"] = "api.expected.boolean",
        ["a value of another kind"] = "api.expected.other",
        ["a JSON object"] = "api.expected.object",
        ["a non-empty string"] = "api.expected.nonEmptyString",
    };

    /// <summary>Replaces a generic title by its text in the current UI culture; a refusal of the caller's credential (401, 403 by a policy) gets a detail saying so.</summary>
    public static void Translate(ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Title is { } title && Keys.TryGetValue(title, out var key))
        {
            problem.Title = DisplayText.Get(key);
        }

        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status401Unauthorized => DisplayText.Get("api.unauthorized"),
            StatusCodes.Status403Forbidden => DisplayText.Get("api.forbidden"),
            _ => null,
        };
    }

    private const string OneOf = "expected one of: ";

    /// <summary>A reason of the contracts' JSON reading (<c>unknown field</c>, <c>expected a number</c>) in the current UI culture; another reason as it is.</summary>
    public static string Reason(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return Reasons.TryGetValue(reason, out var key) ? DisplayText.Get(key)
            : reason.StartsWith("expected ", StringComparison.Ordinal) && Expected.TryGetValue(reason["expected ".Length..], out var expected)
                ? DisplayText.Format("api.expected", DisplayText.Get(expected))
            : reason.StartsWith(OneOf, StringComparison.Ordinal) ? DisplayText.Format("api.expectedOneOf", reason[OneOf.Length..])
            : reason;
    }
}
