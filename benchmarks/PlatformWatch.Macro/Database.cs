using Npgsql;
using PlatformWatch.Store;

namespace PlatformWatch.Macro;

/// <summary>A fresh, empty case database for one worker run: a new SQLite file, or a new PostgreSQL database.</summary>
internal sealed record Database(string Provider, string Connection)
{
    public const string PostgresName = "platformwatch_macro";

    public static Database Sqlite(DirectoryInfo work, string name)
    {
        var path = Path.Combine(work.FullName, name + ".db");
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }

        return new Database("sqlite", path);
    }

    public static async Task<Database> PostgresAsync(string server, CancellationToken ct)
    {
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(ct);
            await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {PostgresName} WITH (FORCE)", ct);
            await ExecuteAsync(connection, $"CREATE DATABASE {PostgresName}", ct);
        }

        return new Database("postgres", new NpgsqlConnectionStringBuilder(server) { Database = PostgresName }.ConnectionString);
    }

    /// <summary>
    /// The server's version and the settings that decide its write speed, for the report.
    /// tests/postgres.sh starts its server without fsync and full-page writes (on the command line,
    /// which outranks ALTER SYSTEM), so commits wait for the WAL write but not for the disk.
    /// </summary>
    public static async Task<string> SettingsAsync(string server, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(ct);
        await using (var backend = new NpgsqlCommand("SELECT pg_backend_pid()", connection))
        {
            Cpu.LocatePostgres((int)(await backend.ExecuteScalarAsync(ct))!);
        }

        var settings = new List<string>();
        foreach (var name in new[] { "server_version", "fsync", "full_page_writes", "synchronous_commit", "shared_buffers", "max_connections" })
        {
            await using var show = new NpgsqlCommand("SELECT current_setting(@name)", connection);
            show.Parameters.AddWithValue("name", name);
            settings.Add($"{name} {await show.ExecuteScalarAsync(ct)}");
        }

        return string.Join(", ", settings);
    }

    /// <summary>Events in the inbox and findings in force, read through the store as the CLI reads them.</summary>
    public async Task<(long Events, int Findings)> CountAsync(CancellationToken ct)
    {
        var options = new StoreOptions
        {
            Provider = StoreOptions.ParseProvider(Provider),
            Connection = Connection,
            AuditKey = WorkerProcess.AuditKey,
        };
        var store = CaseStore.Create(options);
        var (processed, _) = await store.Ingestion.CountAsync(ct);
        var findings = await store.Findings.ListAsync(false, ct);
        return (processed, findings.Count);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
