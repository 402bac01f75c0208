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
            title: A law
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
                article: Art. 1
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
        Assert.That(Errors(result), Does.Contain("test.yaml:10: rule T-SINGLE: unknown rule type 'share-treshold'"));
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
        Assert.That(Errors(result), Does.Contain($"test.yaml:14: rule T-SINGLE: parameter 'atLeast' {reason}"));
    }

    [Test]
    public void A_duplicate_rule_id_is_reported_at_the_second_one()
    {
        var other = Valid.Replace("profile: test", "profile: other", StringComparison.Ordinal);
        var result = Load(("a.yaml", Valid), ("b.yaml", other));
        Assert.That(Errors(result), Does.Contain("b.yaml:9: duplicate rule id 'T-SINGLE' (first at a.yaml:9)"));
    }

    [Test]
    public void A_misspelt_key_is_not_silently_ignored()
    {
        var result = Load(("test.yaml", Valid.Replace("severity: high", "severty: high", StringComparison.Ordinal)));
        Assert.That(Errors(result), Does.Contain("test.yaml:12: unknown key 'severty' in rule T-SINGLE"));
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
            Assert.That(Errors(result), Does.Contain("broken.yaml:12: rule T-OTHER: unknown severity 'dire'"));
        });
    }

    [Test]
    public void Law_versions_are_ordered_and_must_not_overlap()
    {
        var yaml = Valid.Replace("    inForceFrom: 2020-01-01", "    inForceFrom: 2020-01-01\n  LAW2:\n    name: Law 2\n    title: Another\n    inForceFrom: 2021-01-01", StringComparison.Ordinal)
            .Replace("        article: Art. 1", "        article: Art. 1\n      - instrument: LAW2\n        article: Art. 2", StringComparison.Ordinal);
        var result = Load(("test.yaml", yaml));
        Assert.That(Errors(result), Does.Contain("legal versions 'Law' and 'Law 2' are in force at the same time"));
    }
}
