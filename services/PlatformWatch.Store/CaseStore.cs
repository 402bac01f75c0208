using System.Security.Cryptography;
using System.Text;
using Dapper;
using PlatformWatch.Store.Sqlite;

namespace PlatformWatch.Store;

/// <summary>
/// The case database: events as evidence, state, findings and cases, behind one dialect. Work
/// that must be atomic (one batch of events) goes through a <see cref="StoreSession"/>.
/// </summary>
public sealed class CaseStore
{
    private readonly ISqlDialect _dialect;
    private readonly TimeProvider _clock;

    private CaseStore(ISqlDialect dialect, TimeProvider clock)
    {
        _dialect = dialect;
        _clock = clock;
        TypeHandlers.Register();
    }

    /// <summary>The engine behind the store.</summary>
    public StoreProvider Provider => _dialect.Provider;

    /// <summary>A store on the configured engine.</summary>
    public static CaseStore Create(StoreOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ISqlDialect dialect = options.Provider switch
        {
            StoreProvider.Sqlite => new SqliteDialect(options.Connection),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "unknown store provider"),
        };
        return new CaseStore(dialect, clock ?? TimeProvider.System);
    }

    /// <summary>The migration scripts of the store's dialect.</summary>
    public IReadOnlyList<Migration> Migrations => Migrator.Scripts(_dialect.MigrationsFolder);

    /// <summary>Applies the migrations not yet applied; returns those it applied.</summary>
    public Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken = default) =>
        Migrator.ApplyAsync(_dialect, _clock, cancellationToken);

    /// <summary>Starts a unit of work: one transaction.</summary>
    public async Task<StoreSession> BeginAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await _dialect.BeginAsync(connection, cancellationToken).ConfigureAwait(false);
            return new StoreSession(connection, transaction, _dialect.Sql, _clock, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Findings in key order: the active ones, or all with <paramref name="includeWithdrawn"/>.</summary>
    public async Task<IReadOnlyList<StoredFinding>> ListFindingsAsync(bool includeWithdrawn = false, CancellationToken cancellationToken = default)
    {
        var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<StoredFinding>(new CommandDefinition(
                _dialect.Sql.SelectFindings,
                new { All = includeWithdrawn },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return rows.AsList();
        }
    }

    /// <summary>How many events were processed (the inbox) and how many inputs were refused (kept for replay).</summary>
    public async Task<(long Processed, long Rejected)> CountAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var processed = await connection.ExecuteScalarAsync<long>(new CommandDefinition(_dialect.Sql.CountEvents, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var rejected = await connection.ExecuteScalarAsync<long>(new CommandDefinition(_dialect.Sql.CountRejected, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (processed, rejected);
        }
    }

    /// <summary>Records input that was refused, so that nothing is lost and it can be replayed.</summary>
    public async Task RecordRejectedAsync(IEnumerable<RejectedInput> rejected, CancellationToken cancellationToken = default)
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
        if (rows.Count == 0)
        {
            return;
        }

        var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await _dialect.BeginAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await connection.ExecuteAsync(new CommandDefinition(_dialect.Sql.InsertRejected, rows, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>Input that was refused: where it came from (<c>file:line</c>, a queue), why, and the text itself.</summary>
public sealed record RejectedInput(string Origin, string? EventId, string? Type, string Reason, string Payload);
