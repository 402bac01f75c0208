using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PlatformWatch.Benchmarks;

/// <summary>The summary columns that read BenchmarkDotNet's operations as events.</summary>
public class EventColumnsConfig : ManualConfig
{
    /// <summary>Adds <c>Events/s</c> and <c>Events/invoke</c> to the summary.</summary>
    public EventColumnsConfig() => AddColumn(new EventsPerSecondColumn(), new EventsPerInvokeColumn());
}

/// <summary><c>Events/s</c>: one second over the mean time per operation, each operation being one event.</summary>
internal sealed class EventsPerSecondColumn : IColumn
{
    public string Id => nameof(EventsPerSecondColumn);
    public string ColumnName => "Events/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Events evaluated per second on one thread (1 s / Mean; one operation is one event)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return mean is > 0 ? (1e9 / mean.Value).ToString("N0", style?.CultureInfo ?? CultureInfo.InvariantCulture) : "NA";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}

/// <summary><c>Events/invoke</c>: the events one invoke evaluates (the benchmark's OperationsPerInvoke).</summary>
internal sealed class EventsPerInvokeColumn : IColumn
{
    public string Id => nameof(EventsPerInvokeColumn);
    public string ColumnName => "Events/invoke";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Events one invoke evaluates (OperationsPerInvoke): Mean and Allocated are per event";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        benchmarkCase.Descriptor.OperationsPerInvoke.ToString(CultureInfo.InvariantCulture);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
