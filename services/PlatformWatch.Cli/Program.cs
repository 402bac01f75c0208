using System.CommandLine;
using PlatformWatch.Cli;
using PlatformWatch.Cli.Commands;

// platformwatch: the command line of PlatformWatch. Exit codes: 0 done, 1 failed,
// 2 usage error, 3 done but some input was refused.
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
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
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
