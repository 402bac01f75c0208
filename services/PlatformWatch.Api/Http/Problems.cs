namespace PlatformWatch.Api.Http;

/// <summary>Errors as <c>application/problem+json</c>, each naming the field and the reason.</summary>
public static class Problems
{
    /// <summary>400 with one field's reason.</summary>
    public static IResult Field(string field, string reason) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] }, detail: $"{field}: {reason}");

    /// <summary>400 with every field's reasons.</summary>
    public static IResult Fields(IReadOnlyDictionary<string, List<string>> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Results.ValidationProblem(
            errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
            detail: string.Join("; ", errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))));
    }

    /// <summary>415: the body is not JSON.</summary>
    public static IResult NotJson() =>
        Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type", detail: "the body must be application/json");

    /// <summary>404 that does not say whether the thing exists for someone else.</summary>
    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"{what} was not found");

    /// <summary>409: the action is not possible in the current state (the reason says why).</summary>
    public static IResult Conflict(string reason) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: reason);

    /// <summary>403 with the reason.</summary>
    public static IResult Forbidden(string reason) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: reason);

    /// <summary>403 naming the field (e.g. <c>source</c>) and the reason.</summary>
    public static IResult ForbiddenField(string field, string reason) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"{field}: {reason}",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });

    /// <summary>503: the bus did not take the message.</summary>
    public static IResult Unavailable(string reason) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service Unavailable", detail: reason);
}
