using System.Text;
using System.Text.Json;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Tests;

public class EventParserTests
{
    private const string GoodShare = """{"type":"MarketShareReported","eventId":"e1","occurredAt":"2026-01-10T00:00:00Z","source":"s","marketId":"m","jurisdiction":"CN","periodStart":"2025-01-01","periodEnd":"2025-12-31","platformId":"p","metric":"gmv","share":0.51}""";

    private static ParsedEvent Parse(string json) => EventParser.Parse(Encoding.UTF8.GetBytes(json));

    private static string Reasons(string json) => ContractError.Join(Parse(json).Errors);

    private static string With(string property, string value) =>
        GoodShare.Replace($"\"{property}\":", $"\"{property}_old\":", StringComparison.Ordinal).TrimEnd('}') + $",\"{property}\":{value}}}";

    [Test]
    public void A_good_share_is_read_exactly()
    {
        var parsed = Parse(GoodShare);
        var share = (MarketShareReported)parsed.Event!;
        Assert.Multiple(() =>
        {
            Assert.That(parsed.IsValid, Is.True, ContractError.Join(parsed.Errors));
            Assert.That(share.Share, Is.EqualTo(0.51m));
            Assert.That(share.Metric, Is.EqualTo(ShareMetric.Gmv));
            Assert.That(share.PeriodEnd, Is.EqualTo(new DateOnly(2025, 12, 31)));
        });
    }

    [TestCase("share", "1.3", "share: must be between 0 and 1, was 1.3")]
    [TestCase("share", "-0.1", "share: must be between 0 and 1, was -0.1")]
    [TestCase("share", "\"0.5\"", "share: expected a number")]
    [TestCase("metric", "\"gmvv\"", "metric: unknown value 'gmvv'; expected one of: revenue, gmv, orders, monthly-active-users, transactions")]
    [TestCase("metric", "2", "metric: expected one of: revenue, gmv")]
    [TestCase("periodStart", "\"2025-13-01\"", "periodStart: expected a date YYYY-MM-DD")]
    [TestCase("periodEnd", "\"2024-12-31\"", "periodEnd: must not be before periodStart (2024-12-31 < 2025-01-01)")]
    [TestCase("occurredAt", "\"2026-01-10T00:00:00\"", "occurredAt: expected an ISO 8601 timestamp with offset")]
    [TestCase("jurisdiction", "\"cn\"", "jurisdiction: must be an upper-case code such as CN or EU")]
    [TestCase("eventId", "\"\"", "eventId: required")]
    [TestCase("platformId", "\"  \"", "platformId: required, must not be empty")]
    [TestCase("value", "{\"amount\":5,\"currency\":\"yuan\"}", "value.currency: must be an ISO 4217 code")]
    [TestCase("value", "\"lots\"", "value: expected a number or")]
    public void A_bad_field_is_refused_with_its_name_and_reason(string property, string value, string expected)
    {
        var parsed = Parse(With(property, value));
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Event, Is.Null);
            Assert.That(ContractError.Join(parsed.Errors), Does.StartWith(expected));
        });
    }

    [Test]
    public void Every_missing_required_field_is_named()
    {
        var reasons = Reasons("""{"type":"MarketShareReported","eventId":"e1","source":"s"}""");
        Assert.That(reasons, Is.EqualTo("occurredAt: required; marketId: required; jurisdiction: required; periodStart: required; periodEnd: required; platformId: required; metric: required; share: required"));
    }

    [Test]
    public void Missing_fields_inside_lists_are_named_with_their_index()
    {
        var reasons = Reasons("""{"type":"RankingObserved","eventId":"r1","occurredAt":"2026-01-10T00:00:00Z","source":"s","platformId":"p","marketId":"m","jurisdiction":"EU","queryId":"q","results":[{"itemId":"a","position":1,"firstParty":true,"relevance":0.5},{"itemId":"b","position":2,"firstParty":false}]}""");
        Assert.That(reasons, Is.EqualTo("results[1].relevance: required"));
    }

    [Test]
    public void Wrong_types_deep_inside_are_named_with_their_path()
    {
        var reasons = Reasons("""{"type":"RankingObserved","eventId":"r1","occurredAt":"2026-01-10T00:00:00Z","source":"s","platformId":"p","marketId":"m","jurisdiction":"EU","queryId":"q","results":[{"itemId":"a","position":1,"firstParty":true,"relevance":"high"}]}""");
        Assert.That(reasons, Is.EqualTo("results[0].relevance: expected a number"));
    }

    [Test]
    public void Unknown_properties_are_ignored()
    {
        Assert.That(Parse(With("comment", "\"free text\"")).IsValid, Is.True);
    }

    [Test]
    public void Conduct_attributes_the_rules_read_must_have_the_right_kind()
    {
        var reasons = Reasons("""{"type":"ConductObserved","eventId":"c1","occurredAt":"2026-01-10T00:00:00Z","source":"s","platformId":"p","jurisdiction":"CN","conduct":"tying","attributes":{"defaultSelected":"yes","tiedKind":"other","nested":{"a":1}}}""");
        Assert.Multiple(() =>
        {
            Assert.That(reasons, Does.Contain("attributes.defaultSelected: expected true or false"));
            Assert.That(reasons, Does.Contain("attributes.nested: must be a string, a number or true/false"));
        });
    }

    [TestCase("{\"type\":\"MarketShareReported\",", "not valid JSON")]
    [TestCase("[1,2]", "expected a JSON object")]
    [TestCase("{\"eventId\":\"x\"}", "type: required")]
    [TestCase("{\"type\":\"MarketShareReportd\"}", "type: unknown event type 'MarketShareReportd'")]
    public void Input_that_is_not_an_event_is_refused(string json, string expected) =>
        Assert.That(Reasons(json), Does.StartWith(expected));

    [Test]
    public void Every_contract_round_trips_through_its_JSON()
    {
        var acquisition = new AcquisitionAnnounced
        {
            EventId = "a1", OccurredAt = DateTimeOffset.Parse("2025-09-01T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture), Source = "press",
            AcquirerId = "shopco", TargetId = "fastship", SignedAt = new DateOnly(2025, 9, 1), ControlAcquired = true, IntraGroup = false,
            Parties = [new AcquisitionParty { PartyId = "shopco", TurnoverCn = new Money { Amount = 500000000000m, Currency = "CNY" } }],
            AcquirerShare = 0.58m,
        };
        var json = JsonSerializer.Serialize(acquisition, ContractJson.Options);
        var back = (AcquisitionAnnounced)Parse(json.Insert(1, "\"type\":\"AcquisitionAnnounced\",")).Event!;
        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"acquirerShare\":0.58").And.Contain("\"occurredAt\":\"2025-09-01T00:00:00+08:00\""));
            Assert.That(back.Parties[0].TurnoverCn!.Amount, Is.EqualTo(500000000000m));
            Assert.That(back.OccurredAt, Is.EqualTo(acquisition.OccurredAt));
            Assert.That(back.AcquirerShare, Is.EqualTo(0.58m));
        });
    }

    [Test]
    public void A_plain_number_value_and_a_money_value_are_both_figures()
    {
        var count = (MarketShareReported)Parse(With("value", "1200")).Event!;
        var money = (MarketShareReported)Parse(With("value", "{\"amount\":455710000000,\"currency\":\"CNY\"}")).Event!;
        Assert.Multiple(() =>
        {
            Assert.That(count.Value, Is.EqualTo(new Figure { Amount = 1200m }));
            Assert.That(money.Value, Is.EqualTo(new Figure { Amount = 455710000000m, Currency = "CNY" }));
            Assert.That(JsonSerializer.Serialize(count, ContractJson.Options), Does.Contain("\"value\":1200"));
        });
    }
}
