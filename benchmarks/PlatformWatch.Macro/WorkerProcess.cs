using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PlatformWatch.Macro;

/// <summary>
/// The real worker, <c>dotnet platformwatch.dll worker</c>, as ops run it: its own process, its
/// shipped settings, the database given; read through its /metrics and /proc.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    public const string AuditKey = "platformwatch-macro-benchmark-audit-key-0123456789";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly int _port;

    private WorkerProcess(Process process, int port, string log)
    {
        _process = process;
        _port = port;
        Log = log;
    }

    public string Log { get; }

    public int Id => _process.Id;

    public static WorkerProcess Start(FileInfo dll, Uri rabbitMq, Database database, DirectoryInfo work, string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var log = Path.Combine(work.FullName, name + ".log");

        // exec: the process id is the worker's, so /proc/<id>/status is its memory.
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = work.FullName,
            ArgumentList = { "-c", "exec dotnet \"$@\" >>\"$PLATFORMWATCH_MACRO_LOG\" 2>&1", "sh", dll.FullName },
        };
        if (dll.Name == "platformwatch.dll")
        {
            start.ArgumentList.Add("worker"); // an older build: the worker was a command of the command line
        }

        foreach (var argument in (string[])["--rabbitmq", rabbitMq.ToString(), "--provider", database.Provider, "--db", database.Connection])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PLATFORMWATCH_MACRO_LOG"] = log;
        start.Environment["PLATFORMWATCH_AUDIT_KEY"] = AuditKey;
        start.Environment["Observability__HttpPort"] = port.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("the worker did not start"), port, log);
    }

    /// <summary>The sum of platformwatch_events_consumed_total (counted after each batch commits); null while the endpoint is not up.</summary>
    public async Task<long?> ConsumedAsync(CancellationToken ct) =>
        await MetricsAsync(ct) is { } text ? (long)Sum(text, "platformwatch_events_consumed_total") : null;

    /// <summary>The Prometheus scrape; null while the endpoint is not up.</summary>
    public async Task<string?> MetricsAsync(CancellationToken ct)
    {
        ThrowIfExited();
        try
        {
            return await Http.GetStringAsync(new Uri($"http://127.0.0.1:{_port}/metrics"), ct);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The sum of a metric's series (every label set).</summary>
    public static double Sum(string metrics, string name)
    {
        double total = 0;
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is '{' or ' ')
            {
                var value = line[(line.LastIndexOf('}') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                total += double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    public async Task WaitReadyAsync(CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * 120.0);
        while (Stopwatch.GetTimestamp() < until)
        {
            ThrowIfExited();
            try
            {
                using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{_port}/health/ready"), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"the worker was not ready in 120 s; see {Log}");
    }

    /// <summary>VmHWM (peak resident set) and VmRSS of the worker, in bytes.</summary>
    public (long Peak, long Now) Memory()
    {
        ThrowIfExited();
        long Field(string[] lines, string name) =>
            long.Parse(lines.First(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        return (Field(status, "VmHWM:"), Field(status, "VmRSS:"));
    }

    /// <summary>SIGTERM, as a deployment stops it; killed if it has not stopped in 75 s (it allows batches 60 s).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(75));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            var tail = File.Exists(Log) ? string.Join(Environment.NewLine, File.ReadLines(Log).TakeLast(15)) : "";
            throw new InvalidOperationException($"the worker exited with code {_process.ExitCode}; {Log} ends:{Environment.NewLine}{tail}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
