using System.Globalization;
using System.Text;

namespace PlatformWatch.Macro;

/// <summary>The results of every run and the table they make: medians, ratios, targets.</summary>
internal sealed class Report
{
    private static readonly Dictionary<char, string> Names = new()
    {
        ['a'] = "RabbitMQ.Client: consume, parse JSON, ack every 100 (the limit)",
        ['b'] = "MassTransit, the worker's consumers and batches across contracts, doing nothing (the framework)",
        ['c'] = "worker pipeline, rules on memory, no database",
        ['d'] = "platformwatch-worker, SQLite",
        ['e'] = "platformwatch-worker, PostgreSQL",
        ['f'] = "three platformwatch-worker processes, PostgreSQL, sharing the partitions",
    };

    private static readonly (char Top, char Bottom, double? Target)[] Ratios =
        [('c', 'b', 0.8), ('d', 'c', 0.8), ('e', 'c', 0.6), ('f', 'e', null), ('d', 'b', null), ('e', 'b', null), ('b', 'a', null)];

    public List<DrainResult> Drains { get; } = [];

    public List<LatencyResult> Latencies { get; } = [];

    public RssResult? Rss { get; set; }

    public List<string> Context { get; } = [];

    public double? Median(char scenario)
    {
        var rates = Drains.Where(d => d.Scenario == scenario).Select(d => d.Rate).Order().ToList();
        return rates.Count == 0 ? null : rates.Count % 2 == 1 ? rates[rates.Count / 2] : (rates[(rates.Count / 2) - 1] + rates[rates.Count / 2]) / 2;
    }

    public string Markdown()
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        foreach (var context in Context)
        {
            text.AppendLine(context);
        }

        if (Drains.Count > 0)
        {
            text.AppendLine();
            Line($"| | drains the backlog | events/s (median) | each round |");
            Line($"|---|---|---:|---|");
            foreach (var scenario in Names.Keys.Where(s => Median(s) is not null))
            {
                var runs = string.Join(" · ", Drains.Where(d => d.Scenario == scenario).Select(d => Rate(d.Rate)));
                Line($"| {scenario} | {Names[scenario]} | **{Rate(Median(scenario)!.Value)}** | {runs} |");
            }

            text.AppendLine();
            Line($"| ratio | of the medians | target | |");
            Line($"|---|---:|---|---|");
            foreach (var (top, bottom, target) in Ratios)
            {
                if (Median(top) is { } t && Median(bottom) is { } b)
                {
                    var ratio = t / b;
                    var verdict = target is null ? "" : ratio >= target ? "met" : "**missed**";
                    Line($"| {top}/{bottom} | {ratio:0.00} | {(target is null ? "–" : $"≥ {target:0.0}")} | {verdict} |");
                }
            }
        }

        if (Latencies.Count > 0)
        {
            text.AppendLine();
            Line($"| latency, publish → committed finding | Bus:BatchTimeLimit | load (events/s, asked · reached) | probes | p50 | p99 | max | p99 seen by a subscriber | target p99 < 50 ms |");
            Line($"|---|---|---|---:|---:|---:|---:|---:|---|");
            foreach (var l in Latencies)
            {
                var missing = l.Missing > 0 ? $" ({l.Missing} without a finding)" : "";
                var shipped = l.BatchTimeLimitMs == 100 ? " (shipped)" : "";
                Line($"| worker, {l.Provider} | {l.BatchTimeLimitMs} ms{shipped} | {Rate(l.TargetRate)} · {Rate(l.ActualRate)} | {l.Probes}{missing} | {l.P50Ms:0} ms | {l.P99Ms:0} ms | {l.MaxMs:0} ms | {l.ReceivedP99Ms:0} ms | {(l.P99Ms < 50 && l.Missing == 0 ? "met" : "**missed**")} |");
            }
        }

        var peaks = Drains.Where(d => d.PeakRssBytes is not null).GroupBy(d => d.Scenario).ToList();
        if (peaks.Count > 0 || Rss is not null)
        {
            text.AppendLine();
            Line($"| worker peak RSS (VmHWM) | events drained | peak | target < 300 MB after 1,000,000 |");
            Line($"|---|---:|---:|---|");
            foreach (var group in peaks)
            {
                var peak = group.Max(d => d.PeakRssBytes!.Value);
                Line($"| {Names[group.Key]} (largest of {group.Count()} runs) | {group.First().Events:N0} | {Mb(peak)} | {(peak < 300L << 20 ? "under" : "**over**")} (not yet 1,000,000) |");
            }

            if (Rss is { } rss)
            {
                var million = rss.Events >= 1_000_000 ? (rss.PeakBytes < 300L << 20 ? "met" : "**missed**") : $"{(rss.PeakBytes < 300L << 20 ? "under" : "**over**")} (not yet 1,000,000)";
                Line($"| platformwatch-worker, {rss.Provider}: long run at {Rate(rss.Rate)} events/s, fed while draining | {rss.Events:N0} | {Mb(rss.PeakBytes)} | {million} |");
                var samples = string.Join(", ", rss.Samples.Select(s => $"{s.Events / 1000:N0}k: {Mb(s.RssBytes)}"));
                text.AppendLine();
                Line($"RSS along the long run: {samples}.");
            }
        }

        text.AppendLine();
        foreach (var d in Drains)
        {
            var rss = d.PeakRssBytes is { } peak ? $", peak RSS {Mb(peak)}" : "";
            var note = d.Note is null ? "" : $", {d.Note}";
            Line($"- {d.Scenario}: {d.Events:N0} events in {d.Seconds:0.00} s = {Rate(d.Rate)} events/s{rss}{note}. {d.Cpu}.");
        }

        return text.ToString();
    }

    public static string Rate(double rate) => double.IsNaN(rate) ? "–" : rate.ToString("N0", CultureInfo.InvariantCulture);

    public static string Mb(long bytes) => (bytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture) + " MB";
}
