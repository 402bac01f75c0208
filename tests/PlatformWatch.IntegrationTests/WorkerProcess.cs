using System.Diagnostics;

namespace PlatformWatch.IntegrationTests;

/// <summary>A real <c>platformwatch-worker</c> process, killed or stopped like an ops team would.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _log;
    private readonly Task _pump;

    private WorkerProcess(Process process, string log)
    {
        _process = process;
        _log = log;
        _pump = Task.WhenAll(Copy(process.StandardOutput), Copy(process.StandardError));
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static WorkerProcess Start(Broker broker, string database, string name, params string[] extra) =>
        StartWith(name, new Dictionary<string, string>(), ["--rabbitmq", broker.Uri.ToString(), "--provider", "postgres", "--db", database, .. extra]);

    /// <summary><c>platformwatch-worker ARGS</c> with these environment variables (and the tests' audit key).</summary>
    public static WorkerProcess StartWith(string name, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.Combine(TestContext.CurrentContext.TestDirectory, "platformwatch-worker.dll"), .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PLATFORMWATCH_AUDIT_KEY"] = TestDatabases.AuditKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Observability__HttpPort"] = "0"; // several workers run at once here; a test that wants the port sets it
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = Path.Combine(Cli.TempFolder(), name + ".log");
        return new WorkerProcess(Process.Start(start)!, log);
    }

    private async Task Copy(StreamReader reader)
    {
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            await File.AppendAllTextAsync(_log, line + Environment.NewLine);
        }
    }

    /// <summary>SIGKILL: no shutdown, no acknowledgements, in the middle of whatever it does.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the graceful stop of a deployment.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Waits until the process exits by itself, at most <paramref name="timeout"/>; false when it still runs.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        await _pump;
        return true;
    }

    public string Log => File.Exists(_log) ? File.ReadAllText(_log) : "";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await _pump;
        _process.Dispose();
    }
}
