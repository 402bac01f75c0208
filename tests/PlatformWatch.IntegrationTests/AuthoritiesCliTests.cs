using System.Text.Json.Nodes;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// <c>platformwatch authorities set|list</c> with the example document of deploy/: checked alone,
/// put in force, listed back as the same document; a bad document is refused naming the field and
/// changes nothing; the cases of an evaluation are routed by it; keys belong to authorities.
/// </summary>
[TestFixture]
internal sealed class The_authorities_commands
{
    private static readonly string Example = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "deploy", "authorities.example.json"));

    [Test]
    public async Task Set_check_list_and_route_with_the_example_document()
    {
        var folder = Cli.TempFolder();
        var migrated = await Cli.RunAsync(folder, "db", "migrate", "--db", "a.db");
        Assert.That(migrated.ExitCode, Is.Zero, migrated.Errors);
        var checkOnly = await Cli.RunAsync(folder, "authorities", "set", Example, "--db", "a.db", "--check");
        var before = await Cli.RunAsync(folder, "authorities", "list", "--db", "a.db", "--json");
        var set = await Cli.RunAsync(folder, "authorities", "set", Example, "--db", "a.db");
        var listed = await Cli.RunAsync(folder, "authorities", "list", "--db", "a.db", "--json");
        await File.WriteAllTextAsync(Path.Combine(folder, "bad.json"), """{ "authorities": [ { "id": "samr", "name": "SAMR", "default": true }, { "id": "x", "name": "X", "parent": "nowhere" } ] }""");
        var bad = await Cli.RunAsync(folder, "authorities", "set", "bad.json", "--db", "a.db");
        var after = await Cli.RunAsync(folder, "authorities", "list", "--db", "a.db", "--json");
        var key = await Cli.RunAsync(folder, "keys", "create", "--name", "li", "--role", "regulator-supervisor", "--authority", "samr-ecommerce", "--db", "a.db");
        var unknown = await Cli.RunAsync(folder, "keys", "create", "--name", "li", "--role", "regulator-supervisor", "--authority", "nowhere", "--db", "a.db");
        var scenario = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios", "pricing-cn.jsonl"));
        var evaluated = await Cli.RunAsync(folder, "evaluate", "--events", scenario, "--db", "a.db", "--as-of", "2026-06-30");
        var cases = await Cli.RunAsync(folder, "cases", "list", "--db", "a.db", "--json");
        Assert.Multiple(() =>
        {
            Assert.That(checkOnly.ExitCode, Is.Zero, checkOnly.Errors);
            Assert.That(checkOnly.Output, Does.Contain("7 authorities").And.Contain("nothing changed"));
            Assert.That(JsonNode.Parse(before.Output)!["authorities"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "root" }), "--check changed nothing");
            Assert.That(set.ExitCode, Is.Zero, set.Errors);
            Assert.That(JsonNode.Parse(listed.Output)!["authorities"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()),
                Is.EquivalentTo(JsonNode.Parse(File.ReadAllText(Example))!["authorities"]!.AsArray().Select(a => a!["id"]!.GetValue<string>())));
            Assert.That(bad.ExitCode, Is.EqualTo(2));
            Assert.That(bad.Errors, Does.Contain("authorities[1].parent: no authority 'nowhere'"));
            Assert.That(after.Output, Is.EqualTo(listed.Output), "a refused document changes nothing");
            Assert.That(key.ExitCode, Is.Zero, key.Errors);
            Assert.That(key.Output, Does.Contain("authority: samr-ecommerce"));
            Assert.That(unknown.ExitCode, Is.EqualTo(2));
            Assert.That(unknown.Errors, Does.Contain("no authority 'nowhere'"));
            Assert.That(evaluated.ExitCode, Is.Zero, evaluated.Errors);
            Assert.That(JsonNode.Parse(cases.Output)!.AsArray().Select(c => c!["ownerAuthorityId"]!.GetValue<string>()), Is.EqualTo(new[] { "cac" }), "the PIPL pricing case goes to the data-protection regulator");
        });
    }
}
