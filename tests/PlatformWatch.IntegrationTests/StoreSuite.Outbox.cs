using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

// The transactional outbox: every committed change of a finding (raised, updated, withdrawn), every
// case opened and moved and every notice issued is written as an announcement in the same
// transaction, with a stable message id; relays claim different announcements; a subscriber that
// applies them in revision order holds exactly the database's active findings.
public abstract partial class StoreSuite
{
    // Every announcement of findings, reduced as a subscriber would: per finding, the highest revision.
    private static Dictionary<string, (int Revision, string Type)> Subscriber(IEnumerable<OutboxMessage> outbox)
    {
        var held = new Dictionary<string, (int Revision, string Type)>(StringComparer.Ordinal);
        foreach (var message in outbox.Where(m => m.MessageType.StartsWith("Finding", StringComparison.Ordinal)))
        {
            var body = JsonNode.Parse(message.Body)!;
            var id = body["findingId"]!.GetValue<string>();
            var revision = body["revision"]!.GetValue<int>();
            if (!held.TryGetValue(id, out var known) || known.Revision < revision)
            {
                held[id] = (revision, message.MessageType);
            }
        }

        return held;
    }

    [Test]
    public async Task Every_committed_finding_change_is_announced_and_a_subscriber_holds_the_active_findings()
    {
        // One event per unit of work, so findings are raised, updated and withdrawn along the way.
        var processor = Processor(Store);
        foreach (var inbound in await ScenarioEventsAsync("market-structure", "sources-cn", "conduct-cn"))
        {
            await processor.ProcessAsync([inbound]);
        }

        var outbox = await Store.Outbox.ListAsync();
        var findings = await Store.Findings.ListAsync(includeWithdrawn: true);
        var subscriber = Subscriber(outbox);
        var cases = await Store.Cases.ListAsync(new CaseQuery { Limit = 1000 });
        Assert.Multiple(() =>
        {
            Assert.That(outbox.Select(m => m.MessageType).Distinct(), Is.SupersetOf(new[] { "FindingRaised", "FindingUpdated", "FindingWithdrawn", "CaseOpened" }));
            Assert.That(subscriber.Where(p => p.Value.Type != "FindingWithdrawn").Select(p => p.Key).Order(StringComparer.Ordinal),
                Is.EqualTo(findings.Where(f => f.IsActive).Select(f => f.FindingId).Order(StringComparer.Ordinal)), "active findings");
            Assert.That(subscriber.Select(p => $"{p.Key} {p.Value.Revision}").Order(StringComparer.Ordinal),
                Is.EqualTo(findings.Select(f => $"{f.FindingId} {f.Revision}").Order(StringComparer.Ordinal)), "every revision of every finding was announced");
            Assert.That(outbox.Count(m => m.MessageType.StartsWith("Finding", StringComparison.Ordinal)), Is.EqualTo(findings.Sum(f => f.Revision)), "one announcement per revision, no more");
            Assert.That(outbox.Where(m => m.MessageType == "CaseOpened").Select(m => JsonNode.Parse(m.Body)!["caseId"]!.GetValue<string>()).Order(StringComparer.Ordinal),
                Is.EqualTo(cases.Select(c => c.CaseId).Order(StringComparer.Ordinal)));
            Assert.That(outbox.Select(m => m.MessageId), Is.Unique);
            var first = findings.OrderBy(f => f.FindingId, StringComparer.Ordinal).First();
            Assert.That(outbox.Select(m => m.MessageId), Does.Contain(OutboundContracts.MessageId($"finding:{first.FindingId}:{first.Revision}").ToString("D")), "the id is derived from finding and revision");
        });
    }

    [Test]
    public async Task A_unit_of_work_that_fails_announces_nothing()
    {
        var failed = Assert.ThrowsAsync<InvalidOperationException>(() => Store.InTransactionAsync<int>(async s =>
        {
            await s.Findings.ReplaceSubjectFindingsAsync("market:cn-store-test", [Draft("T-1", "a", """{"gmv":{"share":0.6}}""")]);
            throw new InvalidOperationException("the unit of work fails after the change");
        }));
        await InSessionAsync(s => s.Findings.ReplaceSubjectFindingsAsync("market:cn-store-test", [Draft("T-2", "b", """{"gmv":{"share":0.7}}""")]));
        var outbox = await Store.Outbox.ListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.Not.Null);
            Assert.That(outbox.Where(m => m.MessageType == "FindingRaised").Select(m => JsonNode.Parse(m.Body)!["ruleId"]!.GetValue<string>()), Is.EqualTo(new[] { "T-2" }));
        });
    }

    [Test]
    public async Task Relays_claim_different_announcements_and_a_sent_one_is_not_claimed_again()
    {
        await Processor(Store).ProcessAsync(await ScenarioEventsAsync("market-structure"));
        var total = (await Store.Outbox.ListAsync()).Count;
        Assume.That(total, Is.GreaterThan(10));

        // Four relays at once, each taking a few: never the same announcement twice.
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => Store.Outbox.ClaimAsync(3, $"relay-{i}", TimeSpan.FromMinutes(1)))));
        var claimed = claims.SelectMany(c => c).Select(m => m.Seq).ToList();
        var rest = await Store.Outbox.ClaimAsync(1000, "relay-late", TimeSpan.FromMinutes(1));
        await Store.Outbox.MarkSentAsync(claims[0].Select(m => m.Seq).ToList());
        await Store.Outbox.ReleaseAsync(claims[1].Select(m => m.Seq).ToList(), DateTimeOffset.UtcNow.AddMinutes(-1), "not confirmed");
        var again = await Store.Outbox.ClaimAsync(1000, "relay-again", TimeSpan.FromMinutes(1));
        var backlog = await Store.Outbox.GetBacklogAsync();
        Assert.Multiple(() =>
        {
            Assert.That(claimed, Has.Count.EqualTo(12).And.Unique);
            Assert.That(rest.Select(m => m.Seq).Intersect(claimed), Is.Empty, "what the four hold is not claimed by a fifth");
            Assert.That(claimed.Count + rest.Count, Is.EqualTo(total));
            Assert.That(rest.Select(m => m.Seq), Is.Ordered, "oldest first");
            Assert.That(again.Select(m => m.Seq), Is.EquivalentTo(claims[1].Select(m => m.Seq)), "only the released ones come back; sent and held ones do not");
            Assert.That(again.All(m => m.Attempts == 2), Is.True, "a second attempt");
            Assert.That(backlog.Pending, Is.EqualTo(total - 3));
        });
    }
}
