using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// Issue 20's "a worker killed mid-send: no loss, duplicates carry the same id", with real worker
/// processes: a PostgreSQL case database where eight regulators' webhooks (on a loopback receiver, the
/// workers allowing it by <c>Notifications:AllowPrivateEndpoints</c>) want every case opened and finding
/// raised, and cases whose announcements fan out into about a hundred deliveries. The receiver answers
/// at once but holds the 20th request; when it has arrived the first worker is SIGKILLed (the held
/// delivery and the rest of its batch claimed, not recorded), and a second worker takes over: it sends
/// what nobody claimed at once and what the dead one held when the hold ends.
/// </summary>
[TestFixture]
[Category("RabbitMq")]
internal sealed class Killing_a_worker_in_the_middle_of_sending_notifications
{
    private const int Subscribers = 8;
    private const int Cases = 6;
    private const int HeldRequest = 20;

    private BusRun _run = null!;
    private WebhookReceiver _receiver = null!;
    private List<(string Id, string Status)> _stored = [];
    private IReadOnlyList<WebhookReceiver.Received> _received = [];
    private int _expected;
    private bool _heldWhenKilled;
    private TimeSpan _took;

    [OneTimeSetUp]
    public async Task KillTheFirstWorkerWhileItSends()
    {
        var watch = Stopwatch.StartNew();
        _run = await BusRun.CreateAsync();
        var store = CaseStore.Create(_run.Database);
        var answered = 0;
        _receiver = new WebhookReceiver
        {
            Answer = n =>
            {
                Interlocked.Increment(ref answered);
                return n == HeldRequest ? (200, TimeSpan.FromSeconds(60)) : (200, TimeSpan.Zero);
            },
        };
        var notifications = new NotificationService(store, new NotificationOptions { AllowPrivateEndpoints = true });
        for (var i = 1; i <= Subscribers; i++)
        {
            var regulator = new Actor($"key:regulator-{i}", ApiRoles.RegulatorAnalyst, AuthorityId: "root");
            var made = await notifications.CreateAsync(regulator, new SubscriptionDraft("webhook", $"{_receiver.Url}/{i}", [NotificationKinds.CaseOpened, NotificationKinds.FindingRaised]), "en", CancellationToken.None);
            Assert.That(made.IsOk, Is.True, made.Reason);
        }

        for (var c = 1; c <= Cases; c++)
        {
            var subject = $"test:killed-mid-send-{c}";
            await store.InTransactionAsync(s => s.Findings.ReplaceSubjectFindingsAsync(subject, [Finding($"T-KILL-{c}", $"p{c}", subject)]));
        }

        _expected = Subscribers * await ScalarAsync("SELECT count(*) FROM outbox WHERE message_type IN ('CaseOpened', 'FindingRaised')");
        var first = Start("worker-1");
        var killAt = Stopwatch.StartNew();
        while (_receiver.Requests.Count < HeldRequest && killAt.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(10);
        }

        // The held request arrived and has not been answered: the worker waits on it, mid-send.
        _heldWhenKilled = _receiver.Requests.Count >= HeldRequest && Volatile.Read(ref answered) >= HeldRequest;
        await first.KillAsync();
        Start("worker-2");
        await Broker.WaitUntilAsync(async () => await ScalarAsync("SELECT count(*) FROM notification_deliveries WHERE status = 'sent'") == _expected,
            TimeSpan.FromSeconds(90), $"the {_expected} deliveries are sent");
        _stored = await DeliveriesAsync();
        _received = _receiver.Requests;
        _took = watch.Elapsed;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _run.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private WorkerProcess Start(string name) => _run.Adopt(WorkerProcess.StartWith(name, new Dictionary<string, string>
    {
        ["Notifications__AllowPrivateEndpoints"] = "true",
        ["Notifications__PollInterval"] = "00:00:01",
        ["Notifications__SendTimeout"] = "00:00:03",
        ["Notifications__FirstRetryAfter"] = "00:00:02",
    }, "--rabbitmq", _run.Broker.Uri.ToString(), "--provider", "postgres", "--db", _run.Database.Connection));

    // One platform each: a platform's findings of one family and market would join one case.
    private static FindingDraft Finding(string rule, string platform, string subject) => new()
    {
        RuleId = rule, RuleVersion = 1, ProfileId = "test", ProfileHash = "sha256:00", Family = "T-FAM", PlatformId = platform, MarketId = "cn-kill-test",
        Period = new DateRange(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), Established = new DateRange(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)),
        Severity = Severity.Critical, Law = new LegalCitation { Citation = "Test Art. 1", Instrument = "Test", Article = "Art. 1", LawVersion = "Test" },
        MeasuredJson = "{}", ThresholdJson = "{}", Evidence = ["e1"], Subject = subject,
    };

    private async Task<int> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_run.Database.Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<List<(string Id, string Status)>> DeliveriesAsync()
    {
        await using var connection = new NpgsqlConnection(_run.Database.Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT delivery_id, status FROM notification_deliveries", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    private static string IdOf(WebhookReceiver.Received request) => request.Headers["PlatformWatch-Id"];

    [Test]
    public void Should_kill_the_first_worker_while_the_receiver_holds_a_delivery()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_heldWhenKilled, Is.True, $"the {HeldRequest}th request had arrived when the worker was killed");
            Assert.That(_expected, Is.EqualTo(Subscribers * Cases * 2), "each case's opening and finding, to each subscriber");
            Assert.That(_expected, Is.GreaterThan(new NotificationOptions().BatchSize), "more than one batch to send");
        });
    }

    [Test]
    public void Should_record_every_delivery_sent_and_park_none()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_stored, Has.Count.EqualTo(_expected), "one delivery per subscription and message");
            Assert.That(_stored.Where(d => d.Status != DeliveryRecord.Sent).Select(d => $"{d.Id}: {d.Status}"), Is.Empty);
        });
    }

    [Test]
    public void Should_deliver_every_delivery_at_least_once()
    {
        Assert.That(_stored.Select(d => d.Id).Except(_received.Select(IdOf)), Is.Empty, "no delivery lost");
    }

    [Test]
    public void Should_send_the_held_delivery_again_with_its_id_and_body()
    {
        var held = _received[HeldRequest - 1];
        var again = _received.Skip(HeldRequest).Where(r => IdOf(r) == IdOf(held)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(again, Is.Not.Empty, "the delivery the dead worker held is sent again");
            Assert.That(again.Select(r => r.Text).Distinct(), Is.EqualTo(new[] { held.Text }), "the body frozen at fan-out");
        });
    }

    [Test]
    public void Should_give_every_duplicate_the_same_id_in_its_header_and_body()
    {
        var duplicates = _received.GroupBy(IdOf).Where(g => g.Count() > 1).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(duplicates, Is.Not.Empty);
            foreach (var duplicate in duplicates)
            {
                Assert.That(duplicate.Select(r => JsonNode.Parse(r.Text)!["id"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { duplicate.Key }), "header and body name one delivery");
                Assert.That(duplicate.Select(r => r.Text).Distinct().Count(), Is.EqualTo(1), $"{duplicate.Key}: one body however often sent");
            }
        });
    }

    [Test]
    public void Should_take_under_a_minute_and_a_half()
    {
        Assert.That(_took, Is.LessThan(TimeSpan.FromSeconds(90)), "the hold (2 × SendTimeout + 30 s) is most of it");
    }
}
