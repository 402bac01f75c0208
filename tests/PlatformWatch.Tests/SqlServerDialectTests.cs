using Microsoft.SqlServer.TransactSql.ScriptDom;
using PlatformWatch.Store;

namespace PlatformWatch.Tests;

/// <summary>
/// SQL Server cannot run on these machines, so every statement and migration of its dialect (the
/// statements written once for every dialect and its set statements included) is parsed by
/// Microsoft's T-SQL parser in every test run: a syntax error fails the build.
/// (The store suite itself runs against SQL Server when PLATFORMWATCH_TEST_SQLSERVER is set.)
/// </summary>
public class SqlServerDialectTests
{
    internal static readonly CaseStore Store = CaseStore.Create(new StoreOptions
    {
        Provider = StoreProvider.SqlServer,
        Connection = "Server=127.0.0.1;Database=unused;Integrated Security=false;User ID=none;Password=none;Encrypt=false",
        AuditKey = "parse-only-key-0123456789",
    });

    private static IList<ParseError> Parse(string sql)
    {
        // Dapper expands a list parameter (IN @Ids) into IN (@Ids1, @Ids2, …) before sending.
        sql = System.Text.RegularExpressions.Regex.Replace(sql, @"IN (@\w+)", "IN ($1_1, $1_2)");
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }

    private static string Describe(IList<ParseError> errors) =>
        string.Join("; ", errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}"));

    public static IEnumerable<TestCaseData> Statements() =>
        Statement.All
            .Select(p => (p.Name, Sql: p.In(Store.Statements)))
            .Where(p => p.Sql is not null)
            .SelectMany(p => p.Sql!.Contains("/*ORDER*/", StringComparison.Ordinal)
                ? CaseWorkflow.SortColumns.Keys.Select(column => new TestCaseData(p.Sql.Replace("/*ORDER*/", CaseWorkflow.OrderBy(column, descending: true), StringComparison.Ordinal)).SetArgDisplayNames($"{p.Name} sorted by {column}"))
                : [new TestCaseData(p.Sql).SetArgDisplayNames(p.Name)])
            .Concat(SetStatement.All.Select(p => new TestCaseData(p.In(Store.SetStatements!)).SetArgDisplayNames($"set {p.Name}")));

    public static IEnumerable<TestCaseData> WorkerStatementsOfSqlServer() =>
    [
        new TestCaseData(WorkerStatements.SqlServer.Heartbeat).SetArgDisplayNames("workers heartbeat"),
        new TestCaseData(WorkerStatements.SqlServer.Forget).SetArgDisplayNames("workers forget"),
        new TestCaseData(WorkerStatements.SqlServer.Live).SetArgDisplayNames("workers live"),
        new TestCaseData(WorkerStatements.Leave).SetArgDisplayNames("workers leave"),
    ];

    [TestCaseSource(nameof(WorkerStatementsOfSqlServer))]
    public void Every_workers_statement_parses(string sql) => Assert.That(Parse(sql), Is.Empty, () => Describe(Parse(sql)));

    public static IEnumerable<TestCaseData> MigrationBatches() =>
        Store.Migrations.SelectMany(m => Store.Batches(m).Select((batch, i) => new TestCaseData(batch).SetArgDisplayNames($"{m.Version:D4}_{m.Name} batch {i + 1}")));

    [TestCaseSource(nameof(Statements))]
    public void Every_statement_parses(string sql) => Assert.That(Parse(sql), Is.Empty, () => Describe(Parse(sql)));

    // Those written once (SqlStatements.Common.cs) are SQL Server's too, and parsed with its own.
    [Test]
    public void The_statements_parsed_include_those_written_once_for_every_dialect()
    {
        var parsed = Statements().Select(c => c.Arguments[0]).ToHashSet();
        var common = Statement.All
            .Where(p => p.IsCommon)
            .Select(p => p.In(Store.Statements))
            .ToList();
        Assert.That(common, Is.Not.Empty.And.SubsetOf(parsed));
    }

    // The set statements (SqlServer/SqlServerSetStatements.cs) too, every one of them.
    [Test]
    public void The_statements_parsed_include_every_set_statement()
    {
        var parsed = Statements().Select(c => c.Arguments[0]).ToHashSet();
        Assert.That(Store.SetStatements, Is.Not.Null, "SQL Server writes sets");
        var sets = SetStatement.All.Select(p => p.In(Store.SetStatements!)).ToList();
        Assert.That(sets, Is.Not.Empty.And.SubsetOf(parsed));
        Assert.That(sets, Is.All.Not.Empty);
    }

    [TestCaseSource(nameof(MigrationBatches))]
    public void Every_migration_batch_parses(string batch) => Assert.That(Parse(batch), Is.Empty, () => Describe(Parse(batch)));

    [Test]
    public void Every_migration_is_there_as_for_the_other_engines()
    {
        var sqlite = CaseStore.Create(new StoreOptions { Provider = StoreProvider.Sqlite, Connection = Path.Combine(Path.GetTempPath(), "unused.db"), AuditKey = "parse-only-key-0123456789" });
        Assert.That(Store.Migrations.Select(m => m.Name), Is.EqualTo(sqlite.Migrations.Select(m => m.Name)));
    }

    [Test]
    public void The_parser_does_catch_a_syntax_error() =>
        Assert.That(Parse("UPDATE cases WITH (UPDLOCK SET status = 'x'"), Is.Not.Empty, "or this test proves nothing");
}
