using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Polly;
using PlatformWatch.Store.Postgres;
using PlatformWatch.Store.Sqlite;
using PlatformWatch.Store.SqlServer;

namespace PlatformWatch.Store;

/// <summary>
/// The case database: events as evidence, state, findings, cases and their audit trail, behind
/// one dialect. Work that must be atomic (one batch of events, one case action) runs through
/// <see cref="InTransactionAsync{T}"/>: one transaction, retried from the start after a transient fault.
/// </summary>
public sealed partial class CaseStore
{
    private readonly ISqlDialect _dialect;
    private readonly TimeProvider _clock;
    private readonly ResiliencePipeline _pipeline;
    private readonly AuditChain _audit;

    private CaseStore(ISqlDialect dialect, TimeProvider clock, ResiliencePipeline pipeline, AuditChain audit)
    {
        _dialect = dialect;
        _clock = clock;
        _pipeline = pipeline;
        _audit = audit;
        TypeHandlers.Register();
    }

    /// <summary>The engine behind the store.</summary>
    public StoreProvider Provider => _dialect.Provider;

    /// <summary>Transient faults retried so far (ops: the retry counter).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>
    /// Whether a fault is transient for this store (the database unreachable or busy, a timeout):
    /// the same unit of work can succeed later. The worker waits these out instead of parking messages.
    /// </summary>
    public bool IsTransient(Exception exception) => exception is TimeoutException || _dialect.IsTransient(exception);

    /// <summary>
    /// The conflict with another transaction a fault reports (a deadlock victim, a serialization
    /// failure): transient too, but a sign of contention, not of the database being away.
    /// </summary>
    public DatabaseConflict? Conflict(Exception exception) => _dialect.Conflict(exception);

    private long _retries;

    /// <summary>
    /// A store on the configured engine. <paramref name="inner"/> adds strategies inside the retry
    /// (tests inject faults there).
    /// </summary>
    public static CaseStore Create(StoreOptions options, TimeProvider? clock = null, Action<ResiliencePipelineBuilder>? inner = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ISqlDialect dialect = options.Provider switch
        {
            StoreProvider.Sqlite => new SqliteDialect(options.Connection),
            StoreProvider.Postgres => new PostgresDialect(options.Connection),
            StoreProvider.SqlServer => new SqlServerDialect(options.Connection),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "unknown store provider"),
        };
        clock ??= TimeProvider.System;
        CaseStore? store = null;
        var pipeline = Resilience.Build(dialect, options, clock, inner, (_, _) => Interlocked.Increment(ref store!._retries));
        store = new CaseStore(dialect, clock, pipeline, new AuditChain(AuditKey(options)));
        return store;
    }

    // The HMAC key of the audit trail: configured, or for SQLite a key file beside the database.
    private static string AuditKey(StoreOptions options)
    {
        if (!string.IsNullOrEmpty(options.AuditKey))
        {
            var bytes = Encoding.UTF8.GetByteCount(options.AuditKey);
            return bytes >= 16
                ? options.AuditKey
                : throw new StoreConfigurationException($"Store:AuditKey (PLATFORMWATCH_AUDIT_KEY): must be at least 16 bytes, was {bytes}");
        }

        if (options.Provider != StoreProvider.Sqlite || SqliteDialect.FilePath(options.Connection) is not { } database)
        {
            throw new StoreConfigurationException($"Store:AuditKey (PLATFORMWATCH_AUDIT_KEY) is required for the {options.Provider} store: it keys the audit trail's hash chain");
        }

        var keyFile = database + ".audit-key";
        if (!File.Exists(keyFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
            try
            {
                using var stream = new FileStream(keyFile, FileMode.CreateNew, FileAccess.Write);
                stream.Write(Encoding.UTF8.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
            }
            catch (IOException) when (File.Exists(keyFile))
            {
                // Another process created it first; use theirs.
            }
        }

        return File.ReadAllText(keyFile).Trim();
    }

    /// <summary>The migration scripts of the store's dialect.</summary>
    public IReadOnlyList<Migration> Migrations => Migrator.Scripts(_dialect.MigrationsFolder);

    /// <summary>The commands a migration script runs as (SQL Server splits on GO lines).</summary>
    public IEnumerable<string> Batches(Migration migration) => _dialect.SplitScript((migration ?? throw new ArgumentNullException(nameof(migration))).Script);

    /// <summary>The SQL statements of the store's dialect (for checking them).</summary>
    public SqlStatements Statements => _dialect.Sql;

    /// <summary>Applies the migrations not yet applied; returns those it applied.</summary>
    public Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken = default) =>
        _pipeline.ExecuteAsync(async ct => await Migrator.ApplyAsync(_dialect, _clock, ct).ConfigureAwait(false), cancellationToken).AsTask();

    /// <summary>
    /// Runs a unit of work in one transaction and commits it; after a transient fault the whole
    /// unit runs again in a new transaction. The work must be idempotent (the inbox makes a batch so).
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<StoreSession, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return await _pipeline.ExecuteAsync(
            async ct =>
            {
                var session = await BeginAsync(ct).ConfigureAwait(false);
                await using (session.ConfigureAwait(false))
                {
                    var result = await work(session).ConfigureAwait(false);
                    await session.CommitAsync().ConfigureAwait(false);
                    if (session.Announced)
                    {
                        Pulse();
                    }

                    return result;
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a unit of work without retries (the caller commits).</summary>
    public async Task<StoreSession> BeginAsync(CancellationToken cancellationToken = default)
    {
        var turn = await _dialect.EnterWriterAsync(cancellationToken).ConfigureAwait(false);
        DbConnection? connection = null;
        try
        {
            connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await _dialect.BeginAsync(connection, cancellationToken).ConfigureAwait(false);
            return new StoreSession(connection, transaction, _dialect.Sql, _dialect.Sets, _clock, _audit, turn, cancellationToken);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            turn?.Dispose();
            throw;
        }
    }

    /// <summary>Findings in key order: the active ones, or all with <paramref name="includeWithdrawn"/>.</summary>
    public Task<IReadOnlyList<StoredFinding>> ListFindingsAsync(bool includeWithdrawn = false, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<StoredFinding>>(async (c, ct) => (await c.QueryAsync<StoredFinding>(new CommandDefinition(_dialect.Sql.SelectFindings, new { All = includeWithdrawn }, cancellationToken: ct)).ConfigureAwait(false)).AsList(), cancellationToken);

    /// <summary>How many events were processed (the inbox) and how many inputs were refused (kept for replay).</summary>
    public Task<(long Processed, long Rejected)> CountAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, ct) => (
            await c.ExecuteScalarAsync<long>(new CommandDefinition(_dialect.Sql.CountEvents, cancellationToken: ct)).ConfigureAwait(false),
            await c.ExecuteScalarAsync<long>(new CommandDefinition(_dialect.Sql.CountRejected, cancellationToken: ct)).ConfigureAwait(false)), cancellationToken);

    /// <summary>Records input that was refused, so that nothing is lost and it can be replayed (once per origin and text).</summary>
    public Task RecordRejectedAsync(IEnumerable<RejectedInput> rejected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var rows = rejected.Select(r => new
        {
            RejectionKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(r.Origin + "\n" + r.Payload))),
            ReceivedAt = _clock.GetUtcNow(),
            r.Origin,
            r.EventId,
            r.Type,
            r.Reason,
            r.Payload,
        }).ToList();
        return rows.Count == 0
            ? Task.CompletedTask
            : InTransactionAsync(s => s.ExecuteAsync(_dialect.Sql.InsertRejected, rows), cancellationToken);
    }

    // A read on its own connection, retried after a transient fault.
    private async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            async ct =>
            {
                var connection = await _dialect.OpenAsync(ct).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    return await read(connection, ct).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
}

/// <summary>Input that was refused: where it came from (<c>file:line</c>, a queue), why, and the text itself.</summary>
public sealed record RejectedInput(string Origin, string? EventId, string? Type, string Reason, string Payload);
