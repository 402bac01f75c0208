using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PlatformWatch.Application;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.ApiTests;

// The built-in rule types' tests and parameters' meanings in both languages (docs/i18n.md): the
// Rules project's RuleTypeText resources, read in the request's culture on the rules page; the
// English is the types' own text, which the command line prints.
internal sealed partial class Languages
{
    private static readonly string RuleTypeResources = Path.Combine(Configuration_reference.RepositoryRoot(), "services", "PlatformWatch.Rules", "Resources");

    private static IEnumerable<(string Key, string English)> RuleTypeKeys() =>
        RuleTypeCatalog.All.SelectMany(t => t.Parameters.Select(p => ($"{t.Name}.param.{p.Name}", p.Meaning)).Prepend(($"{t.Name}.test", t.Test)));

    [Test]
    public void Every_rule_type_has_its_test_and_its_parameters_meanings_in_both_languages()
    {
        var english = Entries(Path.Combine(RuleTypeResources, "RuleTypeText.resx"));
        var chinese = Entries(Path.Combine(RuleTypeResources, "RuleTypeText.zh-CN.resx"));
        var keys = RuleTypeKeys().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(RuleTypeCatalog.All, Has.Count.EqualTo(24));
            Assert.That(english.Keys, Is.EquivalentTo(keys.Select(k => k.Key)), "the English resources: a test per type, a meaning per parameter, nothing else");
            Assert.That(chinese.Keys, Is.EquivalentTo(keys.Select(k => k.Key)), "the Chinese resources: a test per type, a meaning per parameter, nothing else");
            foreach (var (key, text) in keys)
            {
                Assert.That(english.GetValueOrDefault(key), Is.EqualTo(text), $"{key}: the English is the type's own text, word for word");
                if (chinese.TryGetValue(key, out var translated))
                {
                    Assert.That(CjkText().IsMatch(translated), Is.True, $"{key}: “{translated}” is not Chinese");
                    Assert.That(Placeholders(translated), Is.EqualTo(Placeholders(text)), $"{key}: the placeholders of “{translated}” and “{text}”");
                    foreach (var name in Verbatim().Matches(text).Select(m => m.Value).Distinct())
                    {
                        Assert.That(translated, Does.Contain(name), $"{key}: “{translated}” keeps {name} as it is written");
                    }
                }
            }
        });
    }

    [Test]
    public void The_rule_types_texts_follow_the_current_ui_culture_under_invariant_globalization()
    {
        var type = RuleTypeCatalog.Find("hhi-level")!;
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var chinese = (RuleTypeText.Test(type), RuleTypeText.Meaning(type, type.Parameters[0]));
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            var invariant = (RuleTypeText.Test(type), RuleTypeText.Meaning(type, type.Parameters[0]));
            Assert.Multiple(() =>
            {
                Assert.That(chinese, Is.EqualTo(("按该期间已知的市场份额计算的 HHI = `Σ(100·share)²` 高于 `level`；同时报告 CR3、CR4 及已知市场份额的覆盖率", "HHI 高于此值的，该市场视为高度集中")));
                Assert.That(invariant, Is.EqualTo((type.Test, type.Parameters[0].Meaning)), "the invariant culture (the command line's) reads the types' English");
            });
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task The_rules_page_shows_a_types_test_and_its_parameters_meanings_in_the_requests_language(string language)
    {
        var type = RuleTypeCatalog.Find("hhi-level")!;
        var english = (Test: Entries(Path.Combine(RuleTypeResources, "RuleTypeText.resx"))["hhi-level.test"], Level: type.Parameters.Single(p => p.Name == "level").Meaning);
        var resources = Entries(Path.Combine(RuleTypeResources, "RuleTypeText.zh-CN.resx"));
        var chinese = (Test: resources["hhi-level.test"], Level: resources["hhi-level.param.level"]);
        using var client = _world.PageClient();
        using var switched = await client.GetAsync("/signin?lang=" + language);
        await Pages.SignInAsync(client, _world.Tokens[PlatformWatch.Store.ApiRoles.RegulatorViewer]);
        using var response = await client.GetAsync("/rules");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var rule = page[page.IndexOf("data-rule=\"GEN-HHI-LEVEL\"", StringComparison.Ordinal)..];
        rule = rule[..rule.IndexOf("</details>", StringComparison.Ordinal)];
        var (shown, other) = language == "zh-CN" ? (chinese, english) : (english, chinese);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(rule, Does.Contain(UiResources.Text(language, "rules.test") + "</strong> " + Names(shown.Test) + "</p>"), "the test, not marked as another language, its names in backquotes as written");
            Assert.That(rule, Does.Contain("<td>" + Names(shown.Level) + "</td>"), "the meaning of level, not marked as another language");
            Assert.That(rule, Does.Not.Contain(Names(other.Test)).And.Not.Contain(Names(other.Level)));
            Assert.That(rule, Does.Not.Contain("<span lang=\"en\">").And.Not.Contain("<td lang=\"en\">"), "the test and the meanings are not marked English");
            Assert.That(page, Does.Contain(UiResources.Text(language, "rules.sourceLanguage")));
            foreach (var profile in _world.Services.GetRequiredService<ActiveProfiles>().Current.Profiles)
            {
                var (title, otherTitle) = language == "zh-CN" ? (profile.Title.Zh, profile.Title.En) : (profile.Title.En, profile.Title.Zh);
                Assert.That(page, Does.Contain("<td>" + title + "</td>").And.Not.Contain(otherTitle), $"profile {profile.Id}'s title in the request's language only");
            }
        });
    }

    // A text as the page shows it: each name in backquotes in a monospaced span, not translated.
    private static string Names(string text) => Backquoted().Replace(text, "<span class=\"mono\" translate=\"no\">$1</span>");

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Backquoted();

    [GeneratedRegex(@"[\u3400-\u9fff]")]
    private static partial Regex CjkText();

    // What a translation writes as it is: a name in backquotes, a field or parameter name (camelCase), HHI, ΔHHI, CRn, a formula's symbols.
    [GeneratedRegex(@"`[^`]+`|\b[a-z]+[A-Z][A-Za-z]*\b|ΔHHI|\bHHI\b|\bCR\d\b|Σ\(100·share\)²|[≥≤<>]")]
    private static partial Regex Verbatim();
}
