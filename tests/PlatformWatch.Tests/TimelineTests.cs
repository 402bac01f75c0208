using PlatformWatch.Api.Ui;
using PlatformWatch.Store;

namespace PlatformWatch.Tests;

/// <summary>
/// The audit trail as sentences (<see cref="Timeline"/>): one for every action the store writes
/// (their names and details as the store writes them, in CaseBook, SessionCases and
/// SessionAuthorities), with API keys named by their names.
/// </summary>
public class TimelineTests
{
    private static readonly ActorNames Keys = new(new Dictionary<string, string> { ["kli"] = "Analyst Li", ["kwang"] = "Supervisor Wang" });

    private static string Sentence(string actor, string action, string details) =>
        Timeline.Sentence(
            new AuditEntry { CaseId = "C-1", Seq = 1, At = DateTimeOffset.UnixEpoch, Actor = actor, Action = action, Details = details, PrevHash = "", Hash = "" },
            Keys,
            id => id == "root" ? "Supervisory authority (root)" : id);

    private static IEnumerable<TestCaseData> Entries()
    {
        yield return new TestCaseData("system", "opened", """{"platformId":"bazaarly","family":"DMA-14","marketId":null,"followsCaseId":"C-0","routing":{"authority":"root","route":null}}""")
            .Returns("PlatformWatch opened the case for rule family DMA-14, following case C-0, and routed it to Supervisory authority (root)");
        yield return new TestCaseData("system", "opened", """{"platformId":"rideon","family":"CN-AML24","marketId":"cn-ride-hailing","followsCaseId":null}""")
            .Returns("PlatformWatch opened the case for rule family CN-AML24 in market cn-ride-hailing");
        yield return new TestCaseData("system", "severity-raised", """{"from":"medium","to":"high"}""").Returns("Severity raised from medium to high");
        yield return new TestCaseData("system", "finding-joined", """{"findingId":"F-1","ruleId":"DMA-14-INFORM","severity":"critical","period":"2024-10-01..2024-10-01","revision":1}""")
            .Returns("Finding DMA-14-INFORM raised (critical, period 2024-10-01 to 2024-10-01)");
        yield return new TestCaseData("system", "finding-updated", """{"findingId":"F-1","ruleId":"CN-AML24-SINGLE","severity":"high","period":"2025-01-01..2025-12-31"}""")
            .Returns("Finding CN-AML24-SINGLE updated with new evidence (high, period 2025-01-01 to 2025-12-31)");
        yield return new TestCaseData("system", "finding-raised-again", """{"findingId":"F-1","ruleId":"CN-AML24-SINGLE","severity":"high","period":"2025-01-01..2025-12-31"}""")
            .Returns("Finding CN-AML24-SINGLE raised again (high, period 2025-01-01 to 2025-12-31)");
        yield return new TestCaseData("system", "finding-withdrawn", """{"findingId":"F-1","ruleId":"CN-AML24-SINGLE","severity":"high","period":"2025-01-01..2025-12-31"}""")
            .Returns("Finding CN-AML24-SINGLE withdrawn (period 2025-01-01 to 2025-12-31)");
        yield return new TestCaseData("key:kwang", "assigned", """{"assignee":"analyst.li","previousAssignee":null,"dueAt":"2026-12-01"}""")
            .Returns("Supervisor Wang assigned the case to analyst.li, due 2026-12-01");
        yield return new TestCaseData("key:kwang", "assigned", """{"assignee":"analyst.wu","previousAssignee":"analyst.li","dueAt":null}""")
            .Returns("Supervisor Wang assigned the case to analyst.wu (before: analyst.li)");
        yield return new TestCaseData("key:kli", "commented", """{"commentId":"CM-1","visibility":"internal","body":"Compare with last year.","authority":"root"}""")
            .Returns("Analyst Li added an internal comment");
        yield return new TestCaseData("key:kli", "commented", """{"commentId":"CM-2","visibility":"shared","body":"Please explain.","authority":"root"}""")
            .Returns("Analyst Li added a comment shared with the platform");
        yield return new TestCaseData("key:kli", "commented", """{"commentId":"CM-3","visibility":"internal","withheld":true}""")
            .Returns("Analyst Li added an internal comment (withheld from your authority)");
        yield return new TestCaseData("key:kli", "transitioned", """{"from":"new","to":"investigating","outcome":null,"note":null}""")
            .Returns("Analyst Li changed the status from new to investigating");
        yield return new TestCaseData("key:kwang", "transitioned", """{"from":"platform-responded","to":"closed","outcome":"no-violation","note":"Answer convinces."}""")
            .Returns("Supervisor Wang changed the status from platform responded to closed, outcome no-violation: “Answer convinces.”");
        yield return new TestCaseData("key:kli", "reopened", """{"from":"closed","to":"investigating","outcome":null,"note":null}""")
            .Returns("Analyst Li re-opened the case: status changed from closed to investigating");
        yield return new TestCaseData("key:kwang", "notice-issued", """{"from":"investigating","to":"notice-issued","noticeId":"N-1","responseDueAt":"2026-12-08T23:59:59Z","findingIds":["F-1"]}""")
            .Returns("Supervisor Wang issued notice N-1 to the platform, answer due 2026-12-08 23:59 UTC");
        yield return new TestCaseData("key:kplatform", "notice-answered", """{"from":"notice-issued","to":"platform-responded","noticeId":"N-1","responseId":"NR-1","documents":2,"businessSecret":true}""")
            .Returns("key:kplatform answered notice N-1 with 2 document(s), marked as a business secret; status changed from notice issued to platform responded");
        yield return new TestCaseData("key:kplatform", "notice-answered", """{"from":"closed","to":"closed","noticeId":"N-1","responseId":"NR-1","documents":0}""")
            .Returns("key:kplatform answered notice N-1");
        yield return new TestCaseData("admin", "routed", """{"authority":"root","route":null,"reason":"default","why":"its authority 'east' was removed"}""")
            .Returns("admin routed the case to Supervisory authority (root) (its authority 'east' was removed)");
        yield return new TestCaseData("key:kli", "read-through-grant", """{"authority":"coop","grants":["CA-1"],"what":"page /cases/C-1"}""")
            .Returns("Analyst Li of coop read the case through a grant (page /cases/C-1)");
        yield return new TestCaseData("key:kwang", "referred", """{"from":"root","to":"east","reason":"Local market.","readAccessKept":"CA-2"}""")
            .Returns("Supervisor Wang referred the case from Supervisory authority (root) to east: “Local market.”");
        yield return new TestCaseData("key:kwang", "shared", """{"shareId":"CA-3","authority":"coop","access":"comment","withholdInternal":true,"reason":"Joint review."}""")
            .Returns("Supervisor Wang shared the case with coop to comment, internal comments withheld: “Joint review.”");
        yield return new TestCaseData("key:kwang", "share-revoked", """{"shareId":"CA-3","authority":"coop"}""")
            .Returns("Supervisor Wang revoked the share with coop");
        yield return new TestCaseData("key:kwang", "shared", """{"withheld":true}""")
            .Returns("Supervisor Wang: shared (details withheld from your authority)");
        yield return new TestCaseData("key:kwang", "document-attached", """{"documentId":"D-1","owner":"notice:N-1","name":"letter.pdf","mediaType":"application/pdf","sizeBytes":10,"sha256":"ab","businessSecret":false}""")
            .Returns("Supervisor Wang attached letter.pdf (application/pdf) to notice:N-1");
        yield return new TestCaseData("platform:a/key:kplatform", "document-attached", """{"documentId":"D-2","owner":"response:NR-1","name":"costs.xlsx","mediaType":"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet","sizeBytes":10,"sha256":"ab","businessSecret":true}""")
            .Returns("platform:a/key:kplatform attached costs.xlsx (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) to response:NR-1, marked as a business secret");
        yield return new TestCaseData("key:kli", "document-attached", """{"documentId":"D-2","businessSecret":true,"withheld":true}""")
            .Returns("Analyst Li: document-attached (details withheld from your authority)");
        yield return new TestCaseData("key:kli", "document-refused", """{"documentId":"D-3","name":"letter.pdf","sha256":"ab","found":"cd"}""")
            .Returns("Analyst Li asked for document D-3 (letter.pdf): its stored content no longer matches the SHA-256 recorded at upload; it was not served");
        yield return new TestCaseData("key:kgone", "some-later-action", """{"x":1}""")
            .Returns("key:kgone: some-later-action");
    }

    [TestCaseSource(nameof(Entries))]
    public string Each_action_reads_as_a_sentence(string actor, string action, string details) => Sentence(actor, action, details);

    [Test]
    public void A_key_is_named_by_its_name_and_by_its_id_once_it_no_longer_exists()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Keys.Name("key:kli"), Is.EqualTo("Analyst Li"));
            Assert.That(Keys.Name("key:kgone"), Is.EqualTo("key:kgone"));
            Assert.That(Keys.Name("system"), Is.EqualTo("PlatformWatch"));
            Assert.That(Keys.Name("oidc:someone"), Is.EqualTo("oidc:someone"));
            Assert.That(ActorNames.KeyIds(["key:kli", "system", null, "key:kli", "oidc:x", "key:kwang"]), Is.EquivalentTo(new[] { "kli", "kwang" }));
        });
    }
}
