using System.Globalization;
using PlatformWatch.Api.Ui;

namespace PlatformWatch.Api.Http;

/// <summary>
/// The query string of a request, read parameter by parameter with the reason for each refusal.
/// Values are data, never SQL: filters reach the store as parameters. A parameter the endpoint
/// does not read is refused by name, so a misspelt filter never silently returns everything.
/// </summary>
public sealed class Query(IQueryCollection query)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>A text value (trimmed; null when absent or empty).</summary>
    public string? Text(string name, int maxLength = 200)
    {
        _read.Add(name);
        var value = One(name)?.Trim();
        if (value is { Length: > 0 } && value.Length > maxLength)
        {
            Error(name, Require.AtMost(maxLength));
        }

        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>One of the allowed values (exact), or null when absent.</summary>
    public string? OneOf(string name, IReadOnlyList<string> allowed)
    {
        var value = Text(name);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            Error(name, DisplayText.Format("api.unknownValue", value, string.Join(", ", allowed)));
            return null;
        }

        return value;
    }

    /// <summary>A whole number within bounds, or null when absent.</summary>
    public int? Number(string name, int min, int max)
    {
        var value = Text(name);
        if (value is null)
        {
            return null;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            Error(name, DisplayText.Format("api.wholeNumber", min, max));
            return null;
        }

        return number;
    }

    /// <summary>true/false (absent: false).</summary>
    public bool Bool(string name)
    {
        var value = Text(name);
        if (value is null or "false")
        {
            return false;
        }

        if (value == "true")
        {
            return true;
        }

        Error(name, DisplayText.Get("api.trueOrFalse"));
        return false;
    }

    /// <summary>A date (yyyy-MM-dd), or null when absent.</summary>
    public DateOnly? Date(string name)
    {
        var value = Text(name);
        if (value is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            Error(name, DisplayText.Get("api.date"));
            return null;
        }

        return day;
    }

    /// <summary>page (from 1) and pageSize (1 to <paramref name="maxPageSize"/>, default 50).</summary>
    public (int Page, int PageSize) Page(int maxPageSize)
    {
        var page = Number("page", 1, 1_000_000) ?? 1;
        var size = Number("pageSize", 1, maxPageSize) ?? Math.Min(50, maxPageSize);
        return (page, size);
    }

    /// <summary>Records a refusal.</summary>
    public void Error(string name, string reason)
    {
        if (!_errors.TryGetValue(name, out var reasons))
        {
            _errors[name] = reasons = [];
        }

        reasons.Add(reason);
    }

    /// <summary>The problem to answer with, or null when every parameter was fine and known.</summary>
    public IResult? Problem() => Check().Count > 0 ? Problems.Fields(_errors) : null;

    /// <summary>Every refusal, by parameter, unknown parameters included (read everything first).</summary>
    public IReadOnlyDictionary<string, List<string>> Check()
    {
        foreach (var name in query.Keys.Where(k => !_read.Contains(k) && !_errors.ContainsKey(k)))
        {
            Error(name, DisplayText.Get("api.unknownParameter"));
        }

        return _errors;
    }

    private string? One(string name)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            Error(name, DisplayText.Get("api.givenTwice"));
        }

        return values[0];
    }
}
