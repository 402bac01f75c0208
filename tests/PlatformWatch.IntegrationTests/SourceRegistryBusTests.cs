using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// Sources and submitters on RabbitMQ, with a registry set: an event is submitted by the AMQP user
/// the broker validated (<c>user_id</c>). A user the source allows gets its event processed and
/// kept with <c>amqp:USER</c>; a user it does not allow, or a message without <c>user_id</c>, is
/// parked in the error queue with the reason naming <c>source</c>; <c>platformwatch replay</c>,
/// whose broker user the workers trust to name its submitter, submits as the operator.
/// </summary>
[TestFixture]
[Category("RabbitMq")]
internal sealed class Sources_and_submitters_on_RabbitMQ
{
    private const string Exchange = "PlatformWatch.Contracts:MarketShareReported";
    private const string FeedUser = "nbs-feed";
    private const string FeedPassword = "nbs-feed-password";
    private BusRun _run = null!;
    private List<(string Body, Dictionary<string, string> Headers)> _errors = [];
    private IReadOnlyDictionary<string, EventOrigin> _origins = new Dictionary<string, EventOrigin>();
    private BusRun.Replay _replay = null!;

    private static string Envelope(string message) =>
        $$"""{"messageId":"{{Guid.NewGuid()}}","messageType":["urn:message:PlatformWatch.Contracts:MarketShareReported"],"message":{{message}}}""";

    private static string Share(string eventId, string share) =>
        $$"""{"eventId":"{{eventId}}","occurredAt":"2025-02-01T00:00:00Z","source":"nbs","marketId":"cn-submitter-market","jurisdiction":"CN","periodStart":"2024-01-01","periodEnd":"2024-12-31","platformId":"subgo","metric":"orders","share":{{share}}}""";

    [OneTimeSetUp]
    public async Task PublishAsSeveralUsers()
    {
        _run = await BusRun.CreateAsync();
        await Broker.ControlAsync("add_user", FeedUser, FeedPassword);
        await Broker.ControlAsync("set_permissions", "-p", _run.Broker.VirtualHost, FeedUser, ".*", ".*", ".*");
        var store = CaseStore.Create(_run.Database);
        var (registry, errors) = SourceRegistry.FromSpec(SourceSpec.Parse($$"""
            {"sources": [
              {"id": "nbs", "name": "National Bureau of Statistics", "kind": "statistics-office", "jurisdictions": ["CN"], "submitters": ["amqp:{{FeedUser}}"]},
              {"id": "sample-stats-bureau", "name": "The samples' statistics bureau", "kind": "statistics-office", "jurisdictions": ["*"], "submitters": []}
            ]}
            """));
        Assert.That(errors, Is.Empty);
        await store.Sources.SetAsync(registry!, "test");

        _run.Adopt(WorkerProcess.StartWith("worker", new Dictionary<string, string> { ["Bus__TrustedPublishers__0"] = "guest" },
            "--rabbitmq", _run.Broker.Uri.ToString(), "--provider", "postgres", "--db", _run.Database.Connection));
        await _run.WaitForConsumersAsync(1);

        await _run.Broker.PublishRawAsAsync(Exchange, Envelope(Share("by-the-feed", "0.55")), FeedUser, FeedPassword, FeedUser);
        await _run.Broker.PublishRawAsAsync(Exchange, Envelope(Share("by-guest", "0.01")), "guest", "guest", "guest");
        await _run.Broker.PublishRawAsAsync(Exchange, Envelope(Share("by-nobody", "0.02")), FeedUser, FeedPassword, null);
        _replay = await _run.ReplayAsync(Scenario.Path("market-structure.jsonl"), "operator");

        await _run.WaitForProcessedAsync([.. _replay.Confirmed, "by-the-feed"], TimeSpan.FromSeconds(60));
        await Broker.WaitUntilAsync(async () => (await _run.Broker.QueueAsync(BusRun.Queue + "_error")).Messages >= 2, TimeSpan.FromSeconds(60), "two messages are parked");
        _errors = await _run.Broker.DrainAsync(BusRun.Queue + "_error");
        _origins = await store.Sources.GetEventOriginsAsync(["by-the-feed", "by-guest", "by-nobody", "ms-001"]);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _run.DisposeAsync();
        await Broker.ControlAsync("delete_user", FeedUser);
    }

    private string Reason(string eventId) =>
        _errors.Where(e => e.Body.Contains(eventId, StringComparison.Ordinal)).Select(e => e.Headers.GetValueOrDefault("MT-Fault-Message", "")).SingleOrDefault() ?? "(not parked)";

    [Test]
    public void Should_process_the_allowed_users_event_and_keep_its_submitter() => Assert.Multiple(() =>
    {
        Assert.That(_origins.ContainsKey("by-the-feed"), Is.True);
        Assert.That(_origins.GetValueOrDefault("by-the-feed")?.Submitter, Is.EqualTo("amqp:" + FeedUser));
    });

    [Test]
    public void Should_park_an_event_whose_amqp_user_the_source_does_not_allow_with_the_reason() => Assert.Multiple(() =>
    {
        Assert.That(Reason("by-guest"), Does.Contain("source: 'amqp:guest' may not submit events of source 'nbs'"));
        Assert.That(_origins.ContainsKey("by-guest"), Is.False);
    });

    [Test]
    public void Should_park_an_event_without_user_id() => Assert.Multiple(() =>
    {
        Assert.That(Reason("by-nobody"), Does.Contain("source: the submitter is not known"));
        Assert.That(_origins.ContainsKey("by-nobody"), Is.False);
    });

    [Test]
    public void Should_take_replay_as_the_operator_when_its_broker_user_is_trusted() => Assert.Multiple(() =>
    {
        Assert.That(_replay.Confirmed, Has.Count.EqualTo(9));
        Assert.That(_origins.GetValueOrDefault("ms-001")?.Submitter, Does.StartWith("cli:"));
    });

    [Test]
    public void Should_park_nothing_else() => Assert.That(_errors, Has.Count.EqualTo(2));
}
