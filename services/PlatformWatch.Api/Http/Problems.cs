using PlatformWatch.Api.Ui;
using PlatformWatch.Application;

namespace PlatformWatch.Api.Http;

/// <summary>
/// Errors as <c>application/problem+json</c>, each naming the field and the reason. The texts are in
/// the request's language (the reasons given here are already in it; the <c>api.*</c> resources join
/// them), the field names are not translated.
/// </summary>
public static class Problems
{
    /// <summary>The most errors one answer lists (a body can hold far more); <c>more</c> counts the rest.</summary>
    public const int MaxErrors = 100;

    /// <summary>400 with one field's reason.</summary>
    public static IResult Field(string field, string reason) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] }, detail: FieldReason(field, reason));

    /// <summary>400 with every field's reasons: the first <see cref="MaxErrors"/>, and <c>more</c> counting the rest.</summary>
    public static IResult Fields(IReadOnlyDictionary<string, List<string>> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var listed = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var room = MaxErrors;
        foreach (var (field, reasons) in errors)
        {
            if (room == 0)
            {
                break;
            }

            listed[field] = [.. reasons.Take(room)];
            room -= listed[field].Length;
        }

        var more = errors.Sum(e => e.Value.Count) - (MaxErrors - room);
        var detail = string.Join(DisplayText.Get("api.separator"), listed.SelectMany(e => e.Value.Select(v => FieldReason(e.Key, v))));
        return more > 0
            ? Results.ValidationProblem(listed, detail: DisplayText.Format("api.more", detail, more), extensions: new Dictionary<string, object?> { ["more"] = more })
            : Results.ValidationProblem(listed, detail: detail);
    }

    /// <summary>415: the body is not JSON.</summary>
    public static IResult NotJson() =>
        Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type", detail: DisplayText.Get("api.notJson"));

    /// <summary>404 that does not say whether the thing exists for someone else.</summary>
    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: DisplayText.Format("api.notFound", what));

    /// <summary>409: the action is not possible in the current state (the reason says why).</summary>
    public static IResult Conflict(string reason) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: reason);

    /// <summary>403 with the reason.</summary>
    public static IResult Forbidden(string reason) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: reason);

    /// <summary>403 naming the field (e.g. <c>source</c>) and the reason.</summary>
    public static IResult ForbiddenField(string field, string reason) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: FieldReason(field, reason),
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });

    /// <summary>An application service's outcome as an answer: <paramref name="ok"/> for its value, else 404, 403 or 409 with the reason, or 400 naming the field.</summary>
    public static IResult Of<T>(Outcome<T> outcome, Func<T, IResult> ok)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(ok);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => ok(outcome.Value!),
            OutcomeKind.NotFound => NotFound(outcome.Reason),
            OutcomeKind.Forbidden => Forbidden(outcome.Reason),
            OutcomeKind.Invalid => Field(outcome.Field ?? "body", outcome.Reason),
            _ => Conflict(outcome.Reason),
        };
    }

    /// <summary>A field and its reason as a detail says them (<c>field: reason</c>).</summary>
    public static string FieldReason(string field, string reason) => DisplayText.Format("api.fieldReason", field, reason);

    /// <summary>503: the bus did not take the message.</summary>
    public static IResult Unavailable(string reason) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service Unavailable", detail: reason);
}
