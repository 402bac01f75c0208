using PlatformWatch.Application;
using PlatformWatch.Hosting;
using PlatformWatch.Store;

namespace PlatformWatch.Tests;

// The notification emails name severities, outcomes and report types in words (the pages' words), write
// days, times and money in the pages' forms (Readable, which the pages' Formats writes with) and say an
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

    // The subject, and what the plain text and the HTML each contain.
    private static void Says(MimeKit.MimeMessage mail, string subject, string[] text, string[]? html = null) => Assert.Multiple(() =>
    {
        Assert.That(mail.Subject, Is.EqualTo(subject));
        foreach (var line in text)
        {
            Assert.That(mail.TextBody, Does.Contain(line));
        }

        foreach (var cell in html ?? [])
        {
            Assert.That(mail.HtmlBody, Does.Contain(cell));
        }
    });

    private const string Overdue = """
        {"findingId":"F-1","caseId":"C-1","platformId":"a","severity":"critical","raisedAt":"2026-12-05T09:05:00.000Z",
         "overdue":[{"obligationId":"SAMR-REMEDY-9","reportType":"cn-remedy-self-inspection","dueDate":"2026-11-25"}]}
        """;

    [TestCase("en", "Report overdue for platform a (severity: critical)", "Overdue reports: self-inspection report under a SAMR remedy under obligation SAMR-REMEDY-9, due 25 Nov 2026", "Severity: critical")]
    [TestCase("zh-CN", "平台 a 的报告逾期未交（严重程度：严重）", "逾期报告：整改自查合规报告（报告义务 SAMR-REMEDY-9），应于 2026年11月25日 前提交", "严重程度：严重")]
    public void An_overdue_report_is_said_in_a_sentence_with_the_severity_in_words(string language, string subject, string line, string severity) =>
        Says(Compose(language, "report-overdue", Overdue), subject, text: [line, severity]);

    [TestCase("en", "Decision D-9 served: rectification ordered")]
    [TestCase("zh-CN", "决定 D-9 已送达：责令改正")]
    public void A_decisions_outcome_is_said_in_words(string language, string subject) =>
        Assert.That(Compose(language, "decision-served", """{"decisionId":"D-9","caseId":"C-1","platformId":"a","outcome":"rectification-ordered"}""").Subject, Is.EqualTo(subject));

    [TestCase("en", "Report R-1 received (annual self-regulation report, 1 Jan 2026 to 30 Jun 2026)")]
    [TestCase("zh-CN", "已收到报告 R-1（年度自律报告，2026年1月1日 至 2026年6月30日）")]
    public void A_received_report_has_a_subject_of_its_own_with_its_type_in_words(string language, string subject) =>
        Assert.That(Compose(language, "report-received", """{"reportId":"R-1","platformId":"a","jurisdiction":"CN","reportType":"annual-self-regulation","periodStart":"2026-01-01","periodEnd":"2026-06-30"}""").Subject, Is.EqualTo(subject));

    [TestCase("en", "Report R-2 received (cn-annual-compliance, 1 Jan 2026 to 30 Jun 2026)")]
    [TestCase("zh-CN", "已收到报告 R-2（cn-annual-compliance，2026年1月1日 至 2026年6月30日）")]
    public void A_report_type_without_words_stays_as_recorded(string language, string subject) =>
        Assert.That(Compose(language, "report-received", """{"reportId":"R-2","platformId":"a","jurisdiction":"CN","reportType":"cn-annual-compliance","periodStart":"2026-01-01","periodEnd":"2026-06-30"}""").Subject, Is.EqualTo(subject));

    [TestCase("en", "Notice N-1 issued: answer due 5 Dec 2026, 09:05 UTC", "Answer due: 5 Dec 2026, 09:05 UTC", "<td>5 Dec 2026, 09:05 UTC</td>")]
    [TestCase("zh-CN", "通知书 N-1 已发出，答复期限：2026年12月5日 09:05（UTC）", "答复期限：2026年12月5日 09:05（UTC）", "<td>2026年12月5日 09:05（UTC）</td>")]
    public void A_time_is_written_as_the_pages_write_it(string language, string subject, string line, string cell) =>
        Says(Compose(language, "notice-issued", """{"noticeId":"N-1","caseId":"C-1","platformId":"a","responseDueAt":"2026-12-05T09:05:41.123Z"}"""), subject, text: [line], html: [cell]);

    [TestCase("en", "Fine: ¥18,228,480,000.00")]
    [TestCase("zh-CN", "罚款：¥18,228,480,000.00")]
    public void A_fine_is_written_in_full_as_the_pages_write_it(string language, string line) =>
        Assert.That(Compose(language, "decision-served", """{"decisionId":"D-9","caseId":"C-1","platformId":"a","outcome":"penalty-referral","fine":{"amount":18228480000.00,"currency":"CNY"}}""").TextBody, Does.Contain(line));

    [TestCase("en")]
    [TestCase("zh-CN")]
    public void The_emails_and_the_pages_write_one_time_alike(string language)
    {
        var at = new DateTimeOffset(2026, 12, 5, 17, 5, 0, TimeSpan.FromHours(8));
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        string page;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(language);
            page = PlatformWatch.Api.Ui.Formats.DateTime(at);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }

        var mail = Compose(language, "notice-issued", """{"noticeId":"N-1","caseId":"C-1","platformId":"a","responseDueAt":"2026-12-05T09:05:00Z"}""");
        Assert.That(mail.Subject, Does.EndWith(page));
    }
}

// The readable forms both the pages and the emails write with (Application's Resources/Readable) and the emails'
// texts (Hosting's Resources/EmailText): every key in both languages, with the same placeholders.
[TestFixture]
internal sealed class Readable_forms_in_both_languages
{
    private static Dictionary<string, string> Entries(System.Resources.ResourceManager resources, string culture) =>
        resources.GetResourceSet(System.Globalization.CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);

    [TestCase("PlatformWatch.Application.Resources.Readable", typeof(Readable), "format.dateTime")]
    [TestCase("PlatformWatch.Hosting.Resources.EmailText", typeof(EmailChannel), "subject.notice-issued")]
    public void Every_key_has_a_Chinese_text_with_the_same_placeholders(string resources, Type assemblyOf, string key)
    {
        var manager = new System.Resources.ResourceManager(resources, assemblyOf.Assembly);
        var english = Entries(manager, "");
        var chinese = Entries(manager, "zh-CN");
        Assert.Multiple(() =>
        {
            Assert.That(english.Keys, Has.Member(key));
            Assert.That(chinese.Keys, Is.EquivalentTo(english.Keys));
            foreach (var (key, text) in english.Where(e => chinese.ContainsKey(e.Key)))
            {
                Assert.That(Placeholders(chinese[key]), Is.EqualTo(Placeholders(text)), key);
            }
        });
    }

    [Test]
    public void Every_report_type_has_words_in_both_languages()
    {
        var types = PlatformWatch.Contracts.Wire.WireNames.Names<PlatformWatch.Contracts.ReportType>();
        Assert.Multiple(() =>
        {
            foreach (var type in types)
            {
                Assert.That(Readable.ReportType(type, System.Globalization.CultureInfo.InvariantCulture), Is.Not.EqualTo(type), type);
                Assert.That(Readable.ReportType(type, System.Globalization.CultureInfo.GetCultureInfo("zh-CN")), Does.Match(@"\p{IsCJKUnifiedIdeographs}"), type);
            }
        });
    }

    private static string[] Placeholders(string text) =>
        [.. System.Text.RegularExpressions.Regex.Matches(text, @"\{\w+\}").Select(m => m.Value).Order(StringComparer.Ordinal)];
}
