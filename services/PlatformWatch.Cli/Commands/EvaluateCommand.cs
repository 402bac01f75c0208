using System.CommandLine;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Store;

namespace PlatformWatch.Cli.Commands;

/// <summary><c>platformwatch evaluate</c>: the worker's pipeline, in-process, over an event file.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var events = new Option<FileInfo>("--events") { Description = "The JSONL event file to evaluate.", Required = true };
        var database = new DatabaseOptions(required: true);
        var profiles = ProgramOptions.Profiles();
        var asOf = CliOptions.AsOf();
        var maxLine = new Option<int>("--max-line-bytes")
        {
            Description = "Lines longer than this are refused.",
            DefaultValueFactory = _ => JsonlReader.DefaultMaxLineBytes,
        };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Events per transaction.",
            DefaultValueFactory = _ => EventFileRun.DefaultBatchSize,
        };
        batchSize.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--batch-size must be 1 or more");
            }
        });
        var actor = CliOptions.Actor();
        var command = new Command("evaluate", "Evaluate a JSONL event file into the case database, as the worker would; obligations are judged as of --as-of; events are kept as submitted by cli:ACTOR (--actor). Exit 0: every line accepted; 3: some lines refused (the rest processed); 2: usage error.")
        {
            events, profiles, asOf, maxLine, batchSize, actor,
        };
        database.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(events)!;
            if (!file.Exists)
            {
                throw new UsageException($"event file '{file.FullName}' does not exist");
            }

            var profileSet = CliOptions.LoadProfiles(parse.GetValue(profiles));
            var path = DatabaseOptions.Describe(database.Options(parse));
            var run = await EventFileRun.RunAsync(file, database.Open(parse), profileSet, EventFileRun.AsOf(parse.GetValue(asOf)), parse.GetValue(maxLine), parse.GetValue(batchSize), Submission.Cli(parse.GetValue(actor)!), ct);
            foreach (var line in run.Refused)
            {
                await Console.Error.WriteLineAsync(line);
            }

            foreach (var gap in run.Gaps)
            {
                await Console.Error.WriteLineAsync("data gap: " + gap);
            }

            Console.WriteLine(run.Summary(file.Name, path));
            return run.Refused.Count > 0 ? ExitCodes.SomeRejected : ExitCodes.Ok;
        });
        return command;
    }
}
