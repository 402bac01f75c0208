using PlatformWatch.Application;
using PlatformWatch.Hosting;
using PlatformWatch.Store;

namespace PlatformWatch.Tests;

// The notification emails name severities and outcomes in words (the pages' words) and say an
// overdue report in a sentence, in the subscription's language.
[TestFixture]
internal sealed class Notification_emails_in_words
{
    private static MimeKit.MimeMessage Compose(string language, string kind, string data) => EmailChannel.Compose(
        new SubscriptionRecord
        {
            SubscriptionId = "S-1", OwnerKind = "platform", OwnerId = "a", Channel = "email", Target = "compliance@bazaarly.example",
            Kinds = $"[\"{kind}\"]", MinSeverity = "high", LeadDays = "[7,1]", Language = language, CreatedAt = DateTimeOffset.UnixEpoch, CreatedBy = "key:a",
        },
        new DeliveryRecord
        {
            DeliveryId = "D-1", SubscriptionId = "S-1", MessageId = "M-1", Kind = kind, Status = "pending",
            Payload = $$"""{"id":"D-1","type":"{{kind}}","version":1,"occurredAt":"2026-12-05T09:05:00.000Z","data":{{data}}}""",
            NextAttemptAt = DateTimeOffset.UnixEpoch, CreatedAt = DateTimeOffset.UnixEpoch,
        },
        new SmtpOptions());

    private const string Overdue = """
        {"findingId":"F-1","caseId":"C-1","platformId":"a","severity":"critical","raisedAt":"2026-12-05T09:05:00.000Z",
         "overdue":[{"obligationId":"SAMR-REMEDY-9","reportType":"cn-remedy-self-inspection","dueDate":"2026-11-25"}]}
        """;

    [TestCase("en", "Report overdue for platform a (severity: critical)", "Overdue reports: cn-remedy-self-inspection under obligation SAMR-REMEDY-9, due 2026-11-25", "Severity: critical")]
    [TestCase("zh-CN", "平台 a 的报告逾期未交（严重程度：严重）", "逾期报告：cn-remedy-self-inspection（报告义务 SAMR-REMEDY-9），应于 2026-11-25 前提交", "严重程度：严重")]
    public void An_overdue_report_is_said_in_a_sentence_with_the_severity_in_words(string language, string subject, string line, string severity)
    {
        var mail = Compose(language, "report-overdue", Overdue);
        Assert.Multiple(() =>
        {
            Assert.That(mail.Subject, Is.EqualTo(subject));
            Assert.That(mail.TextBody, Does.Contain(line));
            Assert.That(mail.TextBody, Does.Contain(severity));
        });
    }

    [TestCase("en", "Decision D-9 served: rectification ordered")]
    [TestCase("zh-CN", "决定 D-9 已送达：责令改正")]
    public void A_decisions_outcome_is_said_in_words(string language, string subject) =>
        Assert.That(Compose(language, "decision-served", """{"decisionId":"D-9","caseId":"C-1","platformId":"a","outcome":"rectification-ordered"}""").Subject, Is.EqualTo(subject));

    [TestCase("en", "Report R-1 received (cn-annual-compliance, 2026-01-01 to 2026-06-30)")]
    [TestCase("zh-CN", "已收到报告 R-1（cn-annual-compliance，2026-01-01 至 2026-06-30）")]
    public void A_received_report_has_a_subject_of_its_own(string language, string subject) =>
        Assert.That(Compose(language, "report-received", """{"reportId":"R-1","platformId":"a","jurisdiction":"CN","reportType":"cn-annual-compliance","periodStart":"2026-01-01","periodEnd":"2026-06-30"}""").Subject, Is.EqualTo(subject));
}
