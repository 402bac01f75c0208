using Microsoft.Data.SqlClient;
using Npgsql;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// Fresh databases on the real servers the test script starts: PostgreSQL always
/// (<c>PLATFORMWATCH_TEST_POSTGRES</c>), SQL Server when <c>PLATFORMWATCH_TEST_SQLSERVER</c> holds a
/// connection string. Without them the tests are ignored, unless the test script asked for them
/// (<c>PLATFORMWATCH_REQUIRE_POSTGRES=1</c>), which makes a missing server a failure.
/// </summary>
internal static class TestDatabases
{
    /// <summary>The audit key the tests use with the server engines.</summary>
    public const string AuditKey = "platformwatch-test-audit-key-0123456789";

    public static string? PostgresAdmin => Environment.GetEnvironmentVariable("PLATFORMWATCH_TEST_POSTGRES");

    public static string? SqlServerAdmin => Environment.GetEnvironmentVariable("PLATFORMWATCH_TEST_SQLSERVER");

    public static StoreOptions Sqlite() => new() { Provider = StoreProvider.Sqlite, Connection = Path.Combine(Cli.TempFolder(), "store.db") };

    public static StoreOptions Postgres()
    {
        var admin = PostgresAdmin ?? Unavailable(
            "PostgreSQL is not configured: set PLATFORMWATCH_TEST_POSTGRES (./tests/run.sh starts a server and does)",
            Environment.GetEnvironmentVariable("PLATFORMWATCH_REQUIRE_POSTGRES") == "1");

        var name = "pw_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 60 };
        return new StoreOptions { Provider = StoreProvider.Postgres, Connection = builder.ToString(), AuditKey = AuditKey };
    }

    public static StoreOptions SqlServer()
    {
        var admin = SqlServerAdmin ?? Unavailable("SQL Server is not configured: set PLATFORMWATCH_TEST_SQLSERVER to a connection string to run the store suite on it", required: false);

        var name = "pw_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new SqlConnection(admin))
        {
            connection.Open();
            using var command = new SqlCommand($"CREATE DATABASE {name}; ALTER DATABASE {name} SET READ_COMMITTED_SNAPSHOT ON;", connection);
            command.ExecuteNonQuery();
        }

        var builder = new SqlConnectionStringBuilder(admin) { InitialCatalog = name };
        return new StoreOptions { Provider = StoreProvider.SqlServer, Connection = builder.ToString(), AuditKey = AuditKey };
    }

    // Ignored when the server is optional; a failure when the test script said it would be there.
    private static string Unavailable(string reason, bool required)
    {
        if (required)
        {
            Assert.Fail(reason);
        }

        Assert.Ignore(reason);
        return "";
    }

    public static StoreOptions For(StoreProvider provider) => provider switch
    {
        StoreProvider.Sqlite => Sqlite(),
        StoreProvider.Postgres => Postgres(),
        _ => SqlServer(),
    };
}
