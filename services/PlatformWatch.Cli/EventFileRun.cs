using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Hosting;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Store;

namespace PlatformWatch.Cli;

/// <summary>
/// The worker's pipeline over an event file, in-process: valid lines in batches (one transaction
/// each), refused lines reported and kept, and at the end the obligations judged as of a date.
/// <c>evaluate</c> runs it on the database given; <c>backtest</c> on scratch databases.
/// </summary>
internal sealed class EventFileRun
{
    /// <summary>Events per transaction unless told otherwise.</summary>
    public const int DefaultBatchSize = 500;

    public int Lines { get; private set; }
    public int Accepted { get; private set; }
    public int Duplicates { get; private set; }
    public List<string> Refused { get; } = [];
    public int Raised { get; private set; }
    public int Updated { get; private set; }
    public int Withdrawn { get; private set; }
    public int CasesOpened { get; private set; }
    public SortedSet<string> Gaps { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The findings a file gives with <paramref name="profiles"/> in a new SQLite database at
    /// <paramref name="database"/> (a backtest's scratch), withdrawn ones left out, as an operator lists them.
    /// </summary>
    public static async Task<IReadOnlyList<StoredFinding>> FindingsOfAsync(FileInfo file, ProfileSet profiles, DateOnly asOf, string database, CancellationToken cancellationToken)
    {
        var store = CliOptions.OpenSqlite(database);
        await RunAsync(file, store, profiles, asOf, JsonlReader.DefaultMaxLineBytes, DefaultBatchSize, Submission.Cli(Environment.UserName), cancellationToken).ConfigureAwait(false);
        var findings = await new Operations(store).Findings.AllAsync(Actor.Operator(Environment.UserName), includeWithdrawn: false, cancellationToken).ConfigureAwait(false);
        return findings.Value!;
    }

    /// <summary>
    /// Runs a file as <paramref name="submission"/> (the command line's operator, <c>cli:ACTOR</c>):
    /// once a source registry is set, a line of an unregistered source, outside its jurisdictions or
    /// (a platform's source) about another platform is refused naming <c>source</c>.
    /// </summary>
    public static async Task<EventFileRun> RunAsync(FileInfo file, CaseStore store, ProfileSet profiles, DateOnly asOf, int maxLineBytes, int batchSize, Submission submission, CancellationToken cancellationToken)
    {
        var run = new EventFileRun();
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var registry = await store.Sources.GetRegistryAsync(cancellationToken).ConfigureAwait(false);
        var processor = new EventProcessor(store, new ActiveProfiles(profiles), TimeProvider.System, NullLogger<EventProcessor>.Instance);
        var rejected = new List<RejectedInput>();
        var batch = new List<(int Line, IInboundEvent Event)>();
        var stream = file.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var line in JsonlReader.ReadAsync(stream, maxLineBytes, cancellationToken).ConfigureAwait(false))
            {
                run.Lines++;
                if (!line.Parsed.IsValid)
                {
                    run.Refuse(rejected, file, line.Number, line.Parsed.TypeName, null, ContractError.Join(line.Parsed.Errors), line.Text);
                    continue;
                }

                if (registry.Refusal(line.Parsed.Event!, submission) is { } refusal)
                {
                    run.Refuse(rejected, file, line.Number, line.Parsed.TypeName, line.Parsed.Event!.EventId, "source: " + refusal, line.Text);
                    continue;
                }

                batch.Add((line.Number, line.Parsed.Event!));
                if (batch.Count >= batchSize)
                {
                    await run.FlushAsync(processor, batch, asOf, submission, rejected, file, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await run.FlushAsync(processor, batch, asOf, submission, rejected, file, cancellationToken).ConfigureAwait(false);

        // Obligations fall due without an event: judge them as of the evaluation date.
        run.Add(await processor.CheckDueDatesAsync(asOf, sinceLastCheck: false, cancellationToken).ConfigureAwait(false));
        await store.Ingestion.RecordRejectedAsync(rejected, cancellationToken).ConfigureAwait(false);
        return run;
    }

    public string Summary(string file, string database) => string.Create(
        CultureInfo.InvariantCulture,
        $"{file}: {Lines} events read, {Accepted} accepted, {Duplicates} already processed, {Refused.Count} refused; findings: {Raised} raised, {Updated} updated, {Withdrawn} withdrawn; {CasesOpened} cases opened; {Gaps.Count} data gaps; database {database}");

    private async Task FlushAsync(EventProcessor processor, List<(int Line, IInboundEvent Event)> batch, DateOnly asOf, Submission submission, List<RejectedInput> rejected, FileInfo file, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var result = await processor.ProcessAsync(batch.Select(b => b.Event).ToList(), batch.Select(_ => (string?)submission.Submitter).ToList(), asOf, cancellationToken).ConfigureAwait(false);
        Add(result);
        foreach (var conflict in result.Conflicts)
        {
            var lineNumber = batch.First(b => ReferenceEquals(b.Event, conflict)).Line;
            Refuse(rejected, file, lineNumber, InboundContracts.NameOf(conflict), conflict.EventId, "eventId: already processed with different content; the first stands", JsonSerializer.Serialize(conflict, conflict.GetType(), ContractJson.Options));
        }

        batch.Clear();
    }

    private void Add(BatchResult result)
    {
        Accepted += result.Accepted;
        Duplicates += result.Duplicates;
        Raised += result.Changes.Count(c => c.Kind == FindingChangeKind.Raised);
        Updated += result.Changes.Count(c => c.Kind == FindingChangeKind.Updated);
        Withdrawn += result.Changes.Count(c => c.Kind == FindingChangeKind.Withdrawn);
        CasesOpened += result.OpenedCases.Count;
        Gaps.UnionWith(result.Gaps.Select(g => g.ToString()));
    }

    private void Refuse(List<RejectedInput> rejected, FileInfo file, int lineNumber, string? type, string? eventId, string reason, string text)
    {
        Refused.Add(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {reason}"));
        rejected.Add(new RejectedInput($"{file.Name}:{lineNumber}", eventId, type, reason, text));
    }

    /// <summary>Today in UTC, or the date given.</summary>
    public static DateOnly AsOf(string? text) => text is null
        ? DateOnly.FromDateTime(DateTime.UtcNow)
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new UsageException($"--as-of must be a date YYYY-MM-DD, was '{text}'");
}
