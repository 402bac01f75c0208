using Microsoft.Extensions.DependencyInjection;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Every finding of the valid sample files, as the case page shows it and, projected for its
/// platform (<see cref="PlatformView"/>), as the portal shows it: every field with a label, no
/// value as JSON. The rule types the samples give no finding of are read in FindingValuesTests.
/// </summary>
[TestFixture]
internal sealed class The_values_of_every_sample_finding
{
    private ApiWorld _world = null!;
    private readonly List<(string Finding, string Type, IReadOnlyList<ValueRow> Rows)> _pages = [];
    private readonly List<(string Finding, IReadOnlyList<ValueRow> Rows)> _portal = [];

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await ApiWorld.StartAsync();
        var profiles = _world.Services.GetRequiredService<ActiveProfiles>().Current;
        foreach (var f in await _world.Store.Findings.ListAsync(new FindingQuery { Limit = 10_000 }))
        {
            var type = profiles.FindRule(f.RuleId)?.Type ?? "(no rule)";
            _pages.Add((f.RuleId + " " + f.FindingId, type, [.. FindingValues.Measured(f.Measured, f.Threshold), .. FindingValues.Threshold(f.Threshold)]));
            if (f.PlatformId is { } platform && PlatformView.Of(f, type, platform, new HashSet<string>()) is { } seen)
            {
                _portal.Add((f.RuleId + " " + f.FindingId, [.. FindingValues.Measured(seen.Measured, seen.Threshold), .. FindingValues.Threshold(seen.Threshold)]));
            }
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }

    [Test]
    public void The_samples_give_findings_of_most_rule_types() =>
        Assert.That(_pages.Select(p => p.Type).Distinct().Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "conduct", "consent-reprompt", "dma-concentration-inform", "exclusive-dealing", "gatekeeper-thresholds", "hhi-delta", "hhi-level",
            "joint-share", "merger-call-in", "merger-notification", "price-discrimination", "rapid-gain", "report-contradiction", "report-overdue",
            "report-sections", "self-preferencing", "share-crossing", "share-threshold",
        }));

    [Test]
    public void Every_field_on_the_case_page_has_a_label() =>
        Assert.That(_pages.SelectMany(p => p.Rows.Where(r => r.Fallback).Select(r => $"{p.Finding}: {r.Label}")), Is.Empty);

    [Test]
    public void No_value_on_the_case_page_reads_as_json() =>
        Assert.That(_pages.SelectMany(p => Json(p.Rows).Select(text => $"{p.Finding}: {text}")), Is.Empty);

    [Test]
    public void Every_field_on_the_portal_has_a_label() =>
        Assert.That(_portal.SelectMany(p => p.Rows.Where(r => r.Fallback).Select(r => $"{p.Finding}: {r.Label}")), Is.Empty);

    [Test]
    public void No_value_on_the_portal_reads_as_json() => Assert.Multiple(() =>
    {
        Assert.That(_portal, Has.Count.GreaterThan(20), "findings about a platform");
        Assert.That(_portal.SelectMany(p => Json(p.Rows).Select(text => $"{p.Finding}: {text}")), Is.Empty);
    });

    private static IEnumerable<string> Json(IEnumerable<ValueRow> rows) =>
        rows.SelectMany(r => r.Items.Append(r.Text).Append(r.Label)).Where(text => text.Contains('{', StringComparison.Ordinal) || text.Contains("\":", StringComparison.Ordinal) || text.StartsWith('['));
}
