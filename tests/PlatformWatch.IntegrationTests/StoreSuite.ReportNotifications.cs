using System.Text.Json.Nodes;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

// report-received for regulators (issue 20) on every engine: a report belongs to no case, so it reaches the
// regulators of the authority the routing table gives a case of its platform in its jurisdiction, and of those
// above it — and only where they read it (a case holding it as evidence); its platform, and no other, hears of it.
public abstract partial class StoreSuite
{
    private static readonly Actor EastAnalyst = new("key:east", ApiRoles.RegulatorAnalyst, AuthorityId: "east");
    private static readonly Actor WestAnalyst = new("key:west", ApiRoles.RegulatorAnalyst, AuthorityId: "west");
    private static readonly Actor Unscoped = new("key:unscoped", ApiRoles.RegulatorAnalyst);

    private static SelfRegulationReportSubmitted Report(string reportId, string platform = "a") => new()
    {
        EventId = $"report:{platform}:{reportId}", OccurredAt = DateTimeOffset.UtcNow.AddHours(-1), Source = "test", ReportId = reportId, PlatformId = platform,
        Jurisdiction = "CN", ReportType = ReportType.CnRemedySelfInspection, PeriodStart = new DateOnly(2025, 1, 1), PeriodEnd = new DateOnly(2025, 12, 31),
        SubmittedAt = DateTimeOffset.UtcNow.AddHours(-1),
    };

    private async Task<string> CaseCitingAsync(string rule, string family, params string[] evidence)
    {
        var subject = "test:" + rule;
        var changes = await Store.InTransactionAsync(s => s.Findings.ReplaceSubjectFindingsAsync(subject, [Draft(rule, "a", "{}", family: family) with { Subject = subject, Evidence = evidence }]));
        return changes.Single().Finding.CaseId!;
    }

    private async Task<IReadOnlyList<string>> ReportsToldAsync(Actor actor, Subscription subscription) =>
        [.. (await new NotificationService(Store, Allowing()).DeliveriesAsync(actor, subscription.Record.SubscriptionId, CancellationToken.None)).Value!
            .Where(d => d.Kind == NotificationKinds.ReportReceived)
            .Select(d => JsonNode.Parse(d.Payload)!["data"]!["reportId"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    [Test]
    public async Task A_report_is_told_to_the_regulators_on_its_route_who_read_it_and_to_its_own_platform_only()
    {
        var (tree, errors) = AuthorityTree.FromSpec(AuthoritySpec.Parse("""
            { "authorities": [
              { "id": "root", "name": "Supervisory authority", "default": true },
              { "id": "east", "name": "East", "parent": "root", "routes": [ { "jurisdictions": ["CN"], "platforms": ["a"] } ] },
              { "id": "west", "name": "West", "parent": "root", "routes": [ { "families": ["W-FAM"] } ] }
            ] }
            """));
        Assert.That(errors, Is.Empty);
        await Store.Authorities.SetAsync(tree!, "key:admin");
        var a = await SubscribeAsync(PlatformA, "https://203.0.113.7/hooks", "report-received");
        var b = await SubscribeAsync(PlatformB, "https://203.0.113.8/hooks", "report-received");
        var east = await SubscribeAsync(EastAnalyst, "https://203.0.113.9/hooks", "report-received");
        var root = await SubscribeAsync(Handler, "https://203.0.113.10/hooks", "report-received");
        var west = await SubscribeAsync(WestAnalyst, "https://203.0.113.11/hooks", "report-received");
        var unscoped = await SubscribeAsync(Unscoped, "https://203.0.113.12/hooks", "report-received");
        await Processor(Store).ProcessAsync([Report("R-HELD"), Report("R-UNREAD")]);
        // East reads R-HELD in its case (a finding cites it); nobody's case holds R-UNREAD; west owns a case of platform a
        // and reads east's through a share, yet is off the report's route.
        var held = await CaseCitingAsync("T-REPORT", "T-FAM", "report:a:R-HELD");
        var westCase = await CaseCitingAsync("T-WEST", "W-FAM", "e1");
        await Store.Authorities.ShareAsync(held, "west", "read", withholdInternal: false, "joint review", "key:supervisor");
        await new NotificationFanOut(Store, new ActiveProfiles(Shipped)).RunOnceAsync(100, CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That((await Store.Cases.GetAsync(held))!.Case.OwnerAuthorityId, Is.EqualTo("east"), "routed as the report is");
            Assert.That((await Store.Cases.GetAsync(westCase))!.Case.OwnerAuthorityId, Is.EqualTo("west"));
            Assert.That(await ReportsToldAsync(PlatformA, a), Is.EqualTo(new[] { "R-HELD", "R-UNREAD" }), "its platform hears of each of its reports");
            Assert.That(await ReportsToldAsync(PlatformB, b), Is.Empty, "another platform hears nothing");
            Assert.That(await ReportsToldAsync(EastAnalyst, east), Is.EqualTo(new[] { "R-HELD" }), "the authority routed the platform's jurisdiction, of the report it reads");
            Assert.That(await ReportsToldAsync(Handler, root), Is.EqualTo(new[] { "R-HELD" }), "its parent, which sees its subtree's cases");
            Assert.That(await ReportsToldAsync(WestAnalyst, west), Is.Empty, "a sibling, though it works a case of the platform and reads the report through a share");
            Assert.That(await ReportsToldAsync(Unscoped, unscoped), Is.Empty, "a key of no authority, as for cases");
        });
    }
}
