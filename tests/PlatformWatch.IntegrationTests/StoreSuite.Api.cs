using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

// What the API writes, on every engine: API keys, and notices to platforms with their answers.
public abstract partial class StoreSuite
{
    private const string Injection = "'; DROP TABLE cases; --";

    private static readonly string[] RoleNames = ["regulator-viewer", "regulator-analyst", "regulator-supervisor", "regulator-admin", "platform"];

    private static DocumentMeta Document(string name = "reply.pdf", long size = 2048, string? sha256 = null) =>
        new() { Name = name, MediaType = "application/pdf", SizeBytes = size, Sha256 = sha256 ?? new string('a', 64) };

    // A case of platform a (or another) that the workflow lets receive a notice.
    private async Task<string> InvestigatedCaseAsync(string platform = "a")
    {
        var caseId = await OpenCaseAsync(rule: $"T-NOTICE-{platform}", platform: platform);
        await Store.Cases.TransitionAsync(caseId, "investigating", null, "supervisor");
        return caseId;
    }

    private Task<NoticeRecord?> IssueAsync(string caseId, CaseStore? store = null, TimeSpan? dueIn = null) =>
        (store ?? Store).Cases.IssueNoticeAsync(caseId, "Explain the exclusivity clauses in your merchant contracts.", DateTimeOffset.UtcNow + (dueIn ?? TimeSpan.FromDays(14)), "supervisor");

    // ---- rule profile activations
    [Test]
    public async Task Profile_activations_are_kept_and_listed_newest_first()
    {
        var at = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));
        ProfileActivation Row(string profile, string reason, DateTimeOffset when) => new()
        {
            ActivationId = "PA-" + Guid.NewGuid().ToString("N")[..20],
            SetHash = "sha256:set-" + reason,
            ProfileId = profile,
            ContentHash = "sha256:" + profile + "-" + reason,
            Reason = reason,
            ActivatedBy = "platformwatch-worker (app@host-1)",
            ActivatedAt = when,
        };
        await Store.Profiles.RecordActivationsAsync([Row("cn", "startup", at), Row("eu", "startup", at)]);
        await Store.Profiles.RecordActivationsAsync([Row("cn", "files-changed", at.AddMinutes(5))]);
        var all = await Store.Profiles.ListActivationsAsync(10);
        var one = await Store.Profiles.ListActivationsAsync(1);
        Assert.Multiple(() =>
        {
            Assert.That(all, Has.Count.EqualTo(3));
            Assert.That(one.Single().Reason, Is.EqualTo("files-changed"));
            Assert.That(one.Single().ContentHash, Is.EqualTo("sha256:cn-files-changed"));
            Assert.That(one.Single().ActivatedAt, Is.EqualTo(at.AddMinutes(5)));
            Assert.That(all.Select(a => a.ProfileId).Skip(1), Is.EquivalentTo(new[] { "cn", "eu" }));
        });
    }

    [Test]
    public async Task Data_protection_keys_are_added_once_and_all_read_back()
    {
        await Store.Keys.AddDataProtectionKeyAsync("key-1", "<key id=\"1\"><secret>one</secret></key>");
        await Store.Keys.AddDataProtectionKeyAsync("key-2", "<key id=\"2\"><secret>two</secret></key>");
        await Store.Keys.AddDataProtectionKeyAsync("key-1", "<key id=\"1\"><secret>replaced</secret></key>");
        var keys = await Store.Keys.ListDataProtectionKeysAsync();
        Assert.That(keys, Is.EquivalentTo(new[] { "<key id=\"1\"><secret>one</secret></key>", "<key id=\"2\"><secret>two</secret></key>" }));
    }

    // ---- API keys
    [Test]
    public async Task An_api_key_is_found_by_its_token_and_not_by_a_wrong_secret_or_once_revoked()
    {
        var issued = await Store.Keys.CreateApiKeyAsync("acme portal", ApiRoles.Platform, "acme", "admin");
        var token = issued.Token;
        var found = await Store.Keys.FindApiKeyAsync(token);
        var wrongSecret = await Store.Keys.FindApiKeyAsync(token[..^1] + (token[^1] == 'A' ? 'B' : 'A'));
        var otherKeyId = await Store.Keys.FindApiKeyAsync(token[..4] + (token[4] == 'a' ? 'b' : 'a') + token[5..]);
        var revoked = await Store.Keys.RevokeApiKeyAsync(issued.Key.KeyId, "admin");
        var revokedAgain = await Store.Keys.RevokeApiKeyAsync(issued.Key.KeyId, "someone-else");
        var afterRevocation = await Store.Keys.FindApiKeyAsync(token);
        Assert.Multiple(async () =>
        {
            Assert.That(token, Does.Match("^pw_k[a-z2-7]{12}_[A-Za-z0-9_-]{43}$"));
            Assert.That(token, Does.StartWith($"pw_{issued.Key.KeyId}_"));
            Assert.That(found, Is.EqualTo(issued.Key), "the same key as created, timestamps included");
            Assert.That(found!.Role, Is.EqualTo("platform"));
            Assert.That(found.PlatformId, Is.EqualTo("acme"));
            Assert.That(found.CreatedBy, Is.EqualTo("admin"));
            Assert.That(wrongSecret, Is.Null);
            Assert.That(otherKeyId, Is.Null);
            Assert.That(revoked!.IsRevoked, Is.True);
            Assert.That(revoked.RevokedBy, Is.EqualTo("admin"));
            Assert.That(revokedAgain, Is.EqualTo(revoked), "the first revocation stands");
            Assert.That(afterRevocation, Is.Null);
            Assert.That(await Store.Keys.RevokeApiKeyAsync("kaaaaaaaaaaaa", "admin"), Is.Null, "no such key");
            Assert.That(issued.ToString(), Does.Not.Contain(token), "a logged key shows no token");
        });
    }

    [TestCase("")]
    [TestCase("pw_")]
    [TestCase("Bearer something")]
    [TestCase("pw_kaaaaaaaaaaaa_")]
    [TestCase("pw_kaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("pw_Kaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("pw_kaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("pw_kaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase(Injection)]
    public async Task A_malformed_or_unknown_token_finds_no_key(string token)
    {
        await Store.Keys.CreateApiKeyAsync("viewer", ApiRoles.RegulatorViewer, null, "admin");
        Assert.That(await Store.Keys.FindApiKeyAsync(token), Is.Null);
    }

    [Test]
    public async Task The_api_keys_table_holds_no_token_or_secret_only_its_hash()
    {
        var issued = await Store.Keys.CreateApiKeyAsync("analyst", ApiRoles.RegulatorAnalyst, null, "admin");
        var secret = issued.Token[$"pw_{issued.Key.KeyId}_".Length..];
        var cells = new List<string>();
        await using (var connection = await RawConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM api_keys";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    cells.Add(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(cells, Is.Not.Empty);
            Assert.That(cells.Where(c => c.Contains(secret, StringComparison.Ordinal) || c.Contains(issued.Token, StringComparison.Ordinal)), Is.Empty);
            Assert.That(cells, Does.Contain(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issued.Token)))));
        });
    }

    [Test]
    public async Task Keys_are_listed_oldest_first_revoked_ones_included()
    {
        var viewer = await Store.Keys.CreateApiKeyAsync("dashboard", ApiRoles.RegulatorViewer, null, "admin");
        var platform = await Store.Keys.CreateApiKeyAsync("acme portal", ApiRoles.Platform, "acme", "admin");
        await Store.Keys.RevokeApiKeyAsync(viewer.Key.KeyId, "admin");
        var keys = await Store.Keys.ListApiKeysAsync();
        Assert.Multiple(() =>
        {
            Assert.That(keys.Select(k => k.KeyId), Is.EquivalentTo(new[] { viewer.Key.KeyId, platform.Key.KeyId }));
            Assert.That(keys.Single(k => k.KeyId == viewer.Key.KeyId).IsRevoked, Is.True);
            Assert.That(keys.Single(k => k.KeyId == platform.Key.KeyId), Is.EqualTo(platform.Key));
        });
    }

    [Test]
    public async Task Keys_are_named_by_their_ids_revoked_ones_included_and_unknown_ids_left_out()
    {
        var analyst = await Store.Keys.CreateApiKeyAsync("Analyst Li", ApiRoles.RegulatorAnalyst, null, "admin");
        var revoked = await Store.Keys.CreateApiKeyAsync("Former supervisor", ApiRoles.RegulatorSupervisor, null, "admin");
        await Store.Keys.CreateApiKeyAsync("not asked for", ApiRoles.RegulatorViewer, null, "admin");
        await Store.Keys.RevokeApiKeyAsync(revoked.Key.KeyId, "admin");
        var names = await Store.Keys.NamesAsync([analyst.Key.KeyId, revoked.Key.KeyId, "kaaaaaaaaaaaa"]);
        Assert.Multiple(async () =>
        {
            Assert.That(names, Is.EquivalentTo(new Dictionary<string, string> { [analyst.Key.KeyId] = "Analyst Li", [revoked.Key.KeyId] = "Former supervisor" }));
            Assert.That(await Store.Keys.NamesAsync([]), Is.Empty);
        });
    }

    [TestCase(" ", "regulator-viewer", null, "name: ")]
    [TestCase("x", "superuser", null, "role: unknown role 'superuser'; expected one of: regulator-viewer, regulator-analyst, regulator-supervisor, regulator-admin, platform")]
    [TestCase("x", "platform", null, "platformId: ")]
    [TestCase("x", "regulator-admin", "acme", "platformId: ")]
    public async Task A_key_is_refused_naming_the_field(string name, string role, string? platformId, string reason)
    {
        var refused = Assert.ThrowsAsync<CaseActionException>(() => Store.Keys.CreateApiKeyAsync(name, role, platformId, "admin"));
        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Message, Does.StartWith(reason));
            Assert.That(await Store.Keys.ListApiKeysAsync(), Is.Empty);
        });
    }

    [Test]
    public void The_roles_are_four_regulator_roles_and_the_platforms()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ApiRoles.All, Is.EqualTo(RoleNames));
            Assert.That(ApiRoles.All.Where(ApiRoles.IsRegulator), Is.EqualTo(RoleNames[..4]));
        });
    }

    // ---- Notices
    [Test]
    public async Task A_notice_is_issued_and_answered_and_the_case_follows_with_its_audit_trail_intact()
    {
        const string Subject = "test:notice";
        var raised = await Store.InTransactionAsync(s => s.Findings.ReplaceSubjectFindingsAsync(Subject, [Draft("T-ONE", "a", "{}") with { Subject = Subject }, Draft("T-TWO", "a", "{}") with { Subject = Subject }]));
        await Store.InTransactionAsync(s => s.Findings.ReplaceSubjectFindingsAsync(Subject, [Draft("T-ONE", "a", "{}") with { Subject = Subject }]));
        var caseId = raised[0].Finding.CaseId!;
        await Store.Cases.TransitionAsync(caseId, "investigating", null, "supervisor");

        var notice = (await IssueAsync(caseId))!;
        var statusAfterNotice = (await Store.Cases.GetAsync(caseId))!.Case.Status;
        var response = (await Store.Cases.AnswerNoticeAsync(notice.NoticeId, "a", "We have removed the clauses.", [Document(), Document("annex.xlsx", 0, new string('F', 64))], "platform:a/kabc"))!;
        var (detail, responses) = await GetNoticeOrFailAsync(notice.NoticeId);
        var afterAnswer = (await Store.Cases.GetAsync(caseId))!;
        var again = Assert.ThrowsAsync<CaseActionException>(() => Store.Cases.AnswerNoticeAsync(notice.NoticeId, "a", "And once more.", [], "platform:a/kabc"));
        Assert.Multiple(async () =>
        {
            Assert.That(notice.CaseId, Is.EqualTo(caseId));
            Assert.That(notice.PlatformId, Is.EqualTo("a"));
            Assert.That(notice.FindingIds, Is.EqualTo(new[] { raised.Single(c => c.Finding.RuleId == "T-ONE").Finding.FindingId }), "the active findings only");
            Assert.That(notice.Status, Is.EqualTo(NoticeStatus.AwaitingResponse));
            Assert.That(statusAfterNotice, Is.EqualTo("notice-issued"));
            Assert.That(detail.Status, Is.EqualTo(NoticeStatus.Answered));
            Assert.That(detail.AnsweredAt, Is.EqualTo(response.SubmittedAt));
            Assert.That(detail.ResponseDueAt, Is.EqualTo(notice.ResponseDueAt));
            Assert.That(detail.FindingIds, Is.EqualTo(notice.FindingIds));
            Assert.That(responses.Single().Text, Is.EqualTo("We have removed the clauses."));
            Assert.That(responses.Single().Documents, Is.EqualTo(response.Documents));
            Assert.That(responses.Single().Documents[1], Is.EqualTo(Document("annex.xlsx", 0, new string('F', 64))));
            Assert.That(afterAnswer.Case.Status, Is.EqualTo("platform-responded"));
            Assert.That(afterAnswer.Audit.TakeLast(2).Select(a => $"{a.Actor} {a.Action}"), Is.EqualTo(new[] { "supervisor notice-issued", "platform:a/kabc notice-answered" }));
            Assert.That(afterAnswer.Audit[^2].Details, Does.Contain(notice.NoticeId));
            Assert.That(again!.Message, Does.Contain("already answered"));
            Assert.That((await Store.Cases.VerifyAuditAsync()).Break, Is.Null);
            Assert.That((await Store.Cases.ListNoticesAsync(platformId: "a")).Single().NoticeId, Is.EqualTo(notice.NoticeId));
            Assert.That((await Store.Cases.ListNoticesAsync(caseId: caseId)).Single().NoticeId, Is.EqualTo(notice.NoticeId));
            Assert.That(await Store.Cases.ListNoticesAsync(platformId: "b"), Is.Empty);
        });
    }

    [Test]
    public async Task Another_platform_answering_a_notice_gets_null_and_changes_nothing()
    {
        var caseId = await InvestigatedCaseAsync();
        var notice = (await IssueAsync(caseId))!;
        var auditBefore = (await Store.Cases.GetAsync(caseId))!.Audit.Count;
        var byOther = await Store.Cases.AnswerNoticeAsync(notice.NoticeId, "b", "Not ours, but here is an answer.", [], "platform:b/kxyz");
        var unknown = await Store.Cases.AnswerNoticeAsync("N-0000000000000000", "a", "Which notice?", [], "platform:a/kabc");
        var injected = await Store.Cases.AnswerNoticeAsync(Injection, Injection, "text", [], "platform:a/kabc");
        var detail = await GetNoticeOrFailAsync(notice.NoticeId);
        var after = (await Store.Cases.GetAsync(caseId))!;
        Assert.Multiple(async () =>
        {
            Assert.That(byOther, Is.Null);
            Assert.That(unknown, Is.Null);
            Assert.That(injected, Is.Null);
            Assert.That(detail.Notice.Status, Is.EqualTo(NoticeStatus.AwaitingResponse));
            Assert.That(detail.Responses, Is.Empty);
            Assert.That(after.Case.Status, Is.EqualTo("notice-issued"));
            Assert.That(after.Audit, Has.Count.EqualTo(auditBefore));
            Assert.That(await Store.Cases.GetNoticeAsync(Injection), Is.Null);
            Assert.That(await Store.Cases.ListAsync(new CaseQuery()), Has.Count.EqualTo(1), "the cases table is still there");
        });
    }

    [Test]
    public async Task An_answer_is_refused_once_the_deadline_has_passed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = CaseStore.Create(Options, clock);
        var late = (await store.Cases.IssueNoticeAsync(await InvestigatedCaseAsync("a"), "Explain.", clock.GetUtcNow().AddDays(10), "supervisor"))!;
        var inTime = (await store.Cases.IssueNoticeAsync(await InvestigatedCaseAsync("b"), "Explain.", clock.GetUtcNow().AddDays(20), "supervisor"))!;
        clock.Advance(TimeSpan.FromDays(15));
        var refused = Assert.ThrowsAsync<CaseActionException>(() => store.Cases.AnswerNoticeAsync(late.NoticeId, "a", "Sorry we are late.", [], "platform:a/kabc"));
        var answered = await store.Cases.AnswerNoticeAsync(inTime.NoticeId, "b", "On time.", [], "platform:b/kxyz");
        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Message, Is.EqualTo($"the response deadline {late.ResponseDueAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} has passed"));
            Assert.That((await GetNoticeOrFailAsync(late.NoticeId)).Notice.Status, Is.EqualTo(NoticeStatus.AwaitingResponse));
            Assert.That(answered, Is.Not.Null);
        });
    }

    [Test]
    public async Task A_notice_is_refused_for_a_market_level_case_a_past_deadline_or_a_move_the_workflow_forbids()
    {
        var market = (await Store.InTransactionAsync(s => s.Findings.ReplaceSubjectFindingsAsync("test:market", [Draft("T-MKT", null, "{}") with { Subject = "test:market" }]))).Single().Finding.CaseId!;
        await Store.Cases.TransitionAsync(market, "investigating", null, "supervisor");
        var fresh = await OpenCaseAsync(platform: "b");
        var investigated = await InvestigatedCaseAsync();
        var marketLevel = Assert.ThrowsAsync<CaseActionException>(() => IssueAsync(market));
        var notYet = Assert.ThrowsAsync<CaseActionException>(() => IssueAsync(fresh));
        var past = Assert.ThrowsAsync<CaseActionException>(() => IssueAsync(investigated, dueIn: TimeSpan.FromMinutes(-1)));
        var emptyText = Assert.ThrowsAsync<CaseActionException>(() => Store.Cases.IssueNoticeAsync(investigated, " ", DateTimeOffset.UtcNow.AddDays(1), "supervisor"));
        Assert.Multiple(async () =>
        {
            Assert.That(marketLevel!.Message, Does.Contain("a notice goes to a platform"));
            Assert.That(notYet!.Message, Does.Contain("cannot move to notice-issued"));
            Assert.That(past!.Message, Does.StartWith("responseDueAt: the deadline must be in the future"));
            Assert.That(emptyText!.Message, Does.StartWith("text: "));
            Assert.That(await IssueAsync("C-NOPE-1"), Is.Null, "no such case");
            Assert.That(await IssueAsync(Injection), Is.Null);
            Assert.That(await Store.Cases.ListNoticesAsync(), Is.Empty);
            Assert.That((await Store.Cases.GetAsync(investigated))!.Case.Status, Is.EqualTo("investigating"));
        });
    }

    public static IEnumerable<TestCaseData> RefusedAnswers()
    {
        yield return new TestCaseData(" ", Array.Empty<DocumentMeta>(), "text: ").SetArgDisplayNames("empty text");
        yield return new TestCaseData("answer", Enumerable.Range(0, 21).Select(i => Document($"doc-{i}.pdf")).ToArray(), "documents: at most 20").SetArgDisplayNames("21 documents");
        yield return new TestCaseData("answer", new[] { Document(), Document("") }, "documents[1].name: ").SetArgDisplayNames("no name");
        yield return new TestCaseData("answer", new[] { Document(size: -1) }, "documents[0].sizeBytes: ").SetArgDisplayNames("negative size");
        yield return new TestCaseData("answer", new[] { Document(sha256: new string('a', 63)) }, "documents[0].sha256: ").SetArgDisplayNames("short hash");
        yield return new TestCaseData("answer", new[] { Document(sha256: new string('g', 64)) }, "documents[0].sha256: ").SetArgDisplayNames("not hex");
        yield return new TestCaseData("answer", new[] { Document() with { MediaType = "" } }, "documents[0].mediaType: ").SetArgDisplayNames("no media type");
    }

    [TestCaseSource(nameof(RefusedAnswers))]
    public async Task An_answer_is_refused_naming_the_field(string text, DocumentMeta[] documents, string reason)
    {
        var notice = (await IssueAsync(await InvestigatedCaseAsync()))!;
        var refused = Assert.ThrowsAsync<CaseActionException>(() => Store.Cases.AnswerNoticeAsync(notice.NoticeId, "a", text, documents, "platform:a/kabc"));
        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Message, Does.StartWith(reason));
            Assert.That((await GetNoticeOrFailAsync(notice.NoticeId)).Notice.Status, Is.EqualTo(NoticeStatus.AwaitingResponse));
        });
    }

    [Test]
    public async Task Twenty_documents_are_accepted_and_kept()
    {
        var notice = (await IssueAsync(await InvestigatedCaseAsync()))!;
        var documents = Enumerable.Range(0, 20).Select(i => Document($"doc-{i}.pdf", i)).ToList();
        await Store.Cases.AnswerNoticeAsync(notice.NoticeId, "a", "Everything attached.", documents, "platform:a/kabc");
        Assert.That((await GetNoticeOrFailAsync(notice.NoticeId)).Responses.Single().Documents, Is.EqualTo(documents));
    }

    private async Task<NoticeDetail> GetNoticeOrFailAsync(string noticeId) =>
        await Store.Cases.GetNoticeAsync(noticeId) ?? throw new AssertionException($"notice {noticeId} is missing");
}
