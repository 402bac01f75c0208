using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;

namespace PlatformWatch.Store.SqlServer;

/// <summary>SQL Server through Microsoft.Data.SqlClient: read-committed transactions, app locks per subject, sets through OPENJSON.</summary>
internal sealed partial class SqlServerDialect(string connectionString) : ISqlDialect
{
    // SqlClient's transient errors (connection loss, throttling, failover, timeouts), a server that
    // refuses connections while it starts (10061), deadlock victims (1205), lock timeouts (1222), and
    // unique violations (2627, 2601): two workers raced to create the same row, and the retry finds
    // the winner's.
    private static readonly HashSet<int> TransientNumbers =
    [
        -2, 20, 64, 121, 233, 1205, 1222, 2601, 2627, 4060, 4221, 10053, 10054, 10060, 10061, 10928, 10929, 10936,
        11001, 12015, 40143, 40197, 40501, 40540, 40613, 41301, 41302, 41305, 41325, 41839, 49918, 49919, 49920,
        SqlServerStatements.LockNotGranted,
    ];

    public StoreProvider Provider => StoreProvider.SqlServer;

    public SqlStatements Sql => SqlServerStatements.All;

    public SetStatements? Sets => SqlServerSetStatements.All;

    public string MigrationsFolder => "sqlserver";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((SqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    // Scripts are split into batches on lines that hold only GO, as sqlcmd does.
    public IEnumerable<string> SplitScript(string script) =>
        GoLine().Split(script).Where(b => !string.IsNullOrWhiteSpace(b)).Select(b => b.Trim());

    public bool IsTransient(Exception exception) =>
        exception is SqlException sql && sql.Errors.Cast<SqlError>().Any(e => TransientNumbers.Contains(e.Number));

    // 1205: chosen as the deadlock victim; 3960: a snapshot transaction's update conflict.
    public DatabaseConflict? Conflict(Exception exception) => exception is SqlException sql
        ? sql.Errors.Cast<SqlError>().Select(e => e.Number switch
        {
            1205 => DatabaseConflict.Deadlock,
            3960 => DatabaseConflict.Serialization,
            _ => (DatabaseConflict?)null,
        }).FirstOrDefault(c => c is not null)
        : null;

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GoLine();
}
