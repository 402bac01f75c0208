using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using PlatformWatch.Hosting.CommandLine;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// The situation: an operator whose machine speaks Chinese (<c>LANG=zh_CN.UTF-8</c>) runs commands
/// that are refused with the application layer's reasons, which the API gives in the request's
/// language (docs/i18n.md). The command line stays English whatever the machine's language: the
/// build's invariant globalization ignores <c>LANG</c>, and the programs' runner fixes the invariant
/// UI culture besides (a process whose culture is Chinese, as a test host's can be, prints English).
/// </summary>
[TestFixture]
internal sealed partial class The_command_line_under_a_chinese_locale
{
    private static readonly Dictionary<string, string> Chinese = new(StringComparer.Ordinal) { ["LANG"] = "zh_CN.UTF-8", ["LC_ALL"] = "zh_CN.UTF-8" };

    private Cli.Result _unknownKey = null!;
    private Cli.Result _unknownCase = null!;

    [GeneratedRegex(@"[\u3400-\u9fff]")]
    private static partial Regex Cjk();

    [OneTimeSetUp]
    public async Task RunRefusedCommands()
    {
        var folder = Cli.TempFolder();
        var migrated = await Cli.RunAsync(folder, "db", "migrate", "--db", "cases.db");
        Assert.That(migrated.ExitCode, Is.EqualTo(0), migrated.Errors);
        _unknownKey = await Cli.RunAsync(folder, Chinese, "keys", "revoke", "kaaaaaaaaaaaa", "--db", "cases.db");
        _unknownCase = await Cli.RunAsync(folder, Chinese, "cases", "exposure", "C-NONE-1", "--db", "cases.db");
    }

    [Test]
    public void Should_refuse_an_unknown_key_in_english() => AssertEnglish(_unknownKey, "key 'kaaaaaaaaaaaa' does not exist");

    [Test]
    public void Should_refuse_an_unknown_case_in_english() => AssertEnglish(_unknownCase, "case 'C-NONE-1'");

    private static void AssertEnglish(Cli.Result result, string refusal) => Assert.Multiple(() =>
    {
        Assert.That(result.ExitCode, Is.EqualTo(2), result.Errors);
        Assert.That(result.Errors, Does.Contain(refusal));
        Assert.That(Cjk().IsMatch(result.Output + result.Errors), Is.False, result.Errors);
    });

    [Test]
    public async Task Should_explain_a_rule_with_its_types_english_test_and_meanings()
    {
        // The rule types' texts have Chinese resources (docs/i18n.md) the rules page reads; the command line prints the types' English.
        var type = PlatformWatch.Rules.Types.RuleTypeCatalog.Find("hhi-level")!;
        var result = await Cli.RunAsync(Cli.TempFolder(), Chinese, "rules", "explain", "GEN-HHI-LEVEL");
        var typeLines = result.Output.Split('\n').SkipWhile(l => !l.StartsWith("Test (", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("Law", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Errors);
            Assert.That(result.Output, Does.Contain($"Test (hhi-level): {type.Test}."));
            Assert.That(result.Output, Does.Contain("      " + type.Parameters.Single(p => p.Name == "level").Meaning));
            Assert.That(typeLines, Is.Not.Empty);
            Assert.That(typeLines, Has.None.Match(Cjk()), "the test and the parameters' meanings are English");
        });
    }

    [Test]
    public async Task Should_run_a_command_in_the_invariant_culture_whatever_the_culture_it_started_in()
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture, CultureInfo.DefaultThreadCurrentCulture, CultureInfo.DefaultThreadCurrentUICulture);
        var seen = "";
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var command = new Command("show");
            command.SetAction(int (_) =>
            {
                seen = $"{CultureInfo.CurrentUICulture.Name}|{CultureInfo.CurrentCulture.Name}|{CultureInfo.DefaultThreadCurrentUICulture?.Name}";
                return 0;
            });
            var exit = await ProgramRunner.RunAsync(new RootCommand("a test program") { command }, ["show"], "test");
            Assert.Multiple(() =>
            {
                Assert.That(exit, Is.EqualTo(0));
                Assert.That(seen, Is.EqualTo("||"), "the invariant culture (its name is empty) for the command and every thread it starts");
            });
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture, CultureInfo.DefaultThreadCurrentCulture, CultureInfo.DefaultThreadCurrentUICulture) = before;
        }
    }
}
