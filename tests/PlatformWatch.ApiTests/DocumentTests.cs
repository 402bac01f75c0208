using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Documents with their content (issue 18, item 3), as an attacker would try them: a type not
/// allowed, a type disguised by its name, an oversized file, a stored file changed behind the API's
/// back (in the database or in the folder), another platform's and another authority's download, a
/// partner authority and a business secret. The DMA case of the business-secret sample (its owner
/// the DMA unit, shared with SAMR to read): the platform answers the notice and attaches files to the
/// answer and its report, the owner one to the notice. On SQLite and PostgreSQL, with the content in
/// the database and in a folder.
/// </summary>
[TestFixture(StoreProvider.Sqlite, false)]
[TestFixture(StoreProvider.Sqlite, true)]
[TestFixture(StoreProvider.Postgres, false)]
[TestFixture(StoreProvider.Postgres, true)]
internal sealed class Documents(StoreProvider provider, bool inFolder)
{
    private const int MaxBytes = 64 * 1024;
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes("market,share\ncn-ride-hailing,0.41\ncn-food-delivery,0.12\n");

    private ApiWorld _world = null!;
    private string _folder = "";
    private string _caseId = "";
    private string _noticeId = "";
    private string _owner = "";
    private string _answerPdf = "";
    private string _secretXlsx = "";
    private string _reportCsv = "";
    private string _noticePng = "";
    private readonly Dictionary<string, string> _supervisors = new(StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task Start()
    {
        _folder = Path.Combine(Path.GetTempPath(), "pw-documents-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Documents:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (inFolder)
        {
            settings["Documents:Folder"] = _folder;
        }

        _world = await ApiWorld.StartAsync(provider, settings, authorities: "authorities.json");
        using var platform = _world.Client(ApiRoles.Platform);
        using var filed = await platform.PostAsJsonAsync("/api/v1/platform/reports", new JsonObject
        {
            ["reportId"] = "BZ-ART11-2025-D",
            ["jurisdiction"] = "EU",
            ["reportType"] = "dma-art11-compliance",
            ["periodStart"] = "2025-03-07",
            ["periodEnd"] = "2026-03-06",
            ["sections"] = new JsonObject { ["measures"] = "Described in the attached table." },
        });
        Assert.That(filed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await filed.Content.ReadAsStringAsync());
        var reportEventId = (await filed.Content.ReadFromJsonAsync<JsonObject>())!["eventId"]!.GetValue<string>();
        Assert.That(await _world.WaitForEventAsync(reportEventId, TimeSpan.FromSeconds(30)), Is.True, "the report is processed");

        var finding = (await _world.Store.Findings.ListAsync(new FindingQuery { PlatformId = ApiWorld.PlatformA, RuleId = "DMA-11-SECTIONS", Limit = 100 }))
            .Single(f => f.EvidenceEventIds.Contains(reportEventId));
        _caseId = finding.CaseId!;
        _noticeId = _caseId == _world.CaseA ? _world.NoticeA : (await _world.NoticeToAsync(ApiWorld.PlatformA, _caseId)).NoticeId;
        using var answered = await platform.PostAsJsonAsync($"/api/v1/platform/notices/{_noticeId}/responses", new { text = "See the attached files." });
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await answered.Content.ReadAsStringAsync());
        var responseId = (await answered.Content.ReadFromJsonAsync<JsonObject>())!["responseId"]!.GetValue<string>();

        _owner = (await _world.Store.Cases.GetAsync(_caseId))!.Case.OwnerAuthorityId;
        foreach (var authority in new[] { _owner, "samr", "cac" })
        {
            _supervisors[authority] = (await _world.Store.Keys.CreateApiKeyAsync("supervisor of " + authority, ApiRoles.RegulatorSupervisor, null, authority, "test")).Token;
        }

        var answerPath = $"/api/v1/platform/notices/{_noticeId}/responses/{responseId}/documents";
        _answerPdf = await UploadAsync(platform, answerPath, "contract.pdf", MatrixBodies.Pdf);
        _secretXlsx = await UploadAsync(platform, answerPath, "cost-model.xlsx", Xlsx(), businessSecret: true);
        _reportCsv = await UploadAsync(platform, "/api/v1/platform/reports/BZ-ART11-2025-D/documents", "shares.csv", Csv);
        using var owner = As(_owner);
        _noticePng = await UploadAsync(owner, $"/api/v1/cases/{_caseId}/notices/{_noticeId}/documents", "screenshot.png", Png);

        using var shared = await owner.PostAsJsonAsync($"/api/v1/cases/{_caseId}/shares", new { authority = "samr", access = "read", reason = "cooperation on the same platform" });
        Assert.That(shared.StatusCode, Is.EqualTo(HttpStatusCode.Created), await shared.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _world.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public async Task Each_is_stored_with_the_type_of_its_content_and_its_hash()
    {
        var pdf = (await _world.Store.Documents.GetAsync(_answerPdf))!;
        var xlsx = (await _world.Store.Documents.GetAsync(_secretXlsx))!;
        var csv = (await _world.Store.Documents.GetAsync(_reportCsv))!;
        var png = (await _world.Store.Documents.GetAsync(_noticePng))!;
        Assert.Multiple(() =>
        {
            Assert.That(pdf.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(pdf.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(MatrixBodies.Pdf))));
            Assert.That(pdf.SizeBytes, Is.EqualTo(MatrixBodies.Pdf.Length));
            Assert.That((pdf.OwnerKind, pdf.CaseId, pdf.PlatformId, pdf.BusinessSecret), Is.EqualTo((DocumentOwner.Response, _caseId, ApiWorld.PlatformA, false)));
            Assert.That(xlsx.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
            Assert.That(xlsx.BusinessSecret, Is.True);
            Assert.That(csv.MediaType, Is.EqualTo("text/csv; charset=utf-8"));
            Assert.That((csv.OwnerKind, csv.OwnerId, csv.CaseId), Is.EqualTo((DocumentOwner.Report, "report:bazaarly:BZ-ART11-2025-D", (string?)null)));
            Assert.That(png.MediaType, Is.EqualTo("image/png"));
            Assert.That(png.OwnerKind, Is.EqualTo(DocumentOwner.Notice));
            Assert.That(pdf.StoredIn, Is.EqualTo(inFolder ? DocumentStorage.Folder : DocumentStorage.Database));
            Assert.That(File.Exists(Path.Combine(_folder, _answerPdf)), Is.EqualTo(inFolder), "the content is in the folder when one is configured, else in the database");
        });
    }

    [Test]
    public async Task The_owner_downloads_each_as_an_attachment_with_nosniff()
    {
        using var owner = As(_owner);
        foreach (var (id, content, type, name) in new[]
        {
            (_answerPdf, MatrixBodies.Pdf, "application/pdf", "contract.pdf"),
            (_secretXlsx, Xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "cost-model.xlsx"),
            (_reportCsv, Csv, "text/csv", "shares.csv"),
            (_noticePng, Png, "image/png", "screenshot.png"),
        })
        {
            using var response = await owner.GetAsync($"/api/v1/documents/{id}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            Assert.Multiple(async () =>
            {
                Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(content));
                Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo(type));
                Assert.That(response.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
                Assert.That(response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, Is.EqualTo(name));
                Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            });
        }
    }

    [Test]
    public async Task The_platform_downloads_its_own_and_the_notice_s()
    {
        using var platform = _world.Client(ApiRoles.Platform);
        var listed = await platform.GetFromJsonAsync<JsonObject>("/api/v1/platform/documents");
        var ids = listed!["items"]!.AsArray().Select(d => d!["documentId"]!.GetValue<string>()).ToList();
        using var notice = await platform.GetAsync($"/api/v1/documents/{_noticePng}");
        using var own = await platform.GetAsync($"/api/v1/documents/{_secretXlsx}");
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.SupersetOf(new[] { _answerPdf, _secretXlsx, _reportCsv, _noticePng }));
            Assert.That(notice.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK), "its own business secret");
        });
    }

    [Test]
    public async Task Another_platform_gets_404_for_every_document_and_cannot_attach_to_the_answer()
    {
        using var other = _world.Client("platform-b");
        var listed = await other.GetFromJsonAsync<JsonObject>("/api/v1/platform/documents");
        Assert.That(listed!["items"]!.AsArray().Select(d => d!["documentId"]!.GetValue<string>()), Is.Not.Contains(_answerPdf));
        foreach (var id in new[] { _answerPdf, _secretXlsx, _reportCsv, _noticePng })
        {
            using var response = await other.GetAsync($"/api/v1/documents/{id}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), id);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("contract").And.Not.Contain("bazaarly"));
        }

        var answer = (await _world.Store.Cases.GetNoticeAsync(_noticeId))!.Responses.Single().ResponseId;
        using var attached = await other.PostAsync($"/api/v1/platform/notices/{_noticeId}/responses/{answer}/documents", Body("x.pdf", MatrixBodies.Pdf));
        using var report = await other.PostAsync("/api/v1/platform/reports/BZ-ART11-2025-D/documents", Body("x.pdf", MatrixBodies.Pdf));
        Assert.Multiple(() =>
        {
            Assert.That(attached.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(report.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "its own report of that id does not exist; A's is not reachable");
        });
    }

    [Test]
    public async Task Another_authority_gets_404_for_the_documents_and_the_list()
    {
        using var cac = As("cac");
        using var list = await cac.GetAsync($"/api/v1/cases/{_caseId}/documents");
        using var upload = await cac.PostAsync($"/api/v1/cases/{_caseId}/notices/{_noticeId}/documents", Body("x.pdf", MatrixBodies.Pdf, platform: false));
        Assert.Multiple(() =>
        {
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
        foreach (var id in new[] { _answerPdf, _secretXlsx, _reportCsv, _noticePng })
        {
            using var response = await cac.GetAsync($"/api/v1/documents/{id}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), id);
        }
    }

    [Test]
    public async Task A_partner_downloads_the_documents_but_not_a_business_secret()
    {
        using var partner = As("samr");
        var listed = await partner.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{_caseId}/documents");
        var secret = listed!["items"]!.AsArray().Single(d => d!["documentId"]!.GetValue<string>() == _secretXlsx)!;
        using var open = await partner.GetAsync($"/api/v1/documents/{_answerPdf}");
        using var report = await partner.GetAsync($"/api/v1/documents/{_reportCsv}");
        using var withheld = await partner.GetAsync($"/api/v1/documents/{_secretXlsx}");
        var body = await withheld.Content.ReadAsStringAsync();
        var audit = (await _world.Store.Cases.GetAsync(_caseId))!.Audit;
        var partnerCase = await partner.GetStringAsync($"/api/v1/cases/{_caseId}");
        using var owner = As(_owner);
        var ownerCase = await owner.GetStringAsync($"/api/v1/cases/{_caseId}");
        Assert.Multiple(() =>
        {
            Assert.That(partnerCase, Does.Not.Contain("cost-model.xlsx"), "nor in the timeline");
            Assert.That(ownerCase, Does.Contain("cost-model.xlsx"), "the owner sees the attachment in the timeline");
            Assert.That(secret["withheld"]!.GetValue<bool>(), Is.True);
            Assert.That(secret["businessSecret"]!.GetValue<bool>(), Is.True);
            Assert.That(secret["name"], Is.Null, "the mark, not the name");
            Assert.That(secret["sha256"], Is.Null);
            Assert.That(secret["href"], Is.Null);
            Assert.That(open.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(report.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a report held as the case's evidence");
            Assert.That(withheld.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), body);
            Assert.That(body, Does.Contain("business secret").And.Not.Contain("PK"));
            Assert.That(audit.Any(a => a.Action == "read-through-grant" && a.Details.Contains(_answerPdf, StringComparison.Ordinal)), Is.True, "the partner's download is logged");
        });
    }

    [TestCase("setup.pdf", "MZ", "Windows executable")]
    [TestCase("report.pdf", "<!DOCTYPE html><html><script>alert(1)</script></html>", "HTML")]
    [TestCase("notes.txt", "<svg onload=alert(1)>", "HTML, XML or SVG")]
    [TestCase("run.txt", "#!/bin/sh\nrm -rf /\n", "script")]
    public async Task A_type_not_allowed_is_refused_naming_what_it_is(string name, string content, string reason)
    {
        var bytes = content == "MZ" ? [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00] : Encoding.UTF8.GetBytes(content);
        await AssertRefusedAsync(name, bytes, HttpStatusCode.BadRequest, reason);
    }

    [Test]
    public async Task Legacy_office_files_and_plain_zip_archives_are_refused()
    {
        await AssertRefusedAsync("old.doc", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0], HttpStatusCode.BadRequest, "legacy OLE");
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = archive.CreateEntry("payload.exe").Open();
            entry.Write([0x4D, 0x5A]);
        }

        await AssertRefusedAsync("book.xlsx", zip.ToArray(), HttpStatusCode.BadRequest, "not an OOXML office document");
    }

    [Test]
    public async Task A_type_disguised_by_its_name_is_refused()
    {
        await AssertRefusedAsync("disguised.pdf", Png, HttpStatusCode.BadRequest, "the content is a PNG image, but the name says '.pdf'");
        await AssertRefusedAsync("disguised-table.xlsx", MatrixBodies.Pdf, HttpStatusCode.BadRequest, "the content is a PDF document, but the name says '.xlsx'");
    }

    [Test]
    public async Task An_oversized_file_is_refused_naming_the_limit()
    {
        var big = Encoding.UTF8.GetBytes(new string('a', MaxBytes + 1));
        await AssertRefusedAsync("big.txt", big, HttpStatusCode.RequestEntityTooLarge, $"over the limit of {MaxBytes} bytes");
    }

    [Test]
    public async Task Content_that_is_not_base64_and_unknown_fields_are_refused_by_name()
    {
        using var platform = _world.Client(ApiRoles.Platform);
        using var owner = As(_owner);
        using var notBase64 = await platform.PostAsync("/api/v1/platform/reports/BZ-ART11-2025-D/documents", MatrixBodies.Text("""{"name":"a.pdf","content":"%%%not base64"}"""));
        using var secretByRegulator = await owner.PostAsync($"/api/v1/cases/{_caseId}/notices/{_noticeId}/documents", MatrixBodies.Text("""{"name":"a.pdf","content":"JVBERi0=","businessSecret":true}"""));
        using var declaredType = await platform.PostAsync("/api/v1/platform/reports/BZ-ART11-2025-D/documents", MatrixBodies.Text("""{"name":"a.pdf","content":"JVBERi0=","mediaType":"application/pdf"}"""));
        Assert.Multiple(async () =>
        {
            Assert.That(notBase64.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await notBase64.Content.ReadAsStringAsync(), Does.Contain("content").And.Contain("base64"));
            Assert.That(secretByRegulator.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await secretByRegulator.Content.ReadAsStringAsync(), Does.Contain("businessSecret"));
            Assert.That(declaredType.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the type is the content's, not declared");
            Assert.That(await declaredType.Content.ReadAsStringAsync(), Does.Contain("mediaType"));
        });
    }

    [Test]
    public async Task A_stored_file_changed_behind_the_api_is_refused_and_logged_not_served()
    {
        using var owner = As(_owner);
        var id = await UploadAsync(owner, $"/api/v1/cases/{_caseId}/notices/{_noticeId}/documents", "to-tamper.pdf", MatrixBodies.Pdf);
        var forged = Encoding.ASCII.GetBytes("%PDF-1.4\nforged content\n%%EOF\n");
        if (inFolder)
        {
            await File.WriteAllBytesAsync(Path.Combine(_folder, id), forged);
        }
        else
        {
            await _world.SqlAsync("UPDATE documents SET content = @value WHERE document_id = @id", id, forged);
        }

        using var response = await owner.GetAsync($"/api/v1/documents/{id}");
        var body = await response.Content.ReadAsStringAsync();
        using var platform = _world.Client(ApiRoles.Platform);
        using var platformResponse = await platform.GetAsync($"/api/v1/documents/{id}");
        var refused = (await _world.Store.Cases.GetAsync(_caseId))!.Audit.Where(a => a.Action == "document-refused" && a.Details.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), body);
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body, Does.Contain("does not match the SHA-256").And.Contain(Convert.ToHexStringLower(SHA256.HashData(forged))));
            Assert.That(body, Does.Not.Contain("forged content"), "not served");
            Assert.That(platformResponse.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(refused, Has.Count.EqualTo(2), "each refusal is entered in the case's audit trail");
        });
    }

    [Test]
    public async Task A_stored_file_removed_is_refused_not_served()
    {
        using var owner = As(_owner);
        var id = await UploadAsync(owner, $"/api/v1/cases/{_caseId}/notices/{_noticeId}/documents", "to-remove.pdf", MatrixBodies.Pdf);
        if (inFolder)
        {
            File.Delete(Path.Combine(_folder, id));
        }
        else
        {
            await _world.SqlAsync("UPDATE documents SET content = NULL WHERE document_id = @id", id);
        }

        using var response = await owner.GetAsync($"/api/v1/documents/{id}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("stored content is missing"));
    }

    [Test]
    public async Task The_pages_take_files_on_the_notice_and_the_answer_and_list_them_for_download()
    {
        using var owner = _world.PageClient();
        await Pages.SignInAsync(owner, _supervisors[_owner]);
        using var attached = await Pages.PostFileAsync(owner, $"/cases/{_caseId}?handler=Attach", new() { ["noticeId"] = _noticeId }, "decision draft.pdf", MatrixBodies.Pdf);
        using var disguised = await Pages.PostFileAsync(owner, $"/cases/{_caseId}?handler=Attach", new() { ["noticeId"] = _noticeId }, "decision.pdf", Png);
        var disguisedPage = await disguised.Content.ReadAsStringAsync();
        var casePage = await owner.GetStringAsync($"/cases/{_caseId}");
        using var download = await owner.GetAsync($"/documents/{_answerPdf}");

        using var platform = _world.PageClient();
        await Pages.SignInAsync(platform, _world.Tokens[ApiRoles.Platform]);
        var answer = (await _world.Store.Cases.GetNoticeAsync(_noticeId))!.Responses.Single().ResponseId;
        using var fromPortal = await Pages.PostFileAsync(platform, $"/portal/notices/{_noticeId}?handler=Attach", new() { ["responseId"] = answer }, "annex.csv", Csv);
        using var report = await Pages.PostFileAsync(platform, "/portal?handler=Attach", new() { ["reportId"] = "BZ-ART11-2025-D" }, "annex.txt", Encoding.UTF8.GetBytes("Plain words."));
        var portalNotice = await platform.GetStringAsync($"/portal/notices/{_noticeId}");
        var portal = await platform.GetStringAsync("/portal");
        using var secretFromPortal = await platform.GetAsync($"/documents/{_secretXlsx}");

        using var partner = _world.PageClient();
        await Pages.SignInAsync(partner, _supervisors["samr"]);
        var partnerPage = await partner.GetStringAsync($"/cases/{_caseId}");
        using var partnerSecret = await partner.GetAsync($"/documents/{_secretXlsx}");
        using var other = _world.PageClient();
        await Pages.SignInAsync(other, _world.Tokens["platform-b"]);
        using var otherDownload = await other.GetAsync($"/documents/{_answerPdf}");

        Assert.Multiple(async () =>
        {
            Assert.That(attached.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "attached from the case page");
            Assert.That(disguised.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(disguisedPage, Does.Contain("the content is a PNG image, but the name says &#x27;.pdf&#x27;").Or.Contain("the content is a PNG image, but the name says '.pdf'"));
            Assert.That(casePage, Does.Contain("decision_draft.pdf").And.Contain($"/documents/{_answerPdf}").And.Contain("shares.csv"), "notice, answer and report documents");
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await download.Content.ReadAsByteArrayAsync(), Is.EqualTo(MatrixBodies.Pdf));
            Assert.That(download.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
            Assert.That(download.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(fromPortal.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "attached to the answer from the portal");
            Assert.That(report.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "attached to the report from the portal");
            Assert.That(portalNotice, Does.Contain("annex.csv").And.Contain("decision_draft.pdf").And.Contain("contract.pdf"));
            Assert.That(portal, Does.Contain("annex.txt"));
            Assert.That(secretFromPortal.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(partnerPage, Does.Contain("withheld from your authority").And.Not.Contain("cost-model.xlsx"));
            Assert.That(partnerSecret.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "forbidden: to the not-allowed page");
            Assert.That(partnerSecret.Headers.Location!.OriginalString, Does.Contain("/status/403"));
            Assert.That(otherDownload.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    private async Task AssertRefusedAsync(string name, byte[] content, HttpStatusCode status, string reason)
    {
        using var platform = _world.Client(ApiRoles.Platform);
        using var owner = As(_owner);
        foreach (var (client, path, isPlatform) in new[]
        {
            (platform, "/api/v1/platform/reports/BZ-ART11-2025-D/documents", true),
            (owner, $"/api/v1/cases/{_caseId}/notices/{_noticeId}/documents", false),
        })
        {
            using var response = await client.PostAsync(path, Body(name, content, isPlatform));
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(status), body);
            Assert.That(body, Does.Contain("content").And.Contain(reason));
        }

        var names = (await _world.Store.Documents.ListOfCaseAsync(_caseId)).Select(d => d.Name)
            .Concat((await _world.Store.Documents.ListOfPlatformAsync(ApiWorld.PlatformA)).Select(d => d.Name));
        Assert.That(names, Does.Not.Contain(name), "nothing was stored");
    }

    private static StringContent Body(string name, byte[] content, bool platform = true) =>
        MatrixBodies.Text(platform
            ? System.Text.Json.JsonSerializer.Serialize(new { name, content = Convert.ToBase64String(content), businessSecret = false })
            : System.Text.Json.JsonSerializer.Serialize(new { name, content = Convert.ToBase64String(content) }));

    private static async Task<string> UploadAsync(HttpClient client, string path, string name, byte[] content, bool businessSecret = false)
    {
        using var response = await client.PostAsync(path, path.StartsWith("/api/v1/platform", StringComparison.Ordinal)
            ? MatrixBodies.Text(System.Text.Json.JsonSerializer.Serialize(new { name, content = Convert.ToBase64String(content), businessSecret }))
            : Body(name, content, platform: false));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        return JsonNode.Parse(body)!["documentId"]!.GetValue<string>();
    }

    // A minimal OOXML workbook: a zip whose [Content_Types].xml declares the workbook part.
    private static byte[] Xlsx()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, string text)
            {
                var entry = archive.CreateEntry(path, CompressionLevel.NoCompression);
                entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }

            Add("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>""");
            Add("xl/workbook.xml", """<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>""");
        }

        return zip.ToArray();
    }

    private HttpClient As(string authority)
    {
        var client = _world.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", _supervisors[authority]);
        return client;
    }
}
