using System.Text;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Tests;

public class ProfileLoaderTests
{
    internal const string Valid = """
        profile: test
        jurisdictions: [CN]
        instruments:
          LAW:
            name: Law
            title: { zh: 《一部法律》, en: A law }
            authentic: zh
            inForceFrom: 2020-01-01
        rules:
          - id: T-SINGLE
            type: share-threshold
            version: 1
            severity: high
            parameters:
              atLeast: 1/2
            law:
              - instrument: LAW
                article: { zh: 第一条, en: Art. 1 }
                quote: { zh: 第一条的条文。 }
            title: { zh: 单一经营者达到二分之一, en: One reaches one half }
            summary:
              zh: 市场份额达到二分之一。
              en: A share reaches one half.
        """;

    private static ProfileLoadResult Load(params (string Name, string Yaml)[] files) =>
        ProfileLoader.Load(files.Select(f => new ProfileSource(f.Name, Encoding.UTF8.GetBytes(f.Yaml))));

    private static string Errors(ProfileLoadResult result) => string.Join("\n", result.Errors);

    [Test]
    public void The_shipped_profiles_load_without_errors()
    {
        var set = TestData.Shipped;
        Assert.Multiple(() =>
        {
            Assert.That(set.Profiles.Select(p => p.Id), Is.EquivalentTo(new[] { "cn", "eu", "common" }));
            Assert.That(set.RulesFor("CN").Select(r => r.Id), Does.Contain("CN-AML24-SINGLE").And.Contain("GEN-HHI-LEVEL").And.No.Contain("EU-102-DOMINANCE"));
            Assert.That(set.RulesFor("EU").Select(r => r.Id), Does.Contain("EU-102-DOMINANCE").And.Contain("GEN-HHI-LEVEL").And.No.Contain("CN-AML24-SINGLE"));
            Assert.That(set.RulesFor("US").Select(r => r.Id), Is.EquivalentTo(set.Find("common")!.Rules.Select(r => r.Id)), "an unknown jurisdiction gets the common rules only");
        });
    }

    [Test]
    public void A_valid_profile_loads()
    {
        var result = Load(("test.yaml", Valid));
        Assert.That(result.Succeeded, Is.True, Errors(result));
    }

    [Test]
    public void An_unknown_rule_type_is_reported_with_file_and_line()
    {
        var result = Load(("test.yaml", Valid.Replace("type: share-threshold", "type: share-treshold", StringComparison.Ordinal)));
        Assert.That(Errors(result), Does.Contain("test.yaml:11: rule T-SINGLE: unknown rule type 'share-treshold'"));
    }

    [Test]
    public void A_missing_parameter_is_reported_with_its_meaning()
    {
        var result = Load(("test.yaml", Valid.Replace("  atLeast: 1/2", "  below: 1/2", StringComparison.Ordinal)));
        Assert.That(Errors(result), Does.Contain("parameter 'atLeast' is missing (the share that must be reached)"));
    }

    [TestCase("3/2", "must be a fraction between 0 and 1")]
    [TestCase("two thirds", "must be a fraction between 0 and 1")]
    [TestCase("1/0", "must be a fraction between 0 and 1")]
    public void A_bad_threshold_is_reported_at_its_line(string value, string reason)
    {
        var result = Load(("test.yaml", Valid.Replace("atLeast: 1/2", $"atLeast: {value}", StringComparison.Ordinal)));
        Assert.That(Errors(result), Does.Contain($"test.yaml:15: rule T-SINGLE: parameter 'atLeast' {reason}"));
    }

    [Test]
    public void A_duplicate_rule_id_is_reported_at_the_second_one()
    {
        var other = Valid.Replace("profile: test", "profile: other", StringComparison.Ordinal);
        var result = Load(("a.yaml", Valid), ("b.yaml", other));
        Assert.That(Errors(result), Does.Contain("b.yaml:10: duplicate rule id 'T-SINGLE' (first at a.yaml:10)"));
    }

    [Test]
    public void A_misspelt_key_is_not_silently_ignored()
    {
        var result = Load(("test.yaml", Valid.Replace("severity: high", "severty: high", StringComparison.Ordinal)));
        Assert.That(Errors(result), Does.Contain("test.yaml:13: unknown key 'severty' in rule T-SINGLE"));
    }

    [Test]
    public void Inconsistent_parameters_are_reported()
    {
        var result = Load(("test.yaml", Valid.Replace("  atLeast: 1/2", "  atLeast: 1/2\n      below: 2/5", StringComparison.Ordinal)));
        Assert.That(Errors(result), Does.Contain("parameter 'below' must be greater than 'atLeast'"));
    }

    [Test]
    public void An_unknown_instrument_and_include_are_reported()
    {
        var yaml = Valid.Replace("instrument: LAW", "instrument: NOPE", StringComparison.Ordinal).Replace("jurisdictions: [CN]", "jurisdictions: [CN]\ninclude: [missing]", StringComparison.Ordinal);
        var errors = Errors(Load(("test.yaml", yaml)));
        Assert.Multiple(() =>
        {
            Assert.That(errors, Does.Contain("unknown instrument 'NOPE'"));
            Assert.That(errors, Does.Contain("includes 'missing', which is not loaded"));
        });
    }

    [Test]
    public void Broken_YAML_is_reported_with_its_line()
    {
        var result = Load(("test.yaml", "profile: test\nrules: [\n  - id: x\n"));
        Assert.That(Errors(result), Does.Match(@"test\.yaml:\d+: not valid YAML"));
    }

    [Test]
    public void A_set_with_any_error_is_refused_whole()
    {
        var broken = Valid.Replace("profile: test", "profile: broken", StringComparison.Ordinal).Replace("T-SINGLE", "T-OTHER", StringComparison.Ordinal).Replace("severity: high", "severity: dire", StringComparison.Ordinal);
        var result = Load(("test.yaml", Valid), ("broken.yaml", broken));
        Assert.Multiple(() =>
        {
            Assert.That(result.Set, Is.Null);
            Assert.That(Errors(result), Does.Contain("broken.yaml:13: rule T-OTHER: unknown severity 'dire'"));
        });
    }

    [Test]
    public void Law_versions_are_ordered_and_must_not_overlap()
    {
        var yaml = Valid.Replace("    inForceFrom: 2020-01-01", "    inForceFrom: 2020-01-01\n  LAW2:\n    name: Law 2\n    title: { zh: 《另一部法律》, en: Another }\n    authentic: zh\n    inForceFrom: 2021-01-01", StringComparison.Ordinal)
            .Replace("        article: { zh: 第一条, en: Art. 1 }", "        article: { zh: 第一条, en: Art. 1 }\n      - instrument: LAW2\n        article: { zh: 第二条, en: Art. 2 }", StringComparison.Ordinal);
        var result = Load(("test.yaml", yaml));
        Assert.That(Errors(result), Does.Contain("legal versions 'Law' and 'Law 2' are in force at the same time"));
    }

    // The law in both languages (issue 19): every rule's title and summary, every instrument's
    // title and every article in Chinese and English; a plain text names no language and is refused.
    [TestCase("title: { zh: 单一经营者达到二分之一, en: One reaches one half }", "title: { en: One reaches one half }", "test.yaml:20: rule T-SINGLE: 'title' lacks its Chinese text")]
    [TestCase("title: { zh: 单一经营者达到二分之一, en: One reaches one half }", "title: { zh: 单一经营者达到二分之一 }", "test.yaml:20: rule T-SINGLE: 'title' lacks its English text")]
    [TestCase("\n      en: A share reaches one half.", "", "test.yaml:22: rule T-SINGLE: 'summary' lacks its English text")]
    [TestCase("      zh: 市场份额达到二分之一。\n", "", "test.yaml:22: rule T-SINGLE: 'summary' lacks its Chinese text")]
    [TestCase("title: { zh: 单一经营者达到二分之一, en: One reaches one half }", "title: One reaches one half", "test.yaml:20: rule T-SINGLE: 'title' must name its languages, title: { zh: …, en: … }; a plain text names none")]
    [TestCase("    title: { zh: 单一经营者达到二分之一, en: One reaches one half }\n", "", "test.yaml:10: rule T-SINGLE: 'title' is missing: give it in both languages")]
    [TestCase("article: { zh: 第一条, en: Art. 1 }", "article: Art. 1", "test.yaml:18: rule T-SINGLE, law: 'article' must name its languages")]
    [TestCase("article: { zh: 第一条, en: Art. 1 }", "article: { en: Art. 1 }", "test.yaml:18: rule T-SINGLE, law: 'article' lacks its Chinese text")]
    [TestCase("title: { zh: 《一部法律》, en: A law }", "title: A law", "test.yaml:6: instrument 'LAW': 'title' must name its languages")]
    [TestCase("title: { zh: 《一部法律》, en: A law }", "title: { zh: 《一部法律》 }", "test.yaml:6: instrument 'LAW': 'title' lacks its English text")]
    [TestCase("    authentic: zh\n", "", "test.yaml:5: instrument 'LAW': 'authentic' is missing")]
    [TestCase("authentic: zh", "authentic: fr", "test.yaml:7: instrument 'LAW': 'authentic' names the language whose text is the law, zh or en, was 'fr'")]
    [TestCase("quote: { zh: 第一条的条文。 }", "quote: { en: The text of Art. 1. }", "test.yaml:19: rule T-SINGLE, law: the quote gives no text in zh, the language in which Law is authentic")]
    [TestCase("quote: { zh: 第一条的条文。 }", "quote: 第一条的条文。", "test.yaml:19: rule T-SINGLE, law: 'quote' must name its languages")]
    [TestCase("profile: test\n", "profile: test\ntitle: A test profile\n", "test.yaml:2: the profile: 'title' must name its languages")]
    [TestCase("profile: test\n", "profile: test\ntitle: { en: A test profile }\n", "test.yaml:2: the profile: 'title' lacks its Chinese text")]
    public void A_text_lacking_either_language_is_refused_with_file_and_line(string from, string to, string error)
    {
        Assert.That(Valid.Contains(from, StringComparison.Ordinal), Is.True, "the change applies to the valid profile");
        var result = Load(("test.yaml", Valid.Replace(from, to, StringComparison.Ordinal)));
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(Errors(result), Does.Contain(error));
        });
    }

    [Test]
    public void A_profiles_title_is_kept_in_both_languages_and_is_its_id_when_not_given()
    {
        var titled = Load(("test.yaml", Valid.Replace("profile: test\n", "profile: test\ntitle: { zh: 测试配置, en: A test profile }\n", StringComparison.Ordinal)));
        var untitled = Load(("test.yaml", Valid));
        Assert.Multiple(() =>
        {
            Assert.That(titled.Succeeded, Is.True, Errors(titled));
            Assert.That(titled.Set!.Profiles[0].Title, Is.EqualTo(new Bilingual("测试配置", "A test profile")));
            Assert.That(untitled.Set!.Profiles[0].Title, Is.EqualTo(new Bilingual("test", "test")));
        });
    }

    [Test]
    public void An_empty_chinese_text_is_refused_once_naming_its_field()
    {
        var result = Load(("test.yaml", Valid.Replace("title: { zh: 单一经营者达到二分之一,", "title: { zh: \"\",", StringComparison.Ordinal)));
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(result.Errors.Select(e => e.ToString()), Is.EqualTo(new[] { "test.yaml:20: rule T-SINGLE, title: 'zh' must be a non-empty text" }));
        });
    }

    [Test]
    public void The_valid_profile_carries_both_languages_into_the_rule_and_its_citation()
    {
        var rule = Load(("test.yaml", Valid)).Set!.Profiles[0].Rules[0];
        var citation = rule.Law[0].ToCitation();
        Assert.Multiple(() =>
        {
            Assert.That(rule.Title, Is.EqualTo(new Bilingual("单一经营者达到二分之一", "One reaches one half")));
            Assert.That(rule.Summary, Is.EqualTo(new Bilingual("市场份额达到二分之一。", "A share reaches one half.")));
            Assert.That(citation.Citation, Is.EqualTo("Law Art. 1"));
            Assert.That(citation.Quote, Is.Null, "no English text: the Chinese one is not translated");
            Assert.That(citation.Authentic, Is.EqualTo("zh"));
            Assert.That(citation.Zh, Is.EqualTo(new PlatformWatch.Contracts.LegalCitationText { Citation = "《一部法律》第一条", Instrument = "《一部法律》", Article = "第一条", Quote = "第一条的条文。" }));
        });
    }

    [Test]
    public void Every_shipped_rule_has_its_title_summary_and_law_in_both_languages()
    {
        static bool Chinese(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff');
        var rules = TestData.Shipped.Profiles.SelectMany(p => p.Rules).ToList();
        var law = rules.SelectMany(r => r.Law.Concat(r.WhenDominant).SelectMany(l => l.Also.Prepend(l))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rules, Has.Count.GreaterThan(30));
            Assert.That(rules.Where(r => !Chinese(r.Title.Zh) || !Chinese(r.Summary.Zh)).Select(r => r.Id), Is.Empty, "a Chinese title and summary");
            Assert.That(rules.Where(r => Chinese(r.Title.En) || Chinese(r.Summary.En)).Select(r => r.Id), Is.Empty, "an English title and summary");
            Assert.That(law.Where(l => !Chinese(l.Instrument.Zh + l.Article.Zh)).Select(l => $"{l.Name} {l.Article.En}"), Is.Empty, "a Chinese citation");
            Assert.That(law.Where(l => l.Authentic == "zh" && l.QuoteEn is not null).Select(l => $"{l.Name} {l.Article.En}"), Is.Empty,
                "no English quote of a Chinese provision: none is the NPC's published translation");
            Assert.That(law.Where(l => l.Authentic == "en" && (l.QuoteEn is null) != (l.QuoteZh is null)).Select(l => $"{l.Name} {l.Article.En}"), Is.Empty,
                "an EU provision quoted in English has its Chinese rendering");
        });
    }
}
