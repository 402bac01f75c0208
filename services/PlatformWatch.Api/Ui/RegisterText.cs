using System.Globalization;
using PlatformWatch.Application;

namespace PlatformWatch.Api.Ui;

/// <summary>A publication of the public register in words: the feed's entries and the register's pages say it alike.</summary>
public static class RegisterText
{
    /// <summary>The title: the decision, the platform and the outcome.</summary>
    public static string Title(Publication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        return DisplayText.Format("register.entryTitle", publication.DecisionId, publication.PlatformId, publication.Outcome);
    }

    /// <summary>What was decided, in one paragraph: platform, day, outcome, fine, confiscation, law and conduct.</summary>
    public static string Summary(Publication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        return DisplayText.Format("register.summary", publication.PlatformId, Day(publication.ServedAt), publication.Outcome,
            MoneyOrNone(publication.Fine), MoneyOrNone(publication.Confiscation), string.Join(", ", publication.LawApplied),
            string.Join(" ", publication.Conduct.Select(c => LawText.Pick(c.Summary))));
    }

    /// <summary>An amount with its currency, or "none".</summary>
    public static string MoneyOrNone(PlatformWatch.Contracts.Money? money) => money is null ? DisplayText.Get("register.none") : FindingValues.Money(money);

    /// <summary>The day (UTC) something happened, yyyy-MM-dd.</summary>
    public static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
