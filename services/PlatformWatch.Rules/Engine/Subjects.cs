using System.Globalization;

namespace PlatformWatch.Rules.Engine;

/// <summary>
/// The names under which subjects keep their findings. Re-evaluating a subject replaces its
/// findings; the parts are joined with a unit separator, which no identifier contains.
/// </summary>
public static class Subjects
{
    private const char Separator = '\u001f';

    /// <summary>All share figures of a market.</summary>
    public static string Market(string marketId) => Join("market", marketId);

    /// <summary>All conduct observations of a platform.</summary>
    public static string Conduct(string platformId) => Join("conduct", platformId);

    /// <summary>A platform's price quotes in a market in a month.</summary>
    public static string Prices(string platformId, string marketId, DateOnly month) => Join("prices", platformId, marketId, Month(month));

    /// <summary>A platform's results pages in a market in a month.</summary>
    public static string Rankings(string platformId, string marketId, DateOnly month) => Join("rankings", platformId, marketId, Month(month));

    /// <summary>The acquisitions of an acquirer.</summary>
    public static string Acquisitions(string acquirerId) => Join("acquisitions", acquirerId);

    /// <summary>The yearly profiles of a platform.</summary>
    public static string Profiles(string platformId) => Join("profiles", platformId);

    /// <summary>The obligations and reports of a platform.</summary>
    public static string Reports(string platformId) => Join("reports", platformId);

    /// <summary>
    /// Not a subject of findings but a lock name: what the rules know about a platform (dominance,
    /// designations). A unit of work that changes them holds it exclusively; one that evaluates
    /// rules depending on them holds it shared, from before it reads them until it commits.
    /// </summary>
    public static string Facts(string platformId) => Join("facts", platformId);

    private static string Month(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string Join(params string[] parts) => string.Join(Separator, parts);
}
