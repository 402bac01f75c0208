using System.CommandLine;
using PlatformWatch.Cli;
using PlatformWatch.Cli.Commands;

// platformwatch: the command line of PlatformWatch. Exit codes: 0 done, 1 failed,
// 2 usage error, 3 done but some input was refused, 4 a worker stopped itself because it could not
// consume (Bus:RestartWhenNotConsumingFor).
var root = new RootCommand("PlatformWatch: fair-competition monitoring of internet platforms.")
{
    EvaluateCommand.Create(),
    FindingsCommand.Create(),
    ServeCommand.Create(),
    RulesCommand.Create(),
    BacktestCommand.Create(),
    CasesCommand.Create(),
    AuditCommand.Create(),
    DbCommand.Create(),
    KeysCommand.Create(),
    AuthoritiesCommand.Create(),
    SourcesCommand.Create(),
    WorkerCommand.Create(),
    ReplayCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync(error.Message);
    }

    await Console.Error.WriteLineAsync("Try 'platformwatch --help'.");
    return ExitCodes.Usage;
}

try
{
    // SIGTERM cancels the command; a worker then finishes its batches in flight and stops its host
    // (up to the host's 30 s shutdown timeout), so the command line waits longer than that before it
    // gives up with 143 (its default, two seconds, cut graceful stops short under load).
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return ExitCodes.Usage;
}
catch (PlatformWatch.Store.StoreConfigurationException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return ExitCodes.Usage;
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("Cancelled.");
    return ExitCodes.Failed;
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync($"platformwatch failed: {e}");
    return ExitCodes.Failed;
}
