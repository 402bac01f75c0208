using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using PlatformWatch.Benchmarks;

// dotnet run -c Release --project benchmarks/PlatformWatch.Benchmarks -- --filter '*' [--quick]
//   --quick     a short job (see QuickJob) so that the whole set finishes in under two minutes on 2 cores
//   --describe  evaluate each benchmark's input and print events, subjects, findings (by rule), gaps and bytes
//               allocated per event; no timing
// Every other argument is BenchmarkDotNet's (--filter, --list flat, --join, --exporters, …).
if (args.Contains("--describe", StringComparer.Ordinal))
{
    foreach (var d in RuleEvaluationBenchmarks.Describe())
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{d.Benchmark,-18} {d.Events,5} events {d.Subjects,3} subjects {d.Findings,4} findings {d.Gaps,3} gaps {d.AllocatedPerEvent,6} B/event  {string.Join(' ', d.ByRule.Select(r => $"{r.Key}={r.Value}"))}"));
    }

    return 0;
}

var quick = args.Contains("--quick", StringComparer.Ordinal);

// Artifacts (logs, reports) beside the program, under bin/, rather than in the working directory.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
if (quick)
{
    config = config.AddJob(QuickJob.Create());
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(RuleEvaluationBenchmarks).Assembly)
    .Run(args.Where(a => a != "--quick").ToArray(), config);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
