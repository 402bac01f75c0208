using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Store;
using PlatformWatch.Worker;

namespace PlatformWatch.Cli.Commands;

/// <summary><c>platformwatch evaluate</c>: the worker's pipeline, in-process, over an event file.</summary>
internal static class EvaluateCommand
{
    private const int BatchSize = 500;

    public static Command Create()
    {
        var events = new Option<FileInfo>("--events") { Description = "The JSONL event file to evaluate.", Required = true };
        var database = CliOptions.Database(required: true);
        var profiles = CliOptions.Profiles();
        var maxLine = new Option<int>("--max-line-bytes")
        {
            Description = "Lines longer than this are refused.",
            DefaultValueFactory = _ => JsonlReader.DefaultMaxLineBytes,
        };
        var command = new Command("evaluate", "Evaluate a JSONL event file into the case database, as the worker would. Exit 0: every line accepted; 3: some lines refused (the rest processed); 2: usage error.")
        {
            events, database, profiles, maxLine,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(events)!, parse.GetValue(database)!, parse.GetValue(profiles), parse.GetValue(maxLine), ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, string database, DirectoryInfo? profileFolder, int maxLineBytes, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new UsageException($"event file '{file.FullName}' does not exist");
        }

        var profileSet = CliOptions.LoadProfiles(profileFolder);
        var store = CliOptions.OpenStore(database);
        await store.MigrateAsync(cancellationToken);
        var processor = new EventProcessor(store, new ActiveProfiles(profileSet), NullLogger<EventProcessor>.Instance);

        var summary = new Summary();
        var rejected = new List<RejectedInput>();
        var batch = new List<(int Line, IInboundEvent Event)>();
        await using (var stream = file.OpenRead())
        {
            await foreach (var line in JsonlReader.ReadAsync(stream, maxLineBytes, cancellationToken))
            {
                summary.Lines++;
                if (!line.Parsed.IsValid)
                {
                    Reject(line.Number, line.Parsed.TypeName, null, ContractError.Join(line.Parsed.Errors), line.Text);
                    continue;
                }

                batch.Add((line.Number, line.Parsed.Event!));
                if (batch.Count == BatchSize)
                {
                    await FlushAsync();
                }
            }
        }

        await FlushAsync();
        await store.RecordRejectedAsync(rejected, cancellationToken);
        summary.Print(file.Name, database);
        return summary.Rejected > 0 ? ExitCodes.SomeRejected : ExitCodes.Ok;

        void Reject(int lineNumber, string? type, string? eventId, string reason, string text)
        {
            summary.Rejected++;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {reason}"));
            rejected.Add(new RejectedInput($"{file.Name}:{lineNumber}", eventId, type, reason, text));
        }

        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            var result = await processor.ProcessAsync(batch.Select(b => b.Event).ToList(), cancellationToken);
            summary.Add(result);
            foreach (var conflict in result.Conflicts)
            {
                var lineNumber = batch.First(b => ReferenceEquals(b.Event, conflict)).Line;
                Reject(lineNumber, InboundContracts.NameOf(conflict), conflict.EventId, "eventId: already processed with different content; the first stands", System.Text.Json.JsonSerializer.Serialize(conflict, conflict.GetType(), ContractJson.Options));
            }

            batch.Clear();
        }
    }

    private sealed class Summary
    {
        public int Lines { get; set; }
        public int Rejected { get; set; }
        private int _accepted;
        private int _duplicates;
        private int _raised;
        private int _updated;
        private int _withdrawn;
        private int _cases;

        public void Add(BatchResult result)
        {
            _accepted += result.Accepted;
            _duplicates += result.Duplicates;
            _raised += result.Changes.Count(c => c.Kind == FindingChangeKind.Raised);
            _updated += result.Changes.Count(c => c.Kind == FindingChangeKind.Updated);
            _withdrawn += result.Changes.Count(c => c.Kind == FindingChangeKind.Withdrawn);
            _cases += result.OpenedCases.Count;
        }

        public void Print(string file, string database) => Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{file}: {Lines} events read, {_accepted} accepted, {_duplicates} already processed, {Rejected} refused; findings: {_raised} raised, {_updated} updated, {_withdrawn} withdrawn; {_cases} cases opened; database {database}"));
    }
}
