using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using PlatformWatch.Store;

namespace PlatformWatch.Tests;

/// <summary>
/// SQL Server's set statements take the column arrays of their call sites as one JSON parameter,
/// @Rows, read with OPENJSON. SQL Server cannot run here, so these tests check, without a database,
/// each link of that chain: the JSON the dialect writes; the paths and parameters each statement
/// reads against the objects its real call sites pass (read from the compiled store); and the
/// types it reads them as against the table columns of the migrations.
/// (The store suite, StoreSuite.Sets.cs among it, runs on SQL Server when PLATFORMWATCH_TEST_SQLSERVER is set.)
/// </summary>
public partial class SqlServerSetStatementsTests
{
    // The lengths of a date as yyyy-MM-dd and of a UTC timestamp in the round-trip form.
    private const string DateText = "nvarchar(10)";
    private const string TimestampText = "nvarchar(33)";

    private static readonly SetStatements Sets = SqlServerDialectTests.Store.SetStatements!;

    private static readonly SetStatements PostgresSets = CaseStore.Create(new StoreOptions
    {
        Provider = StoreProvider.Postgres,
        Connection = "Host=127.0.0.1;Database=unused",
        AuditKey = "parse-only-key-0123456789",
    }).SetStatements!;

    // The type of every column of every table, as the SQL Server migrations leave it.
    private static readonly Dictionary<(string Table, string Column), string> Schema = ReadSchema();

    public static IEnumerable<TestCaseData> SetStatementNames() => SetStatement.All.Select(s => new TestCaseData(s.Name).SetArgDisplayNames(s.Name));

    [Test]
    public void The_rows_are_one_JSON_array_of_objects_in_the_forms_the_statements_convert()
    {
        var at = new DateTimeOffset(2026, 1, 10, 12, 34, 56, 789, TimeSpan.FromHours(2)).AddTicks(1234);
        var sent = (DynamicParameters)Sets.Parameters(new
        {
            CaseIds = new[] { "C-1", "it's \"quoted\" \\ and\nbroken", "Zürich – 東京 😀" },
            Sequences = new[] { 1, -2, int.MaxValue },
            Seqs = new[] { 1L, long.MaxValue, long.MinValue },
            Days = new[] { new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), new DateOnly(1, 1, 1) },
            Ats = new[] { at, DateTimeOffset.UnixEpoch, new DateTimeOffset(2026, 3, 29, 1, 59, 59, 999, TimeSpan.FromMinutes(-330)) },
            FollowsCaseIds = new string?[] { null, "C-0", null },
            Details = new[] { """{"from":"low","to":"high"}""", "[]", """{"é":"\u00e9"}""" }, // JSON text, an escape of its own in it
            UpdatedAt = at,
        });

        Assert.Multiple(() =>
        {
            Assert.That(sent.ParameterNames, Is.EquivalentTo(new[] { "Rows", "UpdatedAt" }), "the arrays as @Rows, the scalar as itself");
            Assert.That(sent.Get<DateTimeOffset>("UpdatedAt"), Is.EqualTo(at), "a scalar is sent as it is (in UTC by the type handler, as every timestamp)");
            Assert.That(sent.Get<string>("Rows"), Is.EqualTo(
                """[{"CaseIds":"C-1","Sequences":1,"Seqs":1,"Days":"2025-01-01","Ats":"2026-01-10T10:34:56.7891234+00:00","FollowsCaseIds":null,"Details":"{\"from\":\"low\",\"to\":\"high\"}"},"""
                + """{"CaseIds":"it's \"quoted\" \\ and\nbroken","Sequences":-2,"Seqs":9223372036854775807,"Days":"2025-12-31","Ats":"1970-01-01T00:00:00.0000000+00:00","FollowsCaseIds":"C-0","Details":"[]"},"""
                + """{"CaseIds":"Zürich – 東京 \uD83D\uDE00","Sequences":2147483647,"Seqs":-9223372036854775808,"Days":"0001-01-01","Ats":"2026-03-29T07:29:59.9990000+00:00","FollowsCaseIds":null,"Details":"{\"é\":\"\\u00e9\"}"}]"""));
        });
    }

    [Test]
    public void What_the_rows_hold_reads_back_as_the_values_sent()
    {
        var at = new DateTimeOffset(2026, 1, 10, 12, 34, 56, 789, TimeSpan.FromHours(2)).AddTicks(1234);
        var texts = new[] { "it's \"quoted\" \\ and\nbroken\t", "Zürich – 東京 😀", """{"measured":{"share":"1/2"}}""" };
        var rows = JsonDocument.Parse(((DynamicParameters)Sets.Parameters(new { Texts = texts, Ats = new[] { at, at, at } })).Get<string>("Rows")).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(rows.EnumerateArray().Select(r => r.GetProperty("Texts").GetString()), Is.EqualTo(texts));
            var read = DateTimeOffset.ParseExact(rows[0].GetProperty("Ats").GetString()!, "O", System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(read, Is.EqualTo(at), "the same instant, to the tick");
            Assert.That(read.Offset, Is.EqualTo(TimeSpan.Zero), "in UTC, as the one-row statements write timestamps");
        });
    }

    [Test]
    public void Columns_of_different_lengths_are_refused() =>
        Assert.That(() => Sets.Parameters(new { CaseIds = new[] { "C-1", "C-2" }, Seqs = new[] { 1L } }), Throws.ArgumentException);

    [Test]
    public void A_value_without_a_JSON_form_is_refused_rather_than_written_in_some_form() =>
        Assert.That(() => Sets.Parameters(new { Ats = new[] { DateTime.UtcNow } }), Throws.InstanceOf<NotSupportedException>());

    [Test]
    public void PostgreSQL_takes_the_parameter_object_as_it_is()
    {
        var parameters = new { CaseIds = new[] { "C-1" } };
        Assert.That(PostgresSets.Parameters(parameters), Is.SameAs(parameters));
    }

    [Test]
    public void The_call_sites_are_found_in_the_compiled_store() =>
        Assert.That(SetCallSite.All.Select(s => s.Statement).Distinct(), Is.EquivalentTo(SetStatement.All.Select(s => s.Name)), "every set statement is used, and found");

    // A path that names no array of the call site would read NULLs (or fail, strict); an array no path names is lost.
    [TestCaseSource(nameof(SetStatementNames))]
    public void Reads_from_the_rows_exactly_the_arrays_its_call_sites_pass_and_takes_the_scalars_as_parameters(string statement)
    {
        var reading = Reading.Of(Text(statement, Sets));
        var sites = SetCallSite.All.Where(s => s.Statement == statement).ToList();
        Assert.That(sites, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var site in sites)
            {
                Assert.That(site.Properties, Is.Not.Null, $"{site.Method} sends an anonymous object");
                var sent = site.Properties ?? [];
                Assert.That(reading.Columns.Select(c => c.Path), Is.EquivalentTo(sent.Where(p => p.IsColumn).Select(p => $"strict $.{p.Name}")), $"{site.Method}: the rows' paths");
                Assert.That(reading.Parameters, Is.EquivalentTo(sent.Where(p => !p.IsColumn).Select(p => $"@{p.Name}").Append("@Rows")), $"{site.Method}: the parameters");
                Assert.That(PostgresParameters(Text(statement, PostgresSets)), Is.EquivalentTo(sent.Select(p => $"@{p.Name}")), $"{site.Method}: PostgreSQL's parameters");
            }
        });
    }

    [TestCaseSource(nameof(SetStatementNames))]
    public void Each_array_a_call_site_passes_holds_values_of_the_table_column_it_fills(string statement)
    {
        var reading = Reading.Of(Text(statement, Sets));
        Assert.Multiple(() =>
        {
            foreach (var sent in SetCallSite.All.Where(s => s.Statement == statement).SelectMany(s => s.Properties ?? []).Where(p => p.IsColumn))
            {
                var column = reading.Columns.Where(c => c.Path == $"strict $.{sent.Name}").Select(c => c.Column).SingleOrDefault();
                Assert.That(column, Is.Not.Null, $"{sent.Name} read from the rows");
                Assert.That(column is null ? "" : reading.TableType(column, Schema), Does.Match(sent.Type switch
                {
                    "System.String" => "^nvarchar",
                    "System.Int32" => "^int$",
                    "System.Int64" => "^bigint$",
                    "System.DateOnly" => "^date$",
                    "System.DateTimeOffset" => @"^datetimeoffset\(7\)$",
                    var other => $"no table type for {other}",
                }), $"{sent.Name} ({sent.Type}) fills {column}");
            }
        });
    }

    // Text as long as the table column's; numbers as numbers; dates and timestamps as text in the
    // dialect's forms, converted with an explicit style.
    [TestCaseSource(nameof(SetStatementNames))]
    public void Reads_each_column_from_the_rows_as_the_table_column_it_fills(string statement)
    {
        var reading = Reading.Of(Text(statement, Sets));
        Assert.Multiple(() =>
        {
            foreach (var (column, type, _) in reading.Columns)
            {
                var table = reading.TableType(column, Schema);
                switch (table)
                {
                    case "date":
                        Assert.That(type, Is.EqualTo(DateText), column);
                        Assert.That(reading.Converted(column), Is.EqualTo(("date", "23")), $"{column} converted");
                        break;
                    case "datetimeoffset(7)":
                        Assert.That(type, Is.EqualTo(TimestampText), column);
                        Assert.That(reading.Converted(column), Is.EqualTo(("datetimeoffset(7)", "127")), $"{column} converted");
                        break;
                    default:
                        Assert.That(type, Is.EqualTo(table), column);
                        break;
                }
            }
        });
    }

    [TestCaseSource(nameof(SetStatementNames))]
    public void Converts_nothing_by_the_sessions_language(string statement)
    {
        var reading = Reading.Of(Text(statement, Sets));
        Assert.Multiple(() =>
        {
            Assert.That(reading.Casts, Is.Empty, "CAST takes no style");
            Assert.That(reading.Converts.Where(c => c.Style is null).Select(c => Reading.TypeName(c.DataType)), Is.All.EqualTo("int"), "a CONVERT without a style");
        });
    }

    private static string Text(string name, SetStatements sets) => SetStatement.All.Single(s => s.Name == name).In(sets);

    private static List<string> PostgresParameters(string sql) => [.. PostgresParameter().Matches(sql).Select(m => m.Value).Distinct()];

    [GeneratedRegex(@"@\w+")]
    private static partial Regex PostgresParameter();

    private static Dictionary<(string Table, string Column), string> ReadSchema()
    {
        var schema = new Dictionary<(string Table, string Column), string>();
        foreach (var batch in SqlServerDialectTests.Store.Migrations.SelectMany(SqlServerDialectTests.Store.Batches))
        {
            Reading.Parse(batch).Accept(new SchemaReader(schema));
        }

        return schema;
    }

    // The columns that CREATE TABLE and ALTER TABLE … ADD declare.
    private sealed class SchemaReader(Dictionary<(string Table, string Column), string> schema) : TSqlFragmentVisitor
    {
        public override void Visit(CreateTableStatement node) => Add(node.SchemaObjectName, node.Definition);

        public override void Visit(AlterTableAddTableElementStatement node) => Add(node.SchemaObjectName, node.Definition);

        private void Add(SchemaObjectName table, TableDefinition definition)
        {
            foreach (var column in definition.ColumnDefinitions)
            {
                schema[(table.BaseIdentifier.Value, column.ColumnIdentifier.Value)] = Reading.TypeName(column.DataType);
            }
        }
    }

    // What a T-SQL statement reads from OPENJSON, which parameters it takes, which tables it names,
    // and what it converts.
    private sealed class Reading : TSqlFragmentVisitor
    {
        private readonly HashSet<string> _variables = new(StringComparer.Ordinal);
        private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
        private readonly HashSet<string> _tables = new(StringComparer.Ordinal);

        public List<(string Column, string Type, string Path)> Columns { get; } = [];

        public List<ConvertCall> Converts { get; } = [];

        public List<CastCall> Casts { get; } = [];

        // Variables the statement uses but does not declare.
        public IEnumerable<string> Parameters => _variables.Except(_declared);

        public static TSqlFragment Parse(string sql)
        {
            using var reader = new StringReader(sql);
            var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
            Assert.That(errors, Is.Empty, sql);
            return fragment;
        }

        public static Reading Of(string sql)
        {
            var reading = new Reading();
            Parse(sql).Accept(reading);
            return reading;
        }

        public static string TypeName(DataTypeReference type) => type is SqlDataTypeReference sql
            ? sql.SqlDataTypeOption.ToString().ToLowerInvariant() + (sql.Parameters.Count == 0 ? "" : $"({string.Join(",", sql.Parameters.Select(p => p.Value.ToLowerInvariant()))})")
            : type.Name.BaseIdentifier.Value;

        // The type of the column of that name in the tables the statement names (one type, wherever it stands).
        public string TableType(string column, Dictionary<(string Table, string Column), string> schema)
        {
            var types = _tables.Where(t => schema.ContainsKey((t, column))).Select(t => schema[(t, column)]).Distinct().ToList();
            Assert.That(types, Has.Count.EqualTo(1), $"the type of {column} in {string.Join(", ", _tables)}");
            return types.FirstOrDefault() ?? "";
        }

        // The type and style a column read from the rows is converted to (one way, wherever it is).
        public (string Type, string? Style)? Converted(string column) =>
            Converts.Where(c => c.Parameter is ColumnReferenceExpression r && r.MultiPartIdentifier.Identifiers[^1].Value == column)
                .Select(c => ((string Type, string? Style)?)(TypeName(c.DataType), (c.Style as Literal)?.Value))
                .Distinct()
                .SingleOrDefault();

        public override void Visit(SchemaDeclarationItemOpenjson node) =>
            Columns.Add((node.ColumnDefinition.ColumnIdentifier.Value, TypeName(node.ColumnDefinition.DataType), ((StringLiteral)node.Mapping).Value));

        public override void Visit(VariableReference node) => _variables.Add(node.Name);

        public override void Visit(DeclareVariableElement node) => _declared.Add(node.VariableName.Value);

        public override void Visit(DeclareTableVariableBody node) => _declared.Add(node.VariableName.Value);

        public override void Visit(NamedTableReference node) => _tables.Add(node.SchemaObject.BaseIdentifier.Value);

        public override void Visit(ConvertCall node) => Converts.Add(node);

        public override void Visit(CastCall node) => Casts.Add(node);
    }
}
