using System.Globalization;

namespace PlatformWatch.Api.Http;

/// <summary>Small checks of request fields.</summary>
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

    public static void NotBlank(Dictionary<string, List<string>> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(errors, field, "required");
        }
        else if (value.Length > maxLength)
        {
            Add(errors, field, string.Create(CultureInfo.InvariantCulture, $"must be at most {maxLength} characters"));
        }
    }
}
