using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Ui;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Api.Http;

/// <summary>
/// The generic titles of problem+json answers in the request's language (issue 19, item 2; the
/// request localization middleware sets the culture from the cookie or <c>Accept-Language</c>): a
/// title this table knows is replaced by its resource (<c>problem.*</c>); field names, the
/// <c>errors</c> keys stay as they are; the details and reasons are written in the request's language
/// where they are made (the application layer's <c>Messages</c>, the API's <c>api.*</c> resources),
/// the contracts' reasons here by their code (<see cref="Reason"/>).
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

    /// <summary>
    /// A reason of the contracts (<see cref="ContractError.Code"/>: a JSON-reading or an event-validation
    /// reason) in the current UI culture, by its code (<c>api.contract.&lt;code&gt;</c>), its arguments
    /// (field names, values) verbatim; a reason without a code as it is.
    /// </summary>
    public static string Reason(ContractError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code is { } code ? DisplayText.Format("api.contract." + code, [.. error.Args]) : error.Reason;
    }
}
