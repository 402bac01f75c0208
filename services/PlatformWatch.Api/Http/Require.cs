using PlatformWatch.Api.Ui;

namespace PlatformWatch.Api.Http;

/// <summary>Small checks of request fields; the reasons in the request's language (<c>api.*</c>).</summary>
internal static class Require
{
    public static void Add(Dictionary<string, List<string>> errors, string field, string reason)
    {
        if (!errors.TryGetValue(field, out var reasons))
        {
            errors[field] = reasons = [];
        }

        reasons.Add(reason);
    }

    /// <summary>The reason of a text over <paramref name="maxLength"/> characters.</summary>
    public static string AtMost(int maxLength) => DisplayText.Format("api.atMost", maxLength);

    /// <summary>The reason of a value not among <paramref name="allowed"/>.</summary>
    public static string OneOf(IEnumerable<string> allowed) => DisplayText.Format("api.oneOf", string.Join(", ", allowed));

    public static void NotBlank(Dictionary<string, List<string>> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(errors, field, DisplayText.Get("api.required"));
        }
        else if (value.Length > maxLength)
        {
            Add(errors, field, AtMost(maxLength));
        }
    }
}
