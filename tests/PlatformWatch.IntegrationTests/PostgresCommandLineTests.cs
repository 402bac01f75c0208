using System.Text.Json.Nodes;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// <c>platformwatch evaluate --provider postgres</c> of every sample file gives the same findings
/// (measurements, evidence, law, cases) as the embedded SQLite default; the case commands and the
/// audit check work there too.
/// </summary>
[TestFixture]
[Category("Postgres")]
internal sealed class Evaluating_every_sample_on_PostgreSQL
{
    private readonly Dictionary<string, string> _environment = new() { ["PLATFORMWATCH_AUDIT_KEY"] = TestDatabases.AuditKey };
    private string _folder = "";
    private string _connection = "";
    private string _onPostgres = "";
    private string _onSqlite = "";

    [OneTimeSetUp]
    public async Task EvaluateOnBoth()
    {
        _connection = TestDatabases.Postgres().Connection;
        _folder = Cli.TempFolder();
        var file = Path.Combine(_folder, "all.jsonl");
        await File.WriteAllLinesAsync(file, Scenario.All.SelectMany(s => File.ReadAllLines(Scenario.Path(s + ".jsonl"))));
        var migrate = await Cli.RunAsync(_folder, _environment, "db", "migrate", "--provider", "postgres", "--db", _connection);
        Assert.That(migrate.ExitCode, Is.EqualTo(0), migrate.Errors);
        await Cli.RunAsync(_folder, _environment, "evaluate", "--events", file, "--provider", "postgres", "--db", _connection, "--as-of", Scenario.AsOf);
        _onPostgres = (await Cli.RunAsync(_folder, _environment, "findings", "--provider", "postgres", "--db", _connection, "--json")).Output;
        await Cli.RunAsync(_folder, "evaluate", "--events", file, "--db", "cases.db", "--as-of", Scenario.AsOf);
        _onSqlite = (await Cli.RunAsync(_folder, "findings", "--db", "cases.db", "--json")).Output;
    }

    private static List<string> Content(string json) => Scenario.ParseArray(json)
        .Select(f =>
        {
            var copy = f!.DeepClone().AsObject();
            copy.Remove("raisedAt");
            copy.Remove("updatedAt");
            return copy.ToJsonString();
        })
        .Order(StringComparer.Ordinal)
        .ToList();

    [Test]
    public void Should_give_the_expected_findings() =>
        Assert.That(Scenario.Keys(Scenario.ParseArray(_onPostgres)), Is.EqualTo(Scenario.All.SelectMany(Scenario.ExpectedFindings).Order(StringComparer.Ordinal)));

    [Test]
    public void Should_give_exactly_what_SQLite_gives() => Assert.That(Content(_onPostgres), Is.EqualTo(Content(_onSqlite)));

    [Test]
    public async Task Should_let_a_supervisor_work_a_case_and_keep_the_audit_trail_intact()
    {
        string[] db = ["--provider", "postgres", "--db", _connection];
        var list = JsonNode.Parse((await Cli.RunAsync(_folder, _environment, ["cases", "list", "--severity", "critical", "--json", .. db])).Output)!.AsArray();
        var caseId = (string)list[0]!["caseId"]!;
        var assign = await Cli.RunAsync(_folder, _environment, ["cases", "assign", caseId, "--to", "alice", "--due", "2026-07-31", "--actor", "supervisor", .. db]);
        var comment = await Cli.RunAsync(_folder, _environment, ["cases", "comment", caseId, "--text", "request the merchant contracts", "--actor", "alice", .. db]);
        var triage = await Cli.RunAsync(_folder, _environment, ["cases", "transition", caseId, "--to", "triaged", "--actor", "alice", .. db]);
        var refused = await Cli.RunAsync(_folder, _environment, ["cases", "transition", caseId, "--to", "closed", "--actor", "alice", .. db]);
        var shown = JsonNode.Parse((await Cli.RunAsync(_folder, _environment, ["cases", "show", caseId, "--json", .. db])).Output)!;
        var verify = await Cli.RunAsync(_folder, _environment, ["audit", "verify", .. db]);
        Assert.Multiple(() =>
        {
            Assert.That(new[] { assign.ExitCode, comment.ExitCode, triage.ExitCode }, Is.All.EqualTo(0));
            Assert.That(refused.ExitCode, Is.EqualTo(2));
            Assert.That(refused.Errors, Does.Contain("closing needs an outcome"));
            Assert.That((string?)shown["assignee"], Is.EqualTo("alice"));
            Assert.That((string?)shown["status"], Is.EqualTo("triaged"));
            Assert.That(shown["findings"]!.AsArray(), Is.Not.Empty);
            Assert.That(shown["evidence"]!.AsArray(), Is.Not.Empty);
            Assert.That(shown["audit"]!.AsArray().Select(a => (string?)a!["action"]), Does.Contain("assigned").And.Contain("commented").And.Contain("transitioned"));
            Assert.That(verify.ExitCode, Is.EqualTo(0), verify.Errors);
            Assert.That(verify.Output, Does.StartWith("audit trail verified:"));
        });
    }

    [Test]
    public async Task Should_refuse_a_server_database_without_an_audit_key()
    {
        var result = await Cli.RunAsync(_folder, "findings", "--provider", "postgres", "--db", _connection);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Errors, Does.Contain("PLATFORMWATCH_AUDIT_KEY"));
        });
    }
}

/// <summary>A server database without a usable audit key is a configuration error that names the setting.</summary>
[TestFixture]
[Category("Postgres")]
internal sealed class Starting_on_PostgreSQL_without_a_usable_audit_key
{
    [TestCase("", "Store:AuditKey (PLATFORMWATCH_AUDIT_KEY) is required for the Postgres store: it keys the audit trail's hash chain")]
    [TestCase("too-short", "Store:AuditKey (PLATFORMWATCH_AUDIT_KEY): must be at least 16 bytes, was 9")]
    public async Task Should_refuse_with_the_setting_named(string key, string message)
    {
        var connection = TestDatabases.Postgres().Connection;
        var run = await Cli.RunAsync(Cli.TempFolder(), new Dictionary<string, string> { ["PLATFORMWATCH_AUDIT_KEY"] = key }, "db", "migrate", "--provider", "postgres", "--db", connection);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.ErrorLines, Is.EqualTo(new[] { message }));
        });
    }
}
