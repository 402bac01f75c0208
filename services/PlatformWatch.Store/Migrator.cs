using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;

namespace PlatformWatch.Store;

/// <summary>One numbered schema script, e.g. <c>0001_initial.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Script);

/// <summary>Applies a dialect's numbered migration scripts that have not run yet, each in its own transaction.</summary>
internal static class Migrator
{
    public static IReadOnlyList<Migration> Scripts(string folder)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"migrations/{folder}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n, n[prefix.Length..]))
            .OrderBy(m => m.Version)
            .ToList();
    }

    public static async Task<IReadOnlyList<Migration>> ApplyAsync(ISqlDialect dialect, TimeProvider clock, CancellationToken cancellationToken)
    {
        await dialect.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var applied = new List<Migration>();
        var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Two workers starting together: the second waits, then finds the migrations applied.
            if (dialect.Sql.Migrations.LockMigrations is { } lockSql)
            {
                await connection.ExecuteAsync(new CommandDefinition(lockSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            try
            {
                await ApplyPendingAsync(dialect, clock, connection, applied, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (dialect.Sql.Migrations.UnlockMigrations is { } unlockSql)
                {
                    await connection.ExecuteAsync(new CommandDefinition(unlockSql, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
                }
            }
        }

        return applied;
    }

    private static async Task ApplyPendingAsync(ISqlDialect dialect, TimeProvider clock, DbConnection connection, List<Migration> applied, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(dialect.Sql.Migrations.CreateMigrationsTable, cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var migration in Scripts(dialect.MigrationsFolder))
        {
            var transaction = await dialect.BeginAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Read inside the transaction: another process may have applied it meanwhile.
                var done = await connection.QueryAsync<int>(new CommandDefinition(dialect.Sql.Migrations.SelectAppliedMigrations, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (done.Contains(migration.Version))
                {
                    continue;
                }

                foreach (var command in dialect.SplitScript(migration.Script))
                {
                    await connection.ExecuteAsync(new CommandDefinition(command, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    dialect.Sql.Migrations.InsertMigration,
                    new { migration.Version, migration.Name, AppliedAt = clock.GetUtcNow() },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                applied.Add(migration);
            }
        }
    }

    private static Migration Read(Assembly assembly, string resource, string fileName)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        var version = int.Parse(fileName[..underscore], NumberStyles.None, CultureInfo.InvariantCulture);
        return new Migration(version, Path.GetFileNameWithoutExtension(fileName), reader.ReadToEnd());
    }
}
