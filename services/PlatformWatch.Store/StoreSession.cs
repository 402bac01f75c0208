using System.Data.Common;
using System.Text.Json;
using Dapper;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Store;

/// <summary>What recording an event found.</summary>
public enum EventOutcome
{
    /// <summary>First time: process it.</summary>
    New,
    /// <summary>Seen before with the same content: nothing to do.</summary>
    Duplicate,
    /// <summary>Seen before with different content: the id was reused; the first stands.</summary>
    Conflict,
}

/// <summary>
/// One unit of work on the case database, in one transaction: the inbox rows, the state changes
/// and the findings of a batch of events commit together or not at all.
/// </summary>
public sealed partial class StoreSession : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly SqlStatements _sql;
    private readonly SetStatements? _sets;
    private readonly TimeProvider _clock;
    private readonly AuditChain _audit;
    private readonly IDisposable? _writerTurn;
    private readonly CancellationToken _cancellationToken;

    internal StoreSession(DbConnection connection, DbTransaction transaction, SqlStatements sql, SetStatements? sets, TimeProvider clock, AuditChain audit, IDisposable? writerTurn, CancellationToken cancellationToken)
    {
        _sets = sets;
        _writerTurn = writerTurn;
        _connection = connection;
        _transaction = transaction;
        _sql = sql;
        _clock = clock;
        _audit = audit;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Serialises the evaluation of a subject across workers until this transaction ends: read
    /// after the lock, its state includes everything committed before (SQLite has one writer anyway).
    /// </summary>
    public Task LockSubjectAsync(string subject) =>
        _sql.LockSubject is { } sql ? ExecuteAsync(sql, new { Subject = StableId.Of("S-", subject, 40) }) : Task.CompletedTask;

    /// <summary>Cases opened in this unit of work.</summary>
    public List<OpenedCase> OpenedCases { get; } = [];

    /// <summary>Records an event in the inbox (and as evidence), with who submitted it, unless its id was processed before.</summary>
    public async Task<EventOutcome> RecordEventAsync(IInboundEvent inbound, string? submitter = null)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var row = ToEventRow(inbound, submitter);
        var inserted = await ExecuteAsync(_sql.InsertEvent, new
        {
            row.EventId,
            row.Type,
            row.OccurredAt,
            row.Source,
            row.Submitter,
            row.PlatformId,
            row.MarketId,
            row.Payload,
            row.PayloadHash,
            ReceivedAt = _clock.GetUtcNow(),
        }).ConfigureAwait(false);
        if (inserted == 1)
        {
            return EventOutcome.New;
        }

        var held = await _connection.ExecuteScalarAsync<string>(Command(_sql.SelectEventHash, new { inbound.EventId })).ConfigureAwait(false);
        return held == row.PayloadHash ? EventOutcome.Duplicate : EventOutcome.Conflict;
    }

    /// <summary>Commits the unit of work, with the announcements it made (the outbox).</summary>
    public async Task CommitAsync()
    {
        await FlushOutboxAsync().ConfigureAwait(false);
        await _transaction.CommitAsync(_cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.DisposeAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _writerTurn?.Dispose();
        }
    }

    private static StoredFinding ToRow(FindingDraft draft, string subject, DateTimeOffset now) => new()
    {
        FindingId = draft.Key.FindingId,
        RuleId = draft.RuleId,
        RuleVersion = draft.RuleVersion,
        ProfileId = draft.ProfileId,
        ProfileHash = draft.ProfileHash,
        Family = draft.Family,
        PlatformId = draft.PlatformId,
        MarketId = draft.MarketId,
        PeriodStart = draft.Period.Start,
        PeriodEnd = draft.Period.End,
        EstablishedFrom = draft.Established.Start,
        EstablishedTo = draft.Established.End,
        Severity = WireNames.Name(draft.Severity),
        Status = FindingStatus.Active,
        LegalBasis = JsonSerializer.Serialize(draft.Law, ContractJson.Options),
        Measured = draft.MeasuredJson,
        Threshold = draft.ThresholdJson,
        Evidence = JsonSerializer.Serialize(draft.Evidence),
        Subject = subject,
        RaisedAt = now,
        UpdatedAt = now,
        Revision = 1,
    };

    private static bool SameContent(StoredFinding a, StoredFinding b) =>
        a.RuleVersion == b.RuleVersion && a.ProfileId == b.ProfileId && a.ProfileHash == b.ProfileHash
        && a.Family == b.Family && a.EstablishedFrom == b.EstablishedFrom && a.EstablishedTo == b.EstablishedTo
        && a.Severity == b.Severity && a.LegalBasis == b.LegalBasis && a.Measured == b.Measured
        && a.Threshold == b.Threshold && a.Evidence == b.Evidence;

    internal Task<int> ExecuteAsync(string sql, object parameters) => _connection.ExecuteAsync(Command(sql, parameters));

    internal Task<IEnumerable<T>> QueryAsync<T>(string sql, object parameters) => _connection.QueryAsync<T>(Command(sql, parameters));

    private CommandDefinition Command(string sql, object parameters) =>
        new(sql, parameters, _transaction, cancellationToken: _cancellationToken);

    private sealed class OpenCaseRow
    {
        public string CaseId { get; init; } = "";
        public string Severity { get; init; } = "";
        public string Status { get; init; } = "";
    }
}
