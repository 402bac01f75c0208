using Microsoft.Extensions.Logging;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Store;

namespace PlatformWatch.Worker;

/// <summary>What one batch of events did.</summary>
public sealed record BatchResult(
    int Accepted,
    int Duplicates,
    IReadOnlyList<IInboundEvent> Conflicts,
    IReadOnlyList<FindingChange> Changes,
    IReadOnlyList<OpenedCase> OpenedCases)
{
    /// <summary>Findings raised (new, or active again).</summary>
    public IEnumerable<StoredFinding> Raised => Changes.Where(c => c.Kind == FindingChangeKind.Raised).Select(c => c.Finding);
}

/// <summary>
/// The pipeline from events to findings, shared by the bus consumers and the command line: in one
/// transaction, record each event in the inbox, apply it to the state, re-evaluate every subject
/// whose state changed, and write the findings. A redelivered event stops at the inbox.
/// </summary>
public sealed partial class EventProcessor(CaseStore store, ActiveProfiles profiles, ILogger<EventProcessor> logger)
{
    /// <summary>Processes a batch of valid events in one unit of work.</summary>
    public async Task<BatchResult> ProcessAsync(IReadOnlyList<IInboundEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var profileSet = profiles.Current;
        var session = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var accepted = 0;
            var duplicates = 0;
            var conflicts = new List<IInboundEvent>();
            var dirtyMarkets = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var inbound in events)
            {
                switch (await session.RecordEventAsync(inbound).ConfigureAwait(false))
                {
                    case EventOutcome.Duplicate:
                        duplicates++;
                        continue;
                    case EventOutcome.Conflict:
                        conflicts.Add(inbound);
                        LogConflict(inbound.EventId);
                        continue;
                }

                accepted++;
                if (inbound is MarketShareReported share && await session.UpsertShareAsync(share).ConfigureAwait(false))
                {
                    dirtyMarkets.Add(share.MarketId);
                }
            }

            var changes = new List<FindingChange>();
            foreach (var marketId in dirtyMarkets)
            {
                var picture = MarketPicture.From(marketId, await session.LoadMarketSharesAsync(marketId).ConfigureAwait(false));
                var drafts = MarketEvaluator.Evaluate(picture, profileSet);
                changes.AddRange(await session.ReplaceSubjectFindingsAsync(MarketEvaluator.SubjectOf(marketId), drafts).ConfigureAwait(false));
            }

            await session.CommitAsync().ConfigureAwait(false);
            return new BatchResult(accepted, duplicates, conflicts, changes, [.. session.OpenedCases]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} was processed before with different content; the first stands")]
    private partial void LogConflict(string eventId);
}
