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
};

return await ProgramRunner.RunAsync(root, args, "platformwatch");
