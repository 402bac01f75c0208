using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PlatformWatch.Application;
using PlatformWatch.Hosting;
using PlatformWatch.Rules;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

// Notifications (issue 20) on every engine: the outbox fanned out into deliveries, sent as signed
// webhooks to a receiver on loopback (allowed by the operator's option), retried after a 500 and a
// timeout, parked after the retry period (a fake clock), sent again with the same id after a sender
// died; a platform never receives another platform's, and a loopback endpoint is refused unless allowed.
public abstract partial class StoreSuite
{
    private static readonly Actor PlatformA = new("key:platform-a", ApiRoles.Platform, PlatformId: "a");
    private static readonly Actor PlatformB = new("key:platform-b", ApiRoles.Platform, PlatformId: "b");
    private static readonly Actor Handler = new("key:handler", ApiRoles.RegulatorAnalyst, AuthorityId: "root");

    private static NotificationOptions Allowing(bool privateEndpoints = true) => new()
    {
        AllowPrivateEndpoints = privateEndpoints,
        SendTimeout = TimeSpan.FromSeconds(1),
        FirstRetryAfter = TimeSpan.FromSeconds(30),
    };

    private async Task<Subscription> SubscribeAsync(Actor actor, string target, params string[] kinds)
    {
        var made = await new NotificationService(Store, Allowing()).CreateAsync(actor, new SubscriptionDraft("webhook", target, kinds), "en", CancellationToken.None);
        Assert.That(made.IsOk, Is.True, made.Reason);
        return made.Value!;
    }

    private (NotificationDispatcher Dispatcher, FakeTimeProvider Clock) Dispatcher(NotificationOptions? options = null, Func<IDeliveryChannel, IDeliveryChannel>? wrap = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        options ??= Allowing();
        IDeliveryChannel channel = new WebhookChannel(options, clock);
        return (DispatcherOn(clock, options, wrap is null ? channel : wrap(channel)), clock);
    }

    // A process's dispatcher: a store of its own on the clock, sending through the channel.
    private NotificationDispatcher DispatcherOn(FakeTimeProvider clock, NotificationOptions options, IDeliveryChannel channel) =>
        new(CaseStore.Create(Options, clock), new ActiveProfiles(Shipped), options, [channel], clock, NullLogger<NotificationDispatcher>.Instance);

    // As a receiver checks a delivery: HMAC-SHA256 with the secret over "TIMESTAMP.BODY", any v1= of the header.
    private static bool Verifies(WebhookReceiver.Received request, string secret)
    {
        var timestamp = request.Headers["PlatformWatch-Timestamp"];
        byte[] signed = [.. Encoding.ASCII.GetBytes(timestamp + "."), .. request.Body];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return request.Headers["PlatformWatch-Signature"].Split(' ')
            .Any(v => v.StartsWith("v1=", StringComparison.Ordinal) && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(v[3..]), expected));
    }

    private async Task<DeliveryRecord> OnlyDeliveryAsync(Subscription subscription) =>
        (await new NotificationService(Store, Allowing()).DeliveriesAsync(PlatformA, subscription.Record.SubscriptionId, CancellationToken.None)).Value!.Single();

    [Test]
    public async Task A_notice_reaches_its_platforms_webhook_signed_and_never_another_platforms()
    {
        await using var receiver = new WebhookReceiver();
        var a = await SubscribeAsync(PlatformA, receiver.Url + "/a", "notice-issued", "decision-served");
        var b = await SubscribeAsync(PlatformB, receiver.Url + "/b", "notice-issued");
        var handler = await SubscribeAsync(Handler, receiver.Url + "/handler", "notice-issued", "answer-received");
        var notice = (await IssueAsync(await InvestigatedCaseAsync("a")))!;
        var (dispatcher, _) = Dispatcher();
        var round = await dispatcher.RunRoundAsync(CancellationToken.None);
        var toA = receiver.Requests.Single(r => Verifies(r, a.Secret!));
        var body = JsonNode.Parse(toA.Text)!;
        var toHandler = receiver.Requests.Where(r => Verifies(r, handler.Secret!)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(round.Sent, Is.EqualTo(2), "platform a and the handler; platform b nothing");
            Assert.That(receiver.Requests.Any(r => Verifies(r, b.Secret!)), Is.False, "platform b hears nothing of a's notice");
            Assert.That(toA.Headers["PlatformWatch-Id"], Is.EqualTo(body["id"]!.GetValue<string>()));
            Assert.That(body["type"]!.GetValue<string>(), Is.EqualTo("notice-issued"));
            Assert.That(body["version"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(body["data"]!["noticeId"]!.GetValue<string>(), Is.EqualTo(notice.NoticeId));
            Assert.That(body["data"]!["platformId"]!.GetValue<string>(), Is.EqualTo("a"));
            Assert.That(body["data"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "noticeId", "caseId", "platformId", "responseDueAt" }), "only what the platform may read");
            Assert.That(toHandler, Has.Count.EqualTo(1));
            Assert.That(Verifies(toA, "whsec_not-the-secret"), Is.False, "a forged signature does not verify");
        });
    }

    [Test]
    public async Task A_repeated_fan_out_adds_no_second_delivery()
    {
        var a = await SubscribeAsync(PlatformA, "https://203.0.113.7/hooks", "notice-issued");
        await IssueAsync(await InvestigatedCaseAsync("a"));
        var fanOut = new NotificationFanOut(Store, new ActiveProfiles(Shipped));
        var first = await fanOut.RunOnceAsync(50, CancellationToken.None);
        await using (var connection = await RawConnectionAsync())
        {
            // As if the first fan-out's commit had been lost after its deliveries were written.
            await connection.ExecuteAsync("UPDATE outbox SET fanned_out_at = NULL");
        }

        var again = await fanOut.RunOnceAsync(50, CancellationToken.None);
        var deliveries = (await new NotificationService(Store, Allowing()).DeliveriesAsync(PlatformA, a.Record.SubscriptionId, CancellationToken.None)).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.GreaterThan(0));
            Assert.That(again, Is.EqualTo(first), "the same messages fanned out again");
            Assert.That(deliveries, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_fan_out_at_work_holds_back_no_announcement_from_the_relay_and_a_second_fan_out_waits_its_turn()
    {
        if (Provider == StoreProvider.Sqlite)
        {
            Assert.Ignore("SQLite has one writer at a time: a relay waits for any transaction, the fan-out's too");
        }

        await SubscribeAsync(PlatformA, "https://203.0.113.7/hooks", "notice-issued");
        await IssueAsync(await InvestigatedCaseAsync("a"));
        var written = await Store.Outbox.ListAsync();
        IReadOnlyList<OutboxMessage> relayed;
        int secondFanOut;
        await using (var fanOut = await Store.BeginAsync())
        {
            // A fan-out in the middle of its round: its turn taken, the messages read, not yet committed.
            Assert.That(await fanOut.Notifications.TakeFanOutTurnAsync(), Is.True);
            Assert.That(await fanOut.Notifications.ClaimFanOutAsync(100), Has.Count.EqualTo(written.Count));
            relayed = await Store.Outbox.ClaimAsync(1000, "relay", TimeSpan.FromMinutes(1));
            secondFanOut = await new NotificationFanOut(Store, new ActiveProfiles(Shipped)).RunOnceAsync(100, CancellationToken.None);
            await fanOut.CommitAsync();
        }

        var afterTurn = await new NotificationFanOut(Store, new ActiveProfiles(Shipped)).RunOnceAsync(100, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(relayed.Select(m => m.Seq), Is.EquivalentTo(written.Select(m => m.Seq)), "the relay claims every announcement at once, none skipped for the fan-out");
            Assert.That(secondFanOut, Is.Zero, "another process's fan-out finds the turn taken and takes nothing");
            Assert.That(afterTurn, Is.EqualTo(written.Count), "once the turn is free, the next round takes them");
        });
    }

    [Test]
    public async Task A_sent_message_is_purged_only_once_it_is_fanned_out()
    {
        await IssueAsync(await InvestigatedCaseAsync("a"));
        var written = await Store.Outbox.ListAsync();
        await Store.Outbox.MarkSentAsync([.. written.Select(m => m.Seq)]);
        var beforeFanOut = await Store.Outbox.PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(1));
        await new NotificationFanOut(Store, new ActiveProfiles(Shipped)).RunOnceAsync(500, CancellationToken.None);
        var afterFanOut = await Store.Outbox.PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Multiple(() =>
        {
            Assert.That(beforeFanOut, Is.Zero, "sent to the bus, but not yet fanned out");
            Assert.That(afterFanOut, Is.EqualTo(written.Count));
        });
    }

    [Test]
    public async Task A_receiver_answering_500_gets_the_delivery_again_after_the_wait_with_the_same_id()
    {
        await using var receiver = new WebhookReceiver { Answer = n => (n == 1 ? 500 : 204, TimeSpan.Zero) };
        var counted = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PlatformWatchTelemetry.Name && instrument.Name.StartsWith("platformwatch.notifications.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            lock (counted)
            {
                counted.Add($"{instrument.Name}:{tags.ToArray().FirstOrDefault(t => t.Key == "channel").Value}");
            }
        });
        listener.Start();
        var a = await SubscribeAsync(PlatformA, receiver.Url, "notice-issued");
        await IssueAsync(await InvestigatedCaseAsync("a"));
        var (dispatcher, clock) = Dispatcher();
        var first = await dispatcher.RunRoundAsync(CancellationToken.None);
        var waiting = await OnlyDeliveryAsync(a);
        var tooSoon = await dispatcher.RunRoundAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(34));
        var second = await dispatcher.RunRoundAsync(CancellationToken.None);
        var sent = await OnlyDeliveryAsync(a);
        Assert.Multiple(() =>
        {
            Assert.That((first.Failed, tooSoon.Sent + tooSoon.Failed, second.Sent), Is.EqualTo((1, 0, 1)));
            Assert.That(waiting.LastStatus, Is.EqualTo(500));
            Assert.That(waiting.LastError, Does.Contain("500"));
            Assert.That(waiting.NextAttemptAt - waiting.FirstAttemptAt!.Value, Is.InRange(TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(34)));
            Assert.That((sent.Status, sent.Attempts, sent.LastStatus), Is.EqualTo((DeliveryRecord.Sent, 2, (int?)204)));
            Assert.That(receiver.Requests.Select(r => r.Headers["PlatformWatch-Id"]).Distinct(), Is.EqualTo(new[] { sent.DeliveryId }));
            Assert.That(receiver.Requests, Has.Count.EqualTo(2));
            Assert.That(counted, Is.EqualTo(new[] { "platformwatch.notifications.failures:webhook", "platformwatch.notifications.sent:webhook" }), "the metrics");
        });
    }

    [Test]
    public async Task A_receiver_that_does_not_answer_in_time_gets_the_delivery_again()
    {
        await using var receiver = new WebhookReceiver { Answer = n => (200, n == 1 ? TimeSpan.FromSeconds(4) : TimeSpan.Zero) };
        var a = await SubscribeAsync(PlatformA, receiver.Url, "notice-issued");
        await IssueAsync(await InvestigatedCaseAsync("a"));
        var (dispatcher, clock) = Dispatcher();
        var first = await dispatcher.RunRoundAsync(CancellationToken.None);
        var waiting = await OnlyDeliveryAsync(a);
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await dispatcher.RunRoundAsync(CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That((first.Failed, second.Sent), Is.EqualTo((1, 1)));
            Assert.That(waiting.LastError, Does.Contain("no answer within 1 s"));
            Assert.That((await OnlyDeliveryAsync(a)).Status, Is.EqualTo(DeliveryRecord.Sent));
        });
    }

    [Test]
    public async Task A_delivery_failing_for_24_hours_is_parked_with_the_reason_and_sent_again_by_hand()
    {
        var failing = true;
        await using var receiver = new WebhookReceiver { Answer = _ => (failing ? 503 : 200, TimeSpan.Zero) };
        var a = await SubscribeAsync(PlatformA, receiver.Url, "notice-issued");
        await IssueAsync(await InvestigatedCaseAsync("a"));
        var (dispatcher, clock) = Dispatcher();
        await dispatcher.RunRoundAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(23));
        var beforeTheEnd = await dispatcher.RunRoundAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(2));
        var afterTheEnd = await dispatcher.RunRoundAsync(CancellationToken.None);
        var parked = await OnlyDeliveryAsync(a);
        clock.Advance(TimeSpan.FromDays(2));
        var idle = await dispatcher.RunRoundAsync(CancellationToken.None);
        failing = false;
        var resent = await new NotificationService(Store, Allowing()).ResendAsync(PlatformA, a.Record.SubscriptionId, [parked.DeliveryId], CancellationToken.None);
        var byOther = await new NotificationService(Store, Allowing()).ResendAsync(PlatformB, a.Record.SubscriptionId, [parked.DeliveryId], CancellationToken.None);
        var (later, _) = Dispatcher();
        var afterResend = await later.RunRoundAsync(CancellationToken.None);
        var resentWhenSent = await new NotificationService(Store, Allowing()).ResendAsync(PlatformA, a.Record.SubscriptionId, [parked.DeliveryId], CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That((beforeTheEnd.Failed, afterTheEnd.Parked, idle.Busy), Is.EqualTo((1, 1, false)));
            Assert.That((parked.Status, parked.Attempts, parked.LastStatus), Is.EqualTo((DeliveryRecord.Parked, 3, (int?)503)));
            Assert.That(parked.LastError, Does.Contain("given up after 3 attempts").And.Contain("503"));
            Assert.That(resent.IsOk, Is.True, resent.Reason);
            Assert.That(byOther.Kind, Is.EqualTo(OutcomeKind.NotFound), "another platform cannot resend it");
            Assert.That((resentWhenSent.Kind, resentWhenSent.Reason), Is.EqualTo((OutcomeKind.Conflict, $"delivery {parked.DeliveryId} is not parked; only a parked delivery is sent again")), "a sent delivery is not sent again");
            Assert.That(afterResend.Sent, Is.EqualTo(1));
            Assert.That((await OnlyDeliveryAsync(a)).Status, Is.EqualTo(DeliveryRecord.Sent));
            Assert.That(receiver.Requests, Has.Count.EqualTo(4), $"{parked.LastError} / {resent.Reason} / {afterResend}");
        });
    }

    [Test]
    public async Task A_loopback_endpoint_is_refused_at_sending_unless_an_operator_allows_it()
    {
        await using var receiver = new WebhookReceiver();
        var a = await SubscribeAsync(PlatformA, receiver.Url, "notice-issued");
        var refusedAtSaving = await new NotificationService(Store, Allowing(privateEndpoints: false)).CreateAsync(PlatformA, new SubscriptionDraft("webhook", "https://127.0.0.1:8443/hooks", ["notice-issued"]), "en", CancellationToken.None);
        await IssueAsync(await InvestigatedCaseAsync("a"));
        var (dispatcher, _) = Dispatcher(Allowing(privateEndpoints: false));
        var round = await dispatcher.RunRoundAsync(CancellationToken.None);
        var delivery = await OnlyDeliveryAsync(a);
        Assert.Multiple(() =>
        {
            Assert.That((refusedAtSaving.Kind, refusedAtSaving.Field), Is.EqualTo((OutcomeKind.Invalid, "target")));
            Assert.That(round.Failed, Is.EqualTo(1));
            Assert.That(delivery.LastError, Does.Contain("endpoint refused"));
            Assert.That(receiver.Requests, Is.Empty, "nothing reached the loopback receiver");
        });
    }

    [Test]
    public async Task A_receiver_that_does_not_answer_holds_up_only_its_own_subscription()
    {
        await using var receiver = new WebhookReceiver();
        var a = await SubscribeAsync(PlatformA, receiver.Url + "/a", "notice-issued");
        var b = await SubscribeAsync(PlatformB, receiver.Url + "/b", "notice-issued");
        await IssueAsync(await InvestigatedCaseAsync("a"));
        await IssueAsync(await InvestigatedCaseAsync("b"));

        // Each send waits, its receiver not answering, until the other subscription's send has begun:
        // one after the other, the first gives up; at once, both go through.
        var waiting = new WaitingChannel.Rendezvous([a.Record.SubscriptionId, b.Record.SubscriptionId], TimeSpan.FromSeconds(10));
        var (dispatcher, _) = Dispatcher(wrap: channel => new WaitingChannel(channel, waiting));
        var round = await dispatcher.RunRoundAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(round.Failed, Is.Zero, "no send gave up waiting for the other subscription's");
            Assert.That(round.Sent, Is.EqualTo(2));
            Assert.That(receiver.Requests.Select(r => r.Headers["PlatformWatch-Id"]).Distinct().Count(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_sender_killed_after_the_receiver_took_the_delivery_sends_it_again_with_the_same_id()
    {
        await using var receiver = new WebhookReceiver();
        var a = await SubscribeAsync(PlatformA, receiver.Url, "notice-issued");
        await IssueAsync(await InvestigatedCaseAsync("a"));
        var (dying, clock) = Dispatcher(wrap: channel => new DyingChannel(channel));
        Assert.ThrowsAsync<InvalidOperationException>(() => dying.RunRoundAsync(CancellationToken.None));
        var (next, _) = Dispatcher();
        var whileHeld = await next.RunRoundAsync(CancellationToken.None);
        var afterTheHold = await NextAfterAsync(clock, dying.HoldFor + TimeSpan.FromSeconds(1));
        var delivery = await OnlyDeliveryAsync(a);
        Assert.Multiple(() =>
        {
            Assert.That(whileHeld.Sent, Is.EqualTo(0), "held by the sender that died");
            Assert.That(afterTheHold.Sent, Is.EqualTo(1));
            Assert.That(receiver.Requests, Has.Count.EqualTo(2), "at least once: the receiver got it twice");
            Assert.That(receiver.Requests.Select(r => r.Headers["PlatformWatch-Id"]), Is.EqualTo(new[] { delivery.DeliveryId, delivery.DeliveryId }));
            Assert.That(receiver.Requests.Select(r => JsonNode.Parse(r.Text)!["id"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { delivery.DeliveryId }));
            Assert.That(delivery.Status, Is.EqualTo(DeliveryRecord.Sent));
        });

        // Another process's sender, on the same clock as the one that died.
        async Task<DispatchRound> NextAfterAsync(FakeTimeProvider shared, TimeSpan wait)
        {
            shared.Advance(wait);
            var options = Allowing();
            return await DispatcherOn(shared, options, new WebhookChannel(options, shared)).RunRoundAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task A_notice_reaches_its_platforms_mailbox_in_its_language_in_plain_text_and_html()
    {
        await using var mail = new MailReceiver();
        var service = new NotificationService(Store, Allowing());
        var zh = (await service.CreateAsync(PlatformA, new SubscriptionDraft("email", "compliance@a.example", ["notice-issued"], Language: "zh-CN"), "en", CancellationToken.None)).Value!;
        var en = (await service.CreateAsync(PlatformA, new SubscriptionDraft("email", "legal@a.example", ["notice-issued"]), "en", CancellationToken.None)).Value!;
        await service.CreateAsync(PlatformB, new SubscriptionDraft("email", "compliance@b.example", ["notice-issued"]), "en", CancellationToken.None);
        var notice = (await IssueAsync(await InvestigatedCaseAsync("a")))!;
        var options = Allowing();
        options.Smtp = new SmtpOptions { Host = "127.0.0.1", Port = mail.Port, Security = SmtpSecurity.None, Sender = "notices@samr.example" };
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var round = await DispatcherOn(clock, options, new EmailChannel(options)).RunRoundAsync(CancellationToken.None);
        var chinese = mail.Messages.Single(m => m.To.Mailboxes.Single().Address == "compliance@a.example");
        var english = mail.Messages.Single(m => m.To.Mailboxes.Single().Address == "legal@a.example");
        var delivery = (await service.DeliveriesAsync(PlatformA, zh.Record.SubscriptionId, CancellationToken.None)).Value!.Single();
        Assert.Multiple(() =>
        {
            Assert.That(round.Sent, Is.EqualTo(2));
            Assert.That(mail.Messages, Has.Count.EqualTo(2), "nothing for platform b");
            Assert.That(chinese.Subject, Does.StartWith("通知书 " + notice.NoticeId + " 已发出"));
            Assert.That(chinese.TextBody, Does.Contain("答复期限："));
            Assert.That(chinese.HtmlBody, Does.Contain("<th style=\"text-align:left\">答复期限</th>"));
            Assert.That(english.Subject, Does.StartWith($"Notice {notice.NoticeId} issued: answer due "));
            Assert.That(english.TextBody, Does.Contain("Answer due: ").And.Contain(en.Record.SubscriptionId));
            Assert.That(chinese.MessageId, Is.EqualTo(delivery.DeliveryId + "@platformwatch"), "the delivery's id: a second send is the same message");
            Assert.That(chinese.From.Mailboxes.Single().Address, Is.EqualTo("notices@samr.example"));
            Assert.That(delivery.Status, Is.EqualTo(DeliveryRecord.Sent));
        });
    }

    [Test]
    public async Task An_email_is_retried_while_the_mail_server_is_away()
    {
        var service = new NotificationService(Store, Allowing());
        var a = (await service.CreateAsync(PlatformA, new SubscriptionDraft("email", "compliance@a.example", ["notice-issued"]), "en", CancellationToken.None)).Value!;
        await IssueAsync(await InvestigatedCaseAsync("a"));
        int port;
        await using (var gone = new MailReceiver())
        {
            port = gone.Port;
        }

        var options = Allowing();
        options.Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None };
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var round = await DispatcherOn(clock, options, new EmailChannel(options)).RunRoundAsync(CancellationToken.None);
        var delivery = await OnlyDeliveryAsync(a);
        Assert.Multiple(() =>
        {
            Assert.That(round.Failed, Is.EqualTo(1));
            Assert.That(delivery.Status, Is.EqualTo(DeliveryRecord.Pending));
            Assert.That(delivery.LastError, Does.Contain("the mail server could not be reached"));
        });
    }

    [Test]
    public async Task A_notices_deadline_is_reminded_of_at_each_lead_time_exactly_once()
    {
        var a = await SubscribeAsync(PlatformA, "https://203.0.113.7/hooks", "deadline-approaching");
        await SubscribeAsync(PlatformB, "https://203.0.113.8/hooks", "deadline-approaching");
        var notice = (await IssueAsync(await InvestigatedCaseAsync("a"), dueIn: TimeSpan.FromDays(14)))!;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var reminders = new ReminderCheck(CaseStore.Create(Options, clock));
        var runs = new List<int?>();
        async Task CheckAfterAsync(TimeSpan wait, int times = 2)
        {
            clock.Advance(wait);
            for (var i = 0; i < times; i++)
            {
                runs.Add(await reminders.RunAsync("worker-1", TimeSpan.FromMinutes(5), CancellationToken.None));
            }
        }

        await CheckAfterAsync(TimeSpan.Zero);                 // 14 days left
        await CheckAfterAsync(TimeSpan.FromDays(7.5));        // 6.5 days: the 7-day reminder
        await CheckAfterAsync(TimeSpan.FromDays(3));          // 3.5 days: nothing new
        await CheckAfterAsync(TimeSpan.FromDays(3));          // 0.5 days: the 1-day reminder
        await CheckAfterAsync(TimeSpan.FromDays(1));          // past due: nothing
        var reminded = (await Store.Outbox.ListAsync()).Where(m => m.MessageType == "DeadlineApproaching").ToList();
        await new NotificationFanOut(Store, new ActiveProfiles(Shipped)).RunOnceAsync(100, CancellationToken.None);
        var deliveries = (await new NotificationService(Store, Allowing()).DeliveriesAsync(PlatformA, a.Record.SubscriptionId, CancellationToken.None)).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.EqualTo(new int?[] { 0, 0, 1, 1, 1, 1, 1, 1, 0, 0 }));
            Assert.That(reminded.Select(m => m.MessageId), Is.EqualTo(new[]
            {
                OutboundContracts.MessageId($"deadline:notice-answer:{notice.NoticeId}:7").ToString("D"),
                OutboundContracts.MessageId($"deadline:notice-answer:{notice.NoticeId}:1").ToString("D"),
            }), "once per lead time");
            Assert.That(deliveries.Select(d => JsonNode.Parse(d.Payload)!["data"]!["leadDays"]!.GetValue<int>()).Order(), Is.EqualTo(new[] { 1, 7 }));
            Assert.That(deliveries.Select(d => JsonNode.Parse(d.Payload)!["data"]!["subjectId"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { notice.NoticeId }));
        });
    }

    [Test]
    public async Task A_rectification_orders_deadline_is_reminded_of_once_to_its_platform()
    {
        var a = await SubscribeAsync(PlatformA, "https://203.0.113.7/hooks", "deadline-approaching");
        var caseId = await InvestigatedCaseAsync("a");
        var deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(5));
        var content = new DecisionContent
        {
            Draft = new DecisionDraft
            {
                FindingIds = ["F-1"], Facts = "The facts.", LegalBasis = "AML 2008 Art. 17", Outcome = "rectification-ordered", Reasons = "The reasons.",
                Orders = [new RectificationOrder { Order = "End the exclusivity clauses.", Deadline = deadline }],
            },
        };
        var now = DateTimeOffset.UtcNow;
        await Store.InTransactionAsync(s => s.Decisions.InsertAsync(new DecisionRecord
        {
            DecisionId = "D-ORDERS", CaseId = caseId, PlatformId = "a", Status = DecisionRecord.Served, Outcome = "rectification-ordered",
            Content = System.Text.Json.JsonSerializer.Serialize(content, PlatformWatch.Contracts.Wire.ContractJson.Options), Author = "supervisor", CreatedAt = now, UpdatedAt = now,
        }, new JsonObject()));
        var reminders = new ReminderCheck(Store);
        var first = await reminders.RunAsync("worker-1", TimeSpan.FromMinutes(5), CancellationToken.None);
        var second = await reminders.RunAsync("worker-1", TimeSpan.FromMinutes(5), CancellationToken.None);
        await new NotificationFanOut(Store, new ActiveProfiles(Shipped)).RunOnceAsync(100, CancellationToken.None);
        var delivered = JsonNode.Parse((await OnlyDeliveryAsync(a)).Payload)!["data"]!;
        Assert.Multiple(() =>
        {
            Assert.That((first, second), Is.EqualTo(((int?)1, (int?)1)));
            Assert.That(delivered["deadline"]!.GetValue<string>(), Is.EqualTo("rectification-order"));
            Assert.That(delivered["subjectId"]!.GetValue<string>(), Is.EqualTo("D-ORDERS"));
            Assert.That(delivered["leadDays"]!.GetValue<int>(), Is.EqualTo(7), "5 days left: the 7-day reminder");
            Assert.That(delivered["dueAt"]!.GetValue<string>(), Does.StartWith(deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T23:59:59"));
        });
    }

    [Test]
    public async Task An_overdue_report_is_told_to_its_platform_and_the_regulators_as_report_overdue_once()
    {
        var a = await SubscribeAsync(PlatformA, "https://203.0.113.7/hooks", "report-overdue");
        var b = await SubscribeAsync(PlatformB, "https://203.0.113.8/hooks", "report-overdue");
        var regulator = await SubscribeAsync(Handler, "https://203.0.113.9/hooks", "report-overdue", "finding-raised");
        var due = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-10));
        await Processor(Store).ProcessAsync([new PlatformWatch.Contracts.ReportingObligationSet
        {
            EventId = "ob-overdue", OccurredAt = DateTimeOffset.UtcNow.AddDays(-60), Source = "test", ObligationId = "SAMR-REMEDY-9", PlatformId = "a",
            Jurisdiction = "CN", ReportType = PlatformWatch.Contracts.ReportType.CnRemedySelfInspection, DueDates = [due], LegalBasis = "SAMR remedy decision (2025) No. 9",
        }]);
        await new NotificationFanOut(Store, new ActiveProfiles(Shipped)).RunOnceAsync(100, CancellationToken.None);
        var service = new NotificationService(Store, Allowing());
        var toA = JsonNode.Parse((await OnlyDeliveryAsync(a)).Payload)!;
        var toB = (await service.DeliveriesAsync(PlatformB, b.Record.SubscriptionId, CancellationToken.None)).Value!;
        var toRegulator = (await service.DeliveriesAsync(Handler, regulator.Record.SubscriptionId, CancellationToken.None)).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(toA["type"]!.GetValue<string>(), Is.EqualTo("report-overdue"));
            Assert.That(toA["data"]!["overdue"]!.ToJsonString(), Is.EqualTo(new JsonArray(new JsonObject
            {
                ["obligationId"] = "SAMR-REMEDY-9", ["reportType"] = "cn-remedy-self-inspection", ["dueDate"] = due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            }).ToJsonString()));
            Assert.That(toA["data"]!.AsObject().Select(p => p.Key), Has.None.EqualTo("legalBasis").And.None.EqualTo("measured"), "a platform's body is picked");
            Assert.That(toB, Is.Empty, "platform b hears nothing of a's report");
            Assert.That(toRegulator.Select(d => d.Kind), Is.EqualTo(new[] { "report-overdue" }), "once, as report-overdue, though it is a finding raised too");
        });
    }

    [Test]
    public async Task A_report_due_date_not_met_is_reminded_of_at_each_lead_time_once_to_its_platform_and_regulators_only()
    {
        var a = await SubscribeAsync(PlatformA, "https://203.0.113.7/hooks", "deadline-approaching");
        var b = await SubscribeAsync(PlatformB, "https://203.0.113.8/hooks", "deadline-approaching");
        var regulator = await SubscribeAsync(Handler, "https://203.0.113.9/hooks", "deadline-approaching");
        await InvestigatedCaseAsync("a");
        var start = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(start.UtcDateTime);
        var due = today.AddDays(7);
        PlatformWatch.Contracts.ReportingObligationSet Obligation(string id, PlatformWatch.Contracts.ReportType type, params DateOnly[] dueDates) => new()
        {
            EventId = "ob-" + id, OccurredAt = start.AddDays(-60), Source = "test", ObligationId = id, PlatformId = "a",
            Jurisdiction = "CN", ReportType = type, DueDates = [.. dueDates], LegalBasis = "SAMR remedy decision (2025) No. 9",
        };
        await Processor(Store).ProcessAsync(
        [
            Obligation("SAMR-REMEDY-9", PlatformWatch.Contracts.ReportType.CnRemedySelfInspection, due),
            // Met: a report of its type filed after the previous due date.
            Obligation("PIPL-58", PlatformWatch.Contracts.ReportType.PiplArt58SocialResponsibility, today.AddDays(-30), due),
            new PlatformWatch.Contracts.SelfRegulationReportSubmitted
            {
                EventId = "report-pipl", OccurredAt = start.AddDays(-1), Source = "test", ReportId = "R-PIPL", PlatformId = "a", Jurisdiction = "CN",
                ReportType = PlatformWatch.Contracts.ReportType.PiplArt58SocialResponsibility, PeriodStart = today.AddDays(-30), PeriodEnd = today.AddDays(-2), SubmittedAt = start.AddDays(-1),
            },
        ]);
        var clock = new FakeTimeProvider(start);
        var reminders = new ReminderCheck(CaseStore.Create(Options, clock));
        async Task CheckAfterAsync(TimeSpan wait)
        {
            clock.Advance(wait);
            for (var i = 0; i < 3; i++)
            {
                await reminders.RunAsync("worker-1", TimeSpan.FromMinutes(5), CancellationToken.None);
            }
        }

        await CheckAfterAsync(TimeSpan.Zero);          // more than 7 days left
        await CheckAfterAsync(TimeSpan.FromDays(1));   // 6 to 7 days: the 7-day reminder
        await CheckAfterAsync(TimeSpan.FromDays(5));   // 1 to 2 days: nothing new
        await CheckAfterAsync(TimeSpan.FromDays(1));   // under a day: the 1-day reminder
        await CheckAfterAsync(TimeSpan.FromDays(1));   // past due: nothing
        var reminded = (await Store.Outbox.ListAsync()).Where(m => m.MessageType == "DeadlineApproaching").ToList();
        await new NotificationFanOut(Store, new ActiveProfiles(Shipped)).RunOnceAsync(100, CancellationToken.None);
        var service = new NotificationService(Store, Allowing());
        var toA = (await service.DeliveriesAsync(PlatformA, a.Record.SubscriptionId, CancellationToken.None)).Value!;
        var toB = (await service.DeliveriesAsync(PlatformB, b.Record.SubscriptionId, CancellationToken.None)).Value!;
        var toRegulator = (await service.DeliveriesAsync(Handler, regulator.Record.SubscriptionId, CancellationToken.None)).Value!;
        var dueDate = due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(reminded.Select(m => m.MessageId), Is.EqualTo(new[]
            {
                OutboundContracts.MessageId($"deadline:report:SAMR-REMEDY-9:{dueDate}:7").ToString("D"),
                OutboundContracts.MessageId($"deadline:report:SAMR-REMEDY-9:{dueDate}:1").ToString("D"),
            }), "once per lead time, none for the due date met by a report");
            var data = toA.Select(d => JsonNode.Parse(d.Payload)!["data"]!).OrderByDescending(d => d["leadDays"]!.GetValue<int>()).ToList();
            Assert.That(data.Select(d => d["leadDays"]!.GetValue<int>()), Is.EqualTo(new[] { 7, 1 }));
            Assert.That(data.Select(d => (d["deadline"]!.GetValue<string>(), d["subjectId"]!.GetValue<string>(), d["reportType"]!.GetValue<string>())).Distinct(),
                Is.EqualTo(new[] { ("report", "SAMR-REMEDY-9", "cn-remedy-self-inspection") }));
            Assert.That(data.Select(d => d["dueAt"]!.GetValue<DateTimeOffset>()).Distinct(), Is.EqualTo(new[] { new DateTimeOffset(due.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero) }));
            Assert.That(toB, Is.Empty, "platform b hears nothing of a's reports");
            Assert.That(toRegulator.Select(d => JsonNode.Parse(d.Payload)!["data"]!["leadDays"]!.GetValue<int>()).Order(), Is.EqualTo(new[] { 1, 7 }), "the regulator who sees a case of platform a");
        });
    }

    [Test]
    public async Task The_reminder_check_runs_in_one_process_at_a_time()
    {
        await SubscribeAsync(PlatformA, "https://203.0.113.7/hooks", "deadline-approaching");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var reminders = new ReminderCheck(CaseStore.Create(Options, clock));
        var first = await reminders.RunAsync("worker-1", TimeSpan.FromMinutes(5), CancellationToken.None);
        var second = await reminders.RunAsync("worker-2", TimeSpan.FromMinutes(5), CancellationToken.None);
        var again = await reminders.RunAsync("worker-1", TimeSpan.FromMinutes(5), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(6));
        var afterTheHolderDied = await reminders.RunAsync("worker-2", TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.That(new[] { first, second, again, afterTheHolderDied }, Is.EqualTo(new int?[] { 0, null, 0, 0 }));
    }

    // A channel whose sends wait at a rendezvous of subscriptions (a receiver slow to answer) before sending.
    private sealed class WaitingChannel(IDeliveryChannel inner, WaitingChannel.Rendezvous rendezvous) : IDeliveryChannel
    {
        public string Channel => inner.Channel;

        public async Task<DeliveryAttempt> SendAsync(SubscriptionRecord subscription, DeliveryRecord delivery, CancellationToken ct) =>
            await rendezvous.MeetAsync(subscription.SubscriptionId)
                ? await inner.SendAsync(subscription, delivery, ct)
                : new DeliveryAttempt(false, null, "the other subscription's send never began");

        public sealed class Rendezvous(IReadOnlyList<string> subscriptions, TimeSpan atMost)
        {
            private readonly Dictionary<string, TaskCompletionSource> _began = subscriptions.ToDictionary(s => s, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), StringComparer.Ordinal);

            public async Task<bool> MeetAsync(string subscriptionId)
            {
                _began[subscriptionId].TrySetResult();
                try
                {
                    await Task.WhenAll(_began.Values.Select(b => b.Task)).WaitAsync(atMost);
                    return true;
                }
                catch (TimeoutException)
                {
                    return false;
                }
            }
        }
    }

    // A sender that dies once the receiver took a delivery, before recording it.
    private sealed class DyingChannel(IDeliveryChannel inner) : IDeliveryChannel
    {
        public string Channel => inner.Channel;

        public async Task<DeliveryAttempt> SendAsync(SubscriptionRecord subscription, DeliveryRecord delivery, CancellationToken ct)
        {
            var attempt = await inner.SendAsync(subscription, delivery, ct);
            Assert.That(attempt.Accepted, Is.True, attempt.Error);
            throw new InvalidOperationException("killed after the receiver's answer");
        }
    }
}
