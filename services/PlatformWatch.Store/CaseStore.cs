using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Polly;
using PlatformWatch.Store.Postgres;
using PlatformWatch.Store.SqlServer;
using PlatformWatch.Store.Sqlite;

namespace PlatformWatch.Store;

/// <summary>
/// The case database: events as evidence, state, findings, cases and their audit trail, behind
/// one dialect. Work that must be atomic (one batch of events, one case action) runs through
/// <see cref="InTransactionAsync{T}"/>: one transaction, retried from the start after a transient fault.
/// The store itself creates, migrates and runs units of work; what it holds is read and changed
/// through its features (<see cref="Findings"/>, <see cref="Cases"/>, <see cref="Outbox"/> …).
/// </summary>
public sealed class CaseStore
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
        Ingestion = new StoreIngestion(this);
        Findings = new StoreFindings(this);
        Cases = new StoreCases(this);
        Outbox = new StoreOutbox(this);
        Sources = new StoreSources(this);
        Authorities = new StoreAuthorities(this);
        Keys = new StoreKeys(this);
        Profiles = new StoreProfiles(this);
        Workers = new StoreWorkers(this);
        Documents = new StoreDocuments(this);
        Notifications = new StoreNotifications(this);
    }

    /// <summary>The inbox and the state it feeds: counts, refused input, shares, a platform's events.</summary>
    public StoreIngestion Ingestion { get; }

    /// <summary>Findings, listed by filters.</summary>
    public StoreFindings Findings { get; }

    /// <summary>Cases, their audit trail and notices: listed, read and worked.</summary>
    public StoreCases Cases { get; }

    /// <summary>The outbox, as the relays use it.</summary>
    public StoreOutbox Outbox { get; }

    /// <summary>The source registry and where events came from.</summary>
    public StoreSources Sources { get; }

    /// <summary>The authorities, who sees which case, referral and sharing.</summary>
    public StoreAuthorities Authorities { get; }

    /// <summary>API keys and the web UI's Data Protection keys.</summary>
    public StoreKeys Keys { get; }

    /// <summary>The rule profiles put in force.</summary>
    public StoreProfiles Profiles { get; }

    /// <summary>The live RabbitMQ workers, among whom the event partitions are shared out.</summary>
    public StoreWorkers Workers { get; }

    /// <summary>Documents: their metadata and the content kept in the database.</summary>
    public StoreDocuments Documents { get; }

    /// <summary>Notifications: the deliveries as the senders claim and record them.</summary>
    public StoreNotifications Notifications { get; }

    internal SqlStatements Sql => _dialect.Sql;

    internal TimeProvider Clock => _clock;

    internal AuditChain Audit => _audit;

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

    /// <summary>The set statements of the store's dialect, null where it has none (for checking them).</summary>
    public SetStatements? SetStatements => _dialect.Sets;

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
                    if (session.Outbox.Announced)
                    {
                        Outbox.Pulse();
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

    // A read on its own connection, retried after a transient fault.
    internal async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
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
