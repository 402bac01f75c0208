using System.Globalization;

namespace PlatformWatch.Rules;

/// <summary>A closed interval of days, both ends included (a market period, a conduct's duration, a law's time in force).</summary>
public readonly record struct DateRange(DateOnly Start, DateOnly End)
{
    /// <summary>Open-ended ranges end on this day.</summary>
    public static readonly DateOnly EndOfTime = DateOnly.MaxValue;

    /// <summary>Open-started ranges start on this day.</summary>
    public static readonly DateOnly BeginningOfTime = DateOnly.MinValue;

    /// <summary>True when the two ranges share at least one day.</summary>
    public bool Overlaps(DateRange other) => Start <= other.End && other.Start <= End;

    /// <summary>The days in both, or null.</summary>
    public DateRange? Intersect(DateRange other)
    {
        var start = Start > other.Start ? Start : other.Start;
        var end = End < other.End ? End : other.End;
        return start <= end ? new DateRange(start, end) : null;
    }

    /// <summary>True when the day is in the range.</summary>
    public bool Contains(DateOnly day) => Start <= day && day <= End;

    /// <summary>Number of days, counted inclusively.</summary>
    public int Days => End.DayNumber - Start.DayNumber + 1;

    /// <summary>A single day.</summary>
    public static DateRange Day(DateOnly day) => new(day, day);

    /// <summary>The calendar month containing a day.</summary>
    public static DateRange MonthOf(DateOnly day)
    {
        var first = new DateOnly(day.Year, day.Month, 1);
        return new DateRange(first, first.AddMonths(1).AddDays(-1));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}");
}
