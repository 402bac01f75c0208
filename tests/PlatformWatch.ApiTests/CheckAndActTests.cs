using Microsoft.Extensions.DependencyInjection;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Issue 17: the access check and the action on a case ran in separate transactions (the gate,
/// then e.g. the store's assign), so a case referred to another authority in between was still
/// changed by the authority that had just lost it. The case service checks and acts in one
/// transaction on the case it locked: a referral made between the check and the action waits for
/// the action to commit, and one made before the check makes the action refused. The test holds
/// the service between its check and its action and refers the case meanwhile; and a platform's
/// two answers to one notice at once record one. On SQLite and on PostgreSQL.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class A_case_referred_between_the_check_and_the_action(StoreProvider provider)
{
    private static readonly Actor Samr = new("key:samr-supervisor", ApiRoles.RegulatorSupervisor, "samr", MaySupervise: true);

    private ApiWorld _world = null!;

    [OneTimeSetUp]
    public async Task Start() => _world = await ApiWorld.StartAsync(provider, authorities: "authorities.json");

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    // A case of the samples in samr's tree that nobody has referred or shared (each test takes its own).
    private async Task<string> UntouchedCaseOfSamrAsync(int skip)
    {
        var owned = new List<string>();
        foreach (var c in (await _world.Store.Cases.ListAsync(new CaseQuery { Limit = 1000 })).OrderBy(c => c.CaseId, StringComparer.Ordinal))
        {
            if (c.OwnerAuthorityId.StartsWith("samr", StringComparison.Ordinal) && c.Status != "closed" && (await _world.Store.Authorities.ListCaseAccessAsync(c.CaseId)).Count == 0)
            {
                owned.Add(c.CaseId);
            }
        }

        return owned.Count > skip ? owned[skip] : throw new InvalidOperationException("not enough untouched cases of samr");
    }

    private Task<CaseRecord> ReferToCacAsync(string caseId) => _world.Store.Authorities.ReferAsync(caseId, "cac", "data protection first", "key:another-supervisor");

    [Test]
    public async Task Should_not_let_a_referral_land_between_the_check_and_the_assignment()
    {
        var caseId = await UntouchedCaseOfSamrAsync(0);
        Task<CaseRecord>? referral = null;
        var landedInBetween = true;
        var service = new CaseService(_world.Store)
        {
            BetweenCheckAndAct = async _ =>
            {
                referral = ReferToCacAsync(caseId);
                landedInBetween = await Task.WhenAny(referral, Task.Delay(TimeSpan.FromSeconds(3))) == referral;
            },
        };

        var assigned = await service.AssignAsync(Samr, caseId, "assignee-of-a-race", null, CancellationToken.None);
        await referral!;

        var audit = (await _world.Store.Cases.GetAsync(caseId))!.Audit.Select(a => a.Action).Where(a => a is "assigned" or "referred").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(landedInBetween, Is.False, "the referral committed between the check and the action");
            Assert.That(assigned.Kind, Is.EqualTo(OutcomeKind.Ok));
            Assert.That(audit, Is.EqualTo(new[] { "assigned", "referred" }), "samr assigned the case while it still owned it, then it was referred");
        });
    }

    [Test]
    public async Task Should_refuse_to_assign_a_case_referred_away_before_the_check()
    {
        var caseId = await UntouchedCaseOfSamrAsync(1);
        var before = await ReferToCacAsync(caseId);

        var assigned = await new CaseService(_world.Store).AssignAsync(Samr, caseId, "assignee-of-a-race", null, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(assigned.Kind, Is.EqualTo(OutcomeKind.Forbidden));
            Assert.That(assigned.Reason, Does.Contain("belongs to 'cac'"));
            Assert.That((await _world.Store.Cases.GetAsync(caseId))!.Case.Assignee, Is.EqualTo(before.Assignee));
        });
    }

    /// <summary>
    /// A platform answering one notice twice at once: the store's answer checks that the notice is
    /// the platform's and still open and records the answer in one transaction on the notice locked,
    /// so one answer is recorded and the other refused as already answered (no check ran apart from
    /// the act before the application layer either; this keeps it so).
    /// </summary>
    [Test]
    public async Task Should_record_one_of_two_answers_given_at_once()
    {
        var caseId = await UntouchedCaseOfSamrAsync(2);
        var cases = new CaseService(_world.Store);
        await cases.TransitionAsync(Samr, caseId, "investigating", null, null, CancellationToken.None);
        var issued = await cases.IssueNoticeAsync(Samr, caseId, "Explain the figures.", DateTimeOffset.UtcNow.AddDays(30), CancellationToken.None);
        Assert.That(issued.IsOk, Is.True, issued.Reason);
        var notice = issued.Value!;
        var platform = new Actor("key:platform-answerer", ApiRoles.Platform, PlatformId: notice.PlatformId);
        var service = new PlatformService(_world.Store, _world.Services.GetRequiredService<PlatformWatch.Application.ActiveProfiles>());

        var answers = await Task.WhenAll(Enumerable.Range(1, 2).Select(i =>
            service.AnswerNoticeAsync(platform, notice.NoticeId, $"answer {i}", [], false, CancellationToken.None)));

        var recorded = (await _world.Store.Cases.GetNoticeAsync(notice.NoticeId))!;
        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.Kind).Order(), Is.EqualTo(new[] { OutcomeKind.Ok, OutcomeKind.Conflict }));
            Assert.That(answers.Single(a => !a.IsOk).Reason, Does.Contain("already answered"));
            Assert.That(recorded.Responses, Has.Count.EqualTo(1));
            Assert.That(recorded.Notice.Status, Is.EqualTo(NoticeStatus.Answered));
        });
    }
}
