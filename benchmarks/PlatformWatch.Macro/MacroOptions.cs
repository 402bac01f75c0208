using System.Globalization;

namespace PlatformWatch.Macro;

/// <summary>The options of <c>platformwatch-macro run</c>.</summary>
internal sealed class MacroOptions
{
    public const string Usage = """
        platformwatch-macro run --events FILE --rabbitmq URI [--postgres CONNECTION] [options]
          --events FILE          the JSONL backlog (CONTRACTS.md event files); every run drains all of it
          --rabbitmq URI         the broker, amqp://user:password@host:port/vhost
          --postgres CONNECTION  a PostgreSQL server (its maintenance database); needed for e
          --scenarios LETTERS    which of a b c d e f to run, in this order each round (default abcdef)
          --rounds N             rounds of the scenarios, alternating (default 3); the table shows medians
          --limit N              use the first N valid events of the file (default: all)
          --latency-seconds S    measured seconds of the latency test per database, 0: none (default 15)
          --latency-rate R       events/s of the latency test (default: half the median drain rate of d or e)
          --latency-batch-limits MS,MS  the worker's Bus:BatchTimeLimit in each latency test, in ms (default 100,10:
                                 the shipped setting, and a short one to show what the wait for a batch costs)
          --rss-events N         a separate worker run over N events for its peak RSS, 0: none (default 0)
          --rss-provider P       sqlite (default: the faster, and the worker holds the database cache) or postgres
          --worker-env K=V,K=V   settings for every worker run, as environment variables (e.g. Bus__BatchConcurrency=4)
          --worker FILE          platformwatch-worker.dll (default: services/PlatformWatch.Worker/bin/Release/net10.0;
                                 an older build's platformwatch.dll runs as 'platformwatch.dll worker')
          --work DIR             scratch folder for the SQLite files and worker logs (default: a temp folder)
          --out FILE             also write the report (Markdown) to this file
        platformwatch-macro generate --out FILE [--markets M] [--platforms P] [--periods K] [--seed N]
          MarketShareReported events for M markets x P platforms x K quarters, unique event ids
        """;

    public required FileInfo Events { get; init; }
    public required Uri RabbitMq { get; init; }
    public string? Postgres { get; init; }
    public string Scenarios { get; init; } = "abcdef";
    public int Rounds { get; init; } = 3;
    public int? Limit { get; init; }
    public int LatencySeconds { get; init; } = 15;
    public double? LatencyRate { get; init; }
    public IReadOnlyList<int> LatencyBatchLimits { get; init; } = [100, 10];
    public int RssEvents { get; init; }
    public string? RssProvider { get; init; }
    public required FileInfo Worker { get; init; }
    public IReadOnlyDictionary<string, string> WorkerSettings { get; init; } = new Dictionary<string, string>();
    public required DirectoryInfo Work { get; init; }
    public FileInfo? Out { get; init; }

    public static MacroOptions Parse(IReadOnlyList<string> args)
    {
        var values = Pairs(args);
        var scenarios = Take(values, "--scenarios") ?? "abcdef";
        if (scenarios.Length == 0 || scenarios.Any(c => c is < 'a' or > 'f'))
        {
            throw new ArgumentException("--scenarios: letters from a to f, e.g. abcdef");
        }

        var postgres = Take(values, "--postgres");
        if (scenarios.Intersect("ef").Any() && postgres is null)
        {
            throw new ArgumentException("scenarios e and f need --postgres");
        }

        var rssProvider = Take(values, "--rss-provider") ?? "sqlite";
        if (rssProvider is not ("sqlite" or "postgres") || (rssProvider == "postgres" && postgres is null))
        {
            throw new ArgumentException("--rss-provider: sqlite, or postgres with --postgres");
        }

        var events = new FileInfo(Take(values, "--events") ?? throw new ArgumentException("--events FILE is required"));
        if (!events.Exists)
        {
            throw new ArgumentException($"--events: '{events.FullName}' does not exist");
        }

        var uri = Take(values, "--rabbitmq") ?? throw new ArgumentException("--rabbitmq URI is required");
        var worker = new FileInfo(Take(values, "--worker") ?? DefaultWorker());
        if (scenarios.Intersect("def").Any() && !worker.Exists)
        {
            throw new ArgumentException($"--worker: '{worker.FullName}' does not exist (build services/PlatformWatch.Cli in Release)");
        }

        var options = new MacroOptions
        {
            Events = events,
            RabbitMq = Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed : throw new ArgumentException($"--rabbitmq: '{uri}' is not a URI"),
            Postgres = postgres,
            Scenarios = scenarios,
            Rounds = Int(values, "--rounds") ?? 3,
            Limit = Int(values, "--limit"),
            LatencySeconds = Int(values, "--latency-seconds") ?? 15,
            LatencyRate = Take(values, "--latency-rate") is { } rate ? double.Parse(rate, CultureInfo.InvariantCulture) : null,
            LatencyBatchLimits = Take(values, "--latency-batch-limits") is { } limits
                ? [.. limits.Split(',').Select(l => int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : throw new ArgumentException($"--latency-batch-limits: '{l}' is not a number of milliseconds"))]
                : [100, 10],
            RssEvents = Int(values, "--rss-events") ?? 0,
            RssProvider = rssProvider,
            Worker = worker,
            WorkerSettings = (Take(values, "--worker-env") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2) is [var key, var value] ? (key, value) : throw new ArgumentException($"--worker-env: '{pair}' is not KEY=VALUE"))
                .ToDictionary(p => p.key, p => p.value, StringComparer.Ordinal),
            Work = new DirectoryInfo(Take(values, "--work") ?? Path.Combine(Path.GetTempPath(), "platformwatch-macro")),
            Out = Take(values, "--out") is { } output ? new FileInfo(output) : null,
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"unknown option {values.Keys.First()}");
        }

        return options;
    }

    /// <summary>Option/value pairs; every option takes a value.</summary>
    public static Dictionary<string, string> Pairs(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"expected --option VALUE at '{args[i]}'");
            }

            values[args[i]] = args[i + 1];
        }

        return values;
    }

    public static string? Take(Dictionary<string, string> values, string name) =>
        values.Remove(name, out var value) ? value : null;

    public static int? Int(Dictionary<string, string> values, string name) =>
        Take(values, name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException($"{name}: '{text}' is not a whole number")
            : null;

    // The repository's build output, found from this program's folder (benchmarks/PlatformWatch.Macro/bin/Release/net10.0).
    private static string DefaultWorker()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "services", "PlatformWatch.Worker", "bin", "Release", "net10.0", "platformwatch-worker.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine("services", "PlatformWatch.Worker", "bin", "Release", "net10.0", "platformwatch-worker.dll");
    }
}
