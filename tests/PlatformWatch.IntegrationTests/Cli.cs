using System.Diagnostics;

namespace PlatformWatch.IntegrationTests;

/// <summary>Runs the real <c>platformwatch</c> program (built beside the tests), the worker program or the simulator, as a separate process.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Output, string Errors)
    {
        public IReadOnlyList<string> ErrorLines => Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static Task<Result> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);

    public static Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunProgramAsync("platformwatch.dll", workingDirectory, environment, args);

    /// <summary>Runs the worker program (<c>services/PlatformWatch.Worker</c>) to its end: for its usage errors; a running worker is a <see cref="WorkerProcess"/>.</summary>
    public static Task<Result> WorkerAsync(string workingDirectory, params string[] args) =>
        RunProgramAsync("platformwatch-worker.dll", workingDirectory, null, args);

    /// <summary>Runs the simulator, a tool beside the product (<c>tools/PlatformWatch.Simulator</c>), not part of it.</summary>
    public static Task<Result> SimulateAsync(string workingDirectory, params string[] args) =>
        RunProgramAsync("platformwatch-simulate.dll", workingDirectory, null, args);

    private static async Task<Result> RunProgramAsync(string program, string workingDirectory, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, program));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await errors);
    }

    public static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "platformwatch-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
