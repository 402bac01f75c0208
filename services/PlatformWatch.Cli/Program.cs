using System.CommandLine;
using PlatformWatch.Cli.Commands;

// platformwatch: the command line of PlatformWatch. Exit codes: 0 done, 1 failed,
// 2 usage error, 3 done but some input was refused. The worker is its own program, platformwatch-worker.
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
    ReplayCommand.Create(),
    MovedCommand("worker", "the worker is its own program now: platformwatch-worker (dotnet platformwatch-worker.dll) with the same options"),
};

return await ProgramRunner.RunAsync(root, args, "platformwatch");

// A command that moved out of the command line: hidden from the help, it says where it went (exit 2),
// for the scripts and units of an older release.
static Command MovedCommand(string name, string where)
{
    var command = new Command(name) { Hidden = true, TreatUnmatchedTokensAsErrors = false };
    command.SetAction(int (_) => throw new UsageException($"'platformwatch {name}': {where}"));
    return command;
}
