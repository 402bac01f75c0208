using System.Text.Json;
using PlatformWatch.Contracts;
using PlatformWatch.Store;

namespace PlatformWatch.Tests;

/// <summary>
/// The source registry document (CONTRACTS.md "Sources and submitters"): every error names its
/// field, duplicate and unknown keys are refused by name, and each refusal of an event says why.
/// </summary>
[TestFixture]
internal sealed class A_source_registry
{
    private const string Valid = """
        {"sources": [
          {"id": "nbs", "name": "Statistics", "kind": "statistics-office", "jurisdictions": ["CN"], "submitters": ["amqp:nbs"]},
          {"id": "foodgo-self", "name": "Foodgo", "kind": "platform", "platformId": "foodgo", "jurisdictions": ["CN"], "submitters": ["api-key:kf"]},
          {"id": "everywhere", "name": "Research", "kind": "third-party", "jurisdictions": ["*"], "submitters": []}
        ]}
        """;

    private static SourceRegistry Registry() => SourceRegistry.FromSpec(SourceSpec.Parse(Valid)).Registry!;

    private static MarketShareReported Share(string source, string platform = "foodgo", string jurisdiction = "CN") => new()
    {
        EventId = "e1", OccurredAt = Events.At("2025-01-01T00:00:00Z"), Source = source, MarketId = "cn-m", Jurisdiction = jurisdiction,
        PeriodStart = Events.Day("2024-01-01"), PeriodEnd = Events.Day("2024-12-31"), PlatformId = platform, Metric = ShareMetric.Gmv, Share = 0.5m,
    };

    [Test]
    public void Names_every_error_of_a_bad_document_by_field()
    {
        var (registry, errors) = SourceRegistry.FromSpec(SourceSpec.Parse("""
            {"sources": [
              {"id": "a", "name": "A", "kind": "statistics-office", "jurisdictions": ["CN"], "submitters": []},
              {"id": "a", "name": "", "kind": "platform", "jurisdictions": ["cn"], "submitters": ["me"]},
              {"id": "b", "name": "B", "kind": "regulator", "platformId": "x", "jurisdictions": [], "submitters": null},
              null
            ]}
            """));
        Assert.Multiple(() =>
        {
            Assert.That(registry, Is.Null);
            Assert.That(errors.Select(e => e.Split(':')[0]), Is.EqualTo(new[]
            {
                "sources[1].id", "sources[1].name", "sources[1].platformId", "sources[1].jurisdictions[0]", "sources[1].submitters[0]",
                "sources[2].platformId", "sources[2].jurisdictions", "sources[2].submitters", "sources[3]",
            }));
        });
    }

    [TestCase("""{"sources": [], "sources": []}""", "sources")]
    [TestCase("""{"sources": [{"id": "a", "id": "b"}]}""", "id")]
    [TestCase("""{"sources": [], "trustEveryone": true}""", "trustEveryone")]
    public void Refuses_duplicate_and_unknown_keys_by_name(string json, string key)
    {
        var error = Assert.Throws<JsonException>(() => SourceSpec.Parse(json));
        Assert.That(error!.Message, Does.Contain(key));
    }

    [Test]
    public void Accepts_everything_as_unclassified_until_one_is_set() => Assert.Multiple(() =>
    {
        Assert.That(SourceRegistry.None.Refusal(Share("anything"), new Submission("amqp:anyone")), Is.Null);
        Assert.That(SourceRegistry.None.KindOf("anything"), Is.EqualTo(SourceKind.Unclassified));
    });

    [Test]
    public void Says_why_an_event_is_refused() => Assert.Multiple(() =>
    {
        var registry = Registry();
        Assert.That(registry.Refusal(Share("nbs"), new Submission("amqp:nbs")), Is.Null);
        Assert.That(registry.Refusal(Share("blog"), new Submission("amqp:nbs")), Is.EqualTo("'blog' is not a registered source"));
        Assert.That(registry.Refusal(Share("nbs"), new Submission("amqp:guest")), Is.EqualTo("'amqp:guest' may not submit events of source 'nbs'"));
        Assert.That(registry.Refusal(Share("nbs"), Submission.Cli("ops")), Is.Null, "the operator may submit for any registered source");
        Assert.That(registry.Refusal(Share("nbs", jurisdiction: "EU"), new Submission("amqp:nbs")), Is.EqualTo("source 'nbs' may not speak for jurisdiction EU (only CN)"));
        Assert.That(registry.Refusal(Share("foodgo-self", platform: "dineup"), new Submission("api-key:kf")), Is.EqualTo("source 'foodgo-self' speaks for platform 'foodgo' only, not for 'dineup'"));
        Assert.That(registry.Refusal(Share("everywhere"), new Submission("api-key:kx")), Does.StartWith("'api-key:kx' may not submit"), "an empty list: only the operator");
        Assert.That(registry.KindOf("foodgo-self"), Is.EqualTo(SourceKind.Platform));
    });

    [Test]
    public void Counts_what_a_new_document_adds_removes_and_changes()
    {
        var next = SourceRegistry.FromSpec(SourceSpec.Parse(Valid.Replace("\"Statistics\"", "\"National statistics\"", StringComparison.Ordinal).Replace("\"everywhere\"", "\"elsewhere\"", StringComparison.Ordinal))).Registry!;
        Assert.That(Registry().Diff(next), Is.EqualTo((1, 1, 1)));
    }
}
