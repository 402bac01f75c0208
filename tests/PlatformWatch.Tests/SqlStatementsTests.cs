using System.Reflection;
using System.Text.RegularExpressions;
using PlatformWatch.Store;

namespace PlatformWatch.Tests;

/// <summary>
/// A statement every dialect writes alike is written once (the get-only properties of the statement
/// groups of <see cref="SqlStatements"/>, in SqlStatements.Common.cs); a dialect writes out only what differs.
/// These tests fail when a dialect file writes out a common statement again.
/// </summary>
public partial class SqlStatementsTests
{
    private const string Key = "parse-only-key-0123456789";

    private static readonly (string Name, SqlStatements Sql)[] Dialects =
    [
        ("SQLite", Statements(StoreProvider.Sqlite, Path.Combine(Path.GetTempPath(), "unused.db"))),
        ("PostgreSQL", Statements(StoreProvider.Postgres, "Host=127.0.0.1;Database=unused")),
        ("SQL Server", Statements(StoreProvider.SqlServer, "Server=127.0.0.1;Database=unused;User ID=none;Password=none;Encrypt=false")),
    ];

    // Written once: a dialect cannot set them.
    private static readonly Statement[] Common = [.. Statement.All.Where(p => p.IsCommon)];

    // Written out by each dialect.
    private static readonly Statement[] PerDialect = [.. Statement.All.Where(p => !p.IsCommon)];

    private static SqlStatements Statements(StoreProvider provider, string connection) =>
        CaseStore.Create(new StoreOptions { Provider = provider, Connection = connection, AuditKey = Key }).Statements;

    // Whitespace aside, and without the terminator T-SQL ends statements with.
    private static string? Normalised(SqlStatements sql, Statement property) =>
        property.In(sql) is string text ? Whitespace().Replace(text, " ").Trim().TrimEnd(';').TrimEnd() : null;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [Test]
    public void Some_statements_are_written_once_for_every_dialect() =>
        Assert.That(Common, Has.Length.GreaterThan(0), "or the tests below prove nothing");

    [Test]
    public void No_statement_is_written_out_alike_by_every_dialect()
    {
        var alike = PerDialect
            .Where(p => Dialects.Select(d => Normalised(d.Sql, p)).Distinct().Count() == 1 && Normalised(Dialects[0].Sql, p) is not null)
            .Select(p => p.Name);
        Assert.That(alike, Is.Empty, "write each of these once, as a get-only property in SqlStatements.Common.cs");
    }

    [Test]
    public void No_dialect_writes_out_a_common_statement_under_another_name()
    {
        var again = Dialects.SelectMany(d => PerDialect
            .Select(p => (Property: p, Text: Normalised(d.Sql, p)))
            .SelectMany(s => Common.Where(c => s.Text == Normalised(d.Sql, c)).Select(c => (s.Property, Common: c)))
            .Where(pair => !NothingToLock(d.Name, pair.Property, pair.Common))
            .Select(pair => $"{d.Name}: {pair.Property.Name} is {pair.Common.Name}"));
        Assert.That(again, Is.Empty, "use the common statement instead");
    }

    // SQLite has one writer at a time: a select "for update" locks nothing more than the plain one.
    private static bool NothingToLock(string dialect, Statement property, Statement common) =>
        dialect == "SQLite" && property.Name == common.Name + "ForUpdate";

    [Test]
    public void A_common_statement_differs_between_dialects_only_by_the_terminator()
    {
        var sqlite = Dialects[0].Sql;
        Assert.Multiple(() =>
        {
            foreach (var property in Common)
            {
                var text = property.In(sqlite)!;
                Assert.That(Dialects.Select(d => property.In(d.Sql)), Is.EqualTo(new[] { text, text, text + ";" }), property.Name);
            }
        });
    }
}

/// <summary>A statement of a dialect's <see cref="SqlStatements"/>: its group (a feature) and its text's property.</summary>
internal sealed record Statement(PropertyInfo Group, PropertyInfo Text)
{
    /// <summary>Every statement of every group, in declaration order.</summary>
    public static IReadOnlyList<Statement> All { get; } =
    [
        .. typeof(SqlStatements).GetProperties()
            .SelectMany(g => g.PropertyType.GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => new Statement(g, p))),
    ];

    /// <summary>The statement's name (unique across the groups).</summary>
    public string Name => Text.Name;

    /// <summary>Written once for every dialect: a dialect cannot set it.</summary>
    public bool IsCommon => !Text.CanWrite;

    /// <summary>Its text in a dialect (null: the dialect has none).</summary>
    public string? In(SqlStatements sql) => (string?)Text.GetValue(Group.GetValue(sql));
}

/// <summary>A statement of a dialect's <see cref="SetStatements"/>.</summary>
internal sealed record SetStatement(PropertyInfo Text)
{
    /// <summary>Every set statement, in declaration order.</summary>
    public static IReadOnlyList<SetStatement> All { get; } =
        [.. typeof(SetStatements).GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => new SetStatement(p))];

    /// <summary>The statement's name.</summary>
    public string Name => Text.Name;

    /// <summary>Its text in a dialect's set statements.</summary>
    public string In(SetStatements sets) => (string)Text.GetValue(sets)!;
}
