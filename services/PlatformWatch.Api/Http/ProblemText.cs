using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Ui;

namespace PlatformWatch.Api.Http;

/// <summary>
/// The generic titles of problem+json answers in the request's language (issue 19, item 2; the
/// request localization middleware sets the culture from the cookie or <c>Accept-Language</c>): a
/// title this table knows is replaced by its resource (<c>problem.*</c>); field names, the
/// <c>errors</c> keys and the details stay as they are (the details are not translated yet).
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

    /// <summary>Replaces a generic title by its text in the current UI culture.</summary>
    public static void Translate(ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Title is { } title && Keys.TryGetValue(title, out var key))
        {
            problem.Title = DisplayText.Get(key);
        }
    }
}
