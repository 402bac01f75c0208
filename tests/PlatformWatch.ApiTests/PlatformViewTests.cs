using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PlatformWatch.Application;
using PlatformWatch.Rules.Types;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// What a platform sees of the findings about it: every platform of the valid samples is sent a
/// notice on each of its cases, and reads them through the platform API and the portal. No body
/// names another platform or one of its events (a joint-dominance finding lists its partners for
/// regulators only), while the platform's own share and the market's aggregates are still there.
/// Findings without a case (monitoring signals) are checked on the projection itself. On SQLite and
/// on PostgreSQL.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class What_a_platform_sees(StoreProvider provider)
{
    private ApiWorld _world = null!;
    private IReadOnlyList<StoredFinding> _findings = [];

    // Platform → the ids of its events in the samples (shares reported about it, its conduct, its filings …).
    private readonly Dictionary<string, HashSet<string>> _eventsOf = new(StringComparer.Ordinal);

    // Notice id → (its platform, the platform API's answer, the portal page).
    private readonly Dictionary<string, (string Platform, string Api, string Page)> _seen = new(StringComparer.Ordinal);

    // Platform → its notice list from the platform API.
    private readonly Dictionary<string, string> _lists = new(StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await ApiWorld.StartAsync(provider);
        foreach (var scenario in ApiWorld.Scenarios)
        {
            foreach (var e in await ApiWorld.EventsAsync(scenario))
            {
                if (EventFacts.PlatformOf(e) is not { } platform)
                {
                    continue;
                }

                if (!_eventsOf.TryGetValue(platform, out var ids))
                {
                    _eventsOf[platform] = ids = new HashSet<string>(StringComparer.Ordinal);
                }

                ids.Add(e.EventId);
            }
        }

        // A notice on every case about a platform (the world already sent one to each of A and B).
        foreach (var c in await _world.Store.Cases.ListAsync(new CaseQuery { Status = "new", Limit = 1000 }))
        {
            if (c.PlatformId is { } platform)
            {
                await _world.NoticeToAsync(platform, c.CaseId);
            }
        }

        _findings = await _world.Store.Findings.ListAsync(new FindingQuery { Limit = 10_000 });
        foreach (var platform in _findings.Select(f => f.PlatformId).OfType<string>().Distinct())
        {
            var token = (await _world.Store.Keys.CreateApiKeyAsync("portal of " + platform, ApiRoles.Platform, platform, "test")).Token;
            using var api = _world.Client(null);
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", token);
            using var pages = _world.PageClient();
            await Pages.SignInAsync(pages, token);
            _lists[platform] = await api.GetStringAsync("/api/v1/platform/notices");
            foreach (var item in JsonNode.Parse(_lists[platform])!["items"]!.AsArray())
            {
                var noticeId = item!["noticeId"]!.GetValue<string>();
                _seen[noticeId] = (platform, await api.GetStringAsync($"/api/v1/platform/notices/{noticeId}"), await pages.GetStringAsync($"/portal/notices/{noticeId}"));
            }
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    [Test]
    public void Every_finding_with_a_case_is_in_a_notice_its_platform_reads()
    {
        var notified = _seen.Values
            .SelectMany(s => JsonNode.Parse(s.Api)!["findings"]!.AsArray().Select(f => (s.Platform, FindingId: f!["findingId"]!.GetValue<string>())))
            .ToHashSet();
        var expected = _findings.Where(f => f.PlatformId is not null && f.CaseId is not null && f.IsActive).Select(f => (f.PlatformId!, f.FindingId)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(expected, Has.Count.GreaterThan(20), "the samples give findings of many rule types");
            Assert.That(expected.Where(e => !notified.Contains(e)), Is.Empty, "findings no notice shows their platform");
        });
    }

    [Test]
    public void No_notice_names_another_platform_through_the_api()
    {
        var leaks = _seen.SelectMany(s => OthersNamed(s.Value.Platform, s.Value.Api).Select(id => $"{s.Key} ({s.Value.Platform}) names {id}"))
            .Concat(_lists.SelectMany(l => OthersNamed(l.Key, l.Value).Select(id => $"the notice list of {l.Key} names {id}")))
            .ToList();
        Assert.That(leaks, Is.Empty);
    }

    [Test]
    public void No_notice_page_names_another_platform()
    {
        var leaks = _seen.SelectMany(s => OthersNamed(s.Value.Platform, s.Value.Page).Select(id => $"/portal/notices/{s.Key} ({s.Value.Platform}) names {id}")).ToList();
        Assert.That(leaks, Is.Empty);
    }

    [Test]
    public void A_notice_shows_only_the_platforms_own_evidence_events()
    {
        var foreign = _seen.SelectMany(s => OthersEvents(s.Value.Platform, s.Value.Api + s.Value.Page).Select(id => $"{s.Key} ({s.Value.Platform}) shows event {id}")).ToList();
        var evidence = _seen.Values.SelectMany(s => JsonNode.Parse(s.Api)!["findings"]!.AsArray()
            .SelectMany(f => f!["evidenceEventIds"]!.AsArray().Select(id => (s.Platform, EventId: id!.GetValue<string>())))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(foreign, Is.Empty);
            Assert.That(evidence, Is.Not.Empty, "the platform is told which of its events a finding rests on");
            Assert.That(evidence.Where(e => !_eventsOf[e.Platform].Contains(e.EventId)), Is.Empty);
        });
    }

    [Test]
    public void A_joint_dominance_notice_still_shows_the_platforms_share_the_joint_share_and_how_many_others()
    {
        // rideon, 2025: 0.62 of orders, with cabby (0.15) and zipgo (0.09) 0.86 — the three largest together.
        var (noticeId, seen) = _seen.Single(s => s.Value.Platform == "rideon" && FindingsOf(s.Value.Api).Any(f => IsJoint3Of2025(f)));
        var finding = FindingsOf(seen.Api).Single(IsJoint3Of2025);
        var orders = finding["measured"]!["orders"]!;
        Assert.Multiple(() =>
        {
            Assert.That(orders["share"]!.GetValue<decimal>(), Is.EqualTo(0.62m));
            Assert.That(orders["jointShare"]!.GetValue<decimal>(), Is.EqualTo(0.86m));
            Assert.That(orders["otherUndertakings"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(orders["with"], Is.Null, "the partners are the regulator's to know");
            Assert.That(finding["threshold"]!["jointShare"]!.GetValue<string>(), Is.EqualTo("3/4"));
            Assert.That(seen.Page, Does.Contain("Joint share</th><td>86 %</td>").And.Contain("Other undertakings counted</th><td>2</td>"), $"the portal page of {noticeId}");
        });

        static bool IsJoint3Of2025(JsonNode f) => f["ruleId"]!.GetValue<string>() == "CN-AML24-JOINT3" && f["periodStart"]!.GetValue<string>() == "2025-01-01";
    }

    [Test]
    public void Every_sample_finding_projected_for_its_platform_names_no_other_platform_or_its_events()
    {
        var profiles = _world.Services.GetRequiredService<ActiveProfiles>();
        var leaks = new List<string>();
        foreach (var f in _findings.Where(f => f.PlatformId is not null))
        {
            var seen = PlatformView.Of(f, profiles.Current.FindRule(f.RuleId)?.Type, f.PlatformId!, _eventsOf[f.PlatformId!]);
            var json = System.Text.Json.JsonSerializer.Serialize(seen);
            leaks.AddRange(OthersNamed(f.PlatformId!, json).Concat(OthersEvents(f.PlatformId!, json)).Select(id => $"{f.RuleId} of {f.PlatformId}: {id}"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(_findings.Where(f => f.PlatformId is not null && f.CaseId is null), Is.Not.Empty, "monitoring signals about a platform are among them");
            Assert.That(leaks, Is.Empty);
        });
    }

    [Test]
    public void The_market_aggregates_survive_the_projection()
    {
        // HHI findings are about a market, not a platform; projected as if for one, HHI and CR-n stay.
        var profiles = _world.Services.GetRequiredService<ActiveProfiles>();
        var hhi = _findings.First(f => f.RuleId == "GEN-HHI-DELTA");
        var seen = PlatformView.Of(hhi with { PlatformId = "rideon" }, profiles.Current.FindRule(hhi.RuleId)?.Type, "rideon", new HashSet<string>())!;
        var stored = JsonNode.Parse(hhi.Measured)!["orders"]!;
        Assert.Multiple(() =>
        {
            Assert.That(PlatformView.Of(hhi, profiles.Current.FindRule(hhi.RuleId)?.Type, "rideon", new HashSet<string>()), Is.Null, "a market's finding is no platform's");
            foreach (var name in new[] { "hhi", "cr3", "cr4", "platforms", "previousHhi", "delta" })
            {
                Assert.That(seen.Measured["orders"]![name]!.ToJsonString(), Is.EqualTo(stored[name]!.ToJsonString()), name);
            }
        });
    }

    [Test]
    public void A_rule_type_without_a_view_shows_its_platform_nothing_measured()
    {
        var joint = _findings.First(f => f.RuleId == "CN-AML24-JOINT3" && f.PlatformId == "rideon");
        var seen = PlatformView.Of(joint, "a-type-added-later", "rideon", _eventsOf["rideon"])!;
        Assert.Multiple(() =>
        {
            Assert.That(seen.Measured, Is.Empty);
            Assert.That(seen.Threshold, Is.Empty);
            Assert.That(seen.RuleId, Is.EqualTo("CN-AML24-JOINT3"), "the rest of the finding is still there");
        });
    }

    [Test]
    public void Every_rule_type_has_a_platform_view()
    {
        // A type without one shows platforms nothing measured: add it to PlatformView deliberately.
        Assert.That(RuleTypeCatalog.All.Select(t => t.Name).Where(name => !PlatformView.RuleTypes.Contains(name)), Is.Empty);
    }

    private static IEnumerable<JsonNode> FindingsOf(string api) => JsonNode.Parse(api)!["findings"]!.AsArray().Select(f => f!);

    private IEnumerable<string> OthersNamed(string platform, string text) =>
        _eventsOf.Keys.Where(other => other != platform && Names(text, other));

    private IEnumerable<string> OthersEvents(string platform, string text) =>
        _eventsOf.Where(p => p.Key != platform).SelectMany(p => p.Value).Where(id => !_eventsOf[platform].Contains(id) && Names(text, id));

    // The id as a word of its own: "shopco" is not in "shopco-cloud", "ms-001" not in "ms-0012".
    private static bool Names(string text, string id) => Regex.IsMatch(text, $"(?<![A-Za-z0-9_.-]){Regex.Escape(id)}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant);
}
