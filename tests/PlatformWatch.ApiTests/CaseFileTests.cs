using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The case file of the DMA sample's report case (owned by the DMA unit, with the authorities of
/// <c>authorities.json</c>): the platform filed a report with a business-secret section and answered
/// the notice with a business-secret answer and a document; the owner commented internally and
/// shared the case with SAMR, withholding the internal comments. The owner's PDF, parsed back,
/// holds the findings with their labelled values and law, the evidence, the notice and answer, the
/// document's hash and the audit trail with the chain head (on every page) that the audit
/// verification checks; SAMR's holds neither the internal comment nor the secrets; another
/// authority gets 404 and the platform 403. On SQLite and on PostgreSQL.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class The_case_file(StoreProvider provider)
{
    private const string InternalComment = "Internal: the remedy looks thin, INTERNAL-COMMENT-8842";
    private const string SecretAnswer = "Our cost structure per order is SECRET-ANSWER-4410";
    private const string SecretSection = "Our remedy roadmap, SECRET-SECTION-7731";
    private const string ChineseComment = "请于十日内补充互操作性部分。";
    private static readonly string DocumentHash = "5f2b" + new string('c', 60);

    private ApiWorld _world = null!;
    private SecretReportCase _case = null!;
    private string _storedHash = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await ApiWorld.StartAsync(provider, authorities: "authorities.json");
        _case = await SecretReportCase.FileAsync(_world, "BZ-ART11-2025-F", SecretSection, "Sellers can export their data.", SecretAnswer,
            new { name = "cost-model.xlsx", mediaType = "application/vnd.ms-excel", sizeBytes = 48213, sha256 = DocumentHash }, "samr", "cac");
        using var commented = await As(_case.Owner).PostAsJsonAsync($"/api/v1/cases/{_case.CaseId}/comments", new { text = InternalComment, visibility = "internal" });
        Assert.That(commented.StatusCode, Is.EqualTo(HttpStatusCode.Created), await commented.Content.ReadAsStringAsync());
        // Text in Chinese: the file sets it in the CJK font in either language.
        using var chinese = await As(_case.Owner).PostAsJsonAsync($"/api/v1/cases/{_case.CaseId}/comments", new { text = ChineseComment, visibility = "shared" });
        Assert.That(chinese.StatusCode, Is.EqualTo(HttpStatusCode.Created), await chinese.Content.ReadAsStringAsync());
        // A document stored with its content on the notice: the file lists it with its SHA-256.
        var stored = await _world.Services.GetRequiredService<DocumentService>().AttachToNoticeAsync(Actor.Operator("test"), _case.CaseId, _case.NoticeId, "request-for-information.pdf", MatrixBodies.Pdf, CancellationToken.None);
        Assert.That(stored.IsOk, Is.True, stored.Reason);
        _storedHash = stored.Value!.Sha256;
        using var shared = await As(_case.Owner).PostAsJsonAsync($"/api/v1/cases/{_case.CaseId}/shares", new { authority = "samr", access = "read", reason = "cooperation on the same platform" });
        Assert.That(shared.StatusCode, Is.EqualTo(HttpStatusCode.Created), await shared.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private HttpClient As(string authority) => _world.WithKey(_case.Supervisors[authority]);

    private async Task<byte[]> FileAsync(string authority, string? language = null)
    {
        using var client = As(authority);
        if (language is not null)
        {
            client.DefaultRequestHeaders.Add("Accept-Language", language);
        }

        using var answer = await client.GetAsync($"/api/v1/cases/{_case.CaseId}/file");
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), await answer.Content.ReadAsStringAsync());
        Assert.That(answer.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        return await answer.Content.ReadAsByteArrayAsync();
    }

    private async Task<CaseDetail> CaseAsync() => (await _world.Store.Cases.GetAsync(_case.CaseId))!;

    [Test]
    public async Task Is_in_chinese_when_asked_for_in_chinese_its_labels_readable_back_as_text()
    {
        var text = PdfText.Unicode(await FileAsync(_case.Owner, "zh-CN"));
        var status = (await CaseAsync()).Case.Status;
        Assert.Multiple(() =>
        {
            foreach (var key in new[] { "casefile.case", "casefile.findingsAndLaw", "casefile.evidence", "casefile.notices", "casefile.comments", "casefile.audit", "finding.measured", "finding.threshold" })
            {
                Assert.That(text, Does.Contain(UiResources.Text("zh-CN", key)), key);
            }

            Assert.That(text, Does.Contain(UiResources.Format("zh-CN", "casefile.field", UiResources.Text("zh-CN", "casefile.status"), status)), "a labelled field");
            Assert.That(text, Does.Contain(ChineseComment), "Chinese text from the case");
            Assert.That(text, Does.Not.Contain(UiResources.Text("en", "casefile.findingsAndLaw")).And.Not.Contain(UiResources.Text("en", "finding.measured")), "no English label");
        });
    }

    [Test]
    public async Task Keeps_chinese_text_readable_in_english()
    {
        var text = PdfText.Unicode(await FileAsync(_case.Owner, "en"));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(ChineseComment), "the comment in Chinese, in the CJK font");
            Assert.That(text, Does.Contain(UiResources.Text("en", "casefile.findingsAndLaw")).And.Not.Contain(UiResources.Text("zh-CN", "casefile.findingsAndLaw")), "English labels");
        });
    }

    [Test]
    public async Task Holds_each_finding_with_its_labelled_values_and_its_law()
    {
        var text = PdfText.Flat(await FileAsync(_case.Owner));
        var findings = (await CaseAsync()).Findings;
        Assert.That(findings, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var f in findings)
            {
                Assert.That(text, Does.Contain(f.FindingId), "the finding's id");
                Assert.That(text, Does.Contain($"{f.RuleId} v{f.RuleVersion}"), "its rule");
                Assert.That(text, Does.Contain("Legal basis: " + JsonText.Field(f.LegalBasis, "citation")), "its law");
                var rows = FindingValues.Measured(f.Measured, f.Threshold).Concat(FindingValues.Threshold(f.Threshold))
                    .Where(r => !r.IsGroup && r.Items.Count == 0 && r.Text.All(char.IsAscii)).ToList();
                Assert.That(rows, Is.Not.Empty, $"{f.RuleId} has values to look for");
                foreach (var row in rows)
                {
                    Assert.That(text, Does.Contain($"{row.Label}: {row.Text}"), $"{f.RuleId}: the labelled row as the case page shows it");
                }
            }
        });
    }

    // The law in the file's language, the other language's citation beside it (LawText, as the case page).
    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task Cites_each_findings_law_in_the_files_language_with_the_other_beside(string language)
    {
        var text = PdfText.Unicode(await FileAsync(_case.Owner, language));
        var laws = (await CaseAsync()).Findings.Select(f => LawText.Parse(f.LegalBasis)).OfType<PlatformWatch.Contracts.LegalCitation>().Where(l => l.Zh is not null).ToList();
        Assert.That(laws, Is.Not.Empty, "findings citing their law in both languages");
        Assert.Multiple(() =>
        {
            foreach (var law in laws)
            {
                var (shown, beside) = language == "zh-CN" ? (law.Zh!.Citation, law.Citation) : (law.Citation, law.Zh!.Citation);
                Assert.That(text, Does.Contain(UiResources.Format(language, "casefile.legalBasis", shown)), "the citation in the file's language");
                Assert.That(text, Does.Contain(beside), "the other language's citation");
            }
        });
    }

    [Test]
    public async Task Every_page_names_the_case_and_the_chain_head_that_the_audit_verification_checks()
    {
        var pdf = await FileAsync(_case.Owner);
        var pages = PdfText.Pages(pdf);
        var recorded = (await CaseAsync()).Case;
        var verified = await _world.Services.GetRequiredService<CaseService>().VerifyAuditAsync(Actor.Operator("test"), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(verified.Value!.Break, Is.Null, "the trail verifies");
            Assert.That(recorded.AuditHead, Has.Length.EqualTo(64));
            Assert.That(pages, Has.Count.GreaterThan(1), "a case file runs over pages");
            Assert.That(System.Text.Encoding.Latin1.GetString(pdf), Does.Not.Contain("/FlateDecode"), "no stream without its zlib checksum (PDFsharp 6.2.4 leaves it off)");
            for (var i = 0; i < pages.Count; i++)
            {
                Assert.That(pages[i], Does.Contain($"Audit chain head ({recorded.AuditCount} entries): {recorded.AuditHead}"), $"page {i + 1}'s footer");
                Assert.That(pages[i], Does.Contain($"Case file {_case.CaseId} - page {i + 1} of {pages.Count}"), $"page {i + 1}'s number");
            }
        });
    }

    [Test]
    public async Task Lists_the_evidence_the_notice_the_answer_the_document_with_its_hash_and_every_audit_entry()
    {
        var text = PdfText.Flat(await FileAsync(_case.Owner));
        var detail = await CaseAsync();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(_case.ReportEventId + " - SelfRegulationReportSubmitted"));
            Assert.That(text, Does.Contain("Business secret: measures."), "the owner sees the mark");
            Assert.That(text, Does.Contain("Notice " + _case.NoticeId));
            Assert.That(text, Does.Contain(SecretAnswer), "the owner sees the secret answer");
            Assert.That(text, Does.Contain("SHA-256 " + DocumentHash), "the declared document's hash");
            Assert.That(text, Does.Contain("request-for-information.pdf").And.Contain("SHA-256 " + _storedHash), "the stored document with its hash");
            Assert.That(text, Does.Contain(InternalComment), "the owner's internal comment");
            Assert.That(text, Does.Contain("No decision has been recorded on this case."));
            Assert.That(text, Does.Contain($"supervisor of {_case.Owner} (key:"), "a key by its name and id, as the case page names it");
            foreach (var a in detail.Audit)
            {
                Assert.That(text, Does.Contain($"#{a.Seq} {a.At.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC"), $"audit entry {a.Seq}");
                Assert.That(text, Does.Contain("hash " + a.Hash), $"audit entry {a.Seq}'s hash");
            }
        });
    }

    [Test]
    public async Task A_partner_whose_share_withholds_internal_comments_gets_a_file_without_them_or_the_secrets()
    {
        var text = PdfText.Flat(await FileAsync("samr"));
        var recorded = (await CaseAsync()).Case;
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain($"{_case.CaseId}"));
            Assert.That(text, Does.Not.Contain("INTERNAL-COMMENT-8842"), "the owner's internal comment");
            Assert.That(text, Does.Not.Contain("SECRET-ANSWER-4410"), "the secret answer");
            Assert.That(text, Does.Not.Contain("SECRET-SECTION-7731"), "the secret section");
            Assert.That(text, Does.Not.Contain(DocumentHash), "the secret answer's document");
            Assert.That(text, Does.Contain("withheld from your authority"));
            Assert.That(text, Does.Contain($"Audit chain head ({recorded.AuditCount} entries): {recorded.AuditHead}"), "the head, with this read logged in the trail");
        });
    }

    [Test]
    public async Task Another_authority_gets_404_and_the_platform_403()
    {
        using var other = As("cac");
        using var otherFile = await other.GetAsync($"/api/v1/cases/{_case.CaseId}/file");
        using var platform = _world.Client(ApiRoles.Platform);
        using var platformFile = await platform.GetAsync($"/api/v1/cases/{_case.CaseId}/file");
        using var missing = await As(_case.Owner).GetAsync("/api/v1/cases/C-MISSING-1/file");
        var refused = await _world.Services.GetRequiredService<CaseFileService>()
            .ReadAsync(new Actor("key:k1", ApiRoles.Platform, PlatformId: ApiWorld.PlatformA), _case.CaseId, "test", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(otherFile.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(otherFile.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(platformFile.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(refused.Kind, Is.EqualTo(OutcomeKind.Forbidden), "the application layer refuses a platform too");
        });
    }

    [Test]
    public async Task The_case_page_links_the_file_and_serves_it()
    {
        using var client = _world.PageClient();
        await Pages.SignInAsync(client, _case.Supervisors[_case.Owner]);
        var page = await client.GetStringAsync($"/cases/{_case.CaseId}");
        using var file = await client.GetAsync($"/cases/{_case.CaseId}?handler=File");
        Assert.Multiple(async () =>
        {
            Assert.That(page, Does.Contain($"href=\"/cases/{_case.CaseId}?handler=File\""));
            Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(file.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(PdfText.Flat(await file.Content.ReadAsByteArrayAsync()), Does.Contain(InternalComment));
        });
    }
}

/// <summary>An API whose case-file font is not installed answers 503 naming the font and the package, not 500.</summary>
internal sealed class A_case_file_without_its_font
{
    [TestCase("CaseFile:RegularFont", "fonts-dejavu-core")]
    [TestCase("CaseFile:CjkFont", "fonts-wqy-zenhei")]
    public async Task Is_refused_with_503_naming_the_font(string font, string package)
    {
        await using var world = await ApiWorld.StartAsync(settings: new Dictionary<string, string?> { [font] = "/nonexistent/fonts/NoSuchFont.ttf" });
        using var client = world.Client(ApiRoles.RegulatorSupervisor);
        using var answer = await client.GetAsync($"/api/v1/cases/{world.CaseA}/file");
        var problem = await answer.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(problem!["detail"]!.GetValue<string>(), Does.Contain("/nonexistent/fonts/NoSuchFont.ttf").And.Contain(font).And.Contain(package));
        });
    }
}
