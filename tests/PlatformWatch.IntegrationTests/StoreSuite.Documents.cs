using System.Security.Cryptography;
using System.Text;
using Dapper;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

// Documents with their content (issue 18, item 3), on every engine: kept in the database or in a
// folder, read back with their SHA-256 checked; a stored file changed behind the store is refused,
// entered in the case's audit trail, never served.
public abstract partial class StoreSuite
{
    private static readonly byte[] Letter = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

    private async Task<(string CaseId, string NoticeId)> NoticedCaseAsync(string platform = "a")
    {
        var caseId = await InvestigatedCaseAsync(platform);
        return (caseId, (await IssueAsync(caseId))!.NoticeId);
    }

    private DocumentService Documents(string? folder = null, long maxBytes = DocumentOptions.DefaultMaxBytes) =>
        new(Store, new DocumentOptions { Folder = folder, MaxBytes = maxBytes }, TimeProvider.System);

    [Test]
    public async Task A_document_is_kept_with_its_content_in_the_database_and_read_back_whole()
    {
        var (caseId, noticeId) = await NoticedCaseAsync();
        var documents = Documents();
        var attached = await documents.AttachToNoticeAsync(Actor.Operator("supervisor"), caseId, noticeId, "../../etc/letter to you.pdf", Letter, CancellationToken.None);
        Assert.That(attached.IsOk, Is.True, attached.Reason);
        var id = attached.Value!.DocumentId;
        var stored = (await Store.Documents.GetAsync(id))!;
        var read = await documents.DownloadAsync(Actor.Operator("supervisor"), id, CancellationToken.None);
        var audit = (await Store.Cases.GetAsync(caseId))!.Audit;
        Assert.Multiple(async () =>
        {
            Assert.That(stored.Name, Is.EqualTo("letter_to_you.pdf"), "no folders, no spaces");
            Assert.That(stored.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(stored.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Letter))));
            Assert.That(stored.StoredIn, Is.EqualTo(DocumentStorage.Database));
            Assert.That((stored.OwnerKind, stored.OwnerId, stored.CaseId, stored.PlatformId), Is.EqualTo((DocumentOwner.Notice, noticeId, caseId, "a")));
            Assert.That(await Store.Documents.ContentAsync(id), Is.EqualTo(Letter));
            Assert.That(read.Value!.Content, Is.EqualTo(Letter));
            Assert.That((await Store.Documents.ListOfCaseAsync(caseId)).Select(d => d.DocumentId), Is.EqualTo(new[] { id }));
            Assert.That((await Store.Documents.ListOfOwnerAsync(DocumentOwner.Notice, noticeId)).Select(d => d.DocumentId), Is.EqualTo(new[] { id }));
            Assert.That((await Store.Documents.ListOfPlatformAsync("a")).Select(d => d.DocumentId), Does.Contain(id));
            Assert.That((await Store.Documents.ListOfPlatformAsync("b")).Select(d => d.DocumentId), Does.Not.Contain(id));
            Assert.That(audit.Any(a => a.Action == "document-attached" && a.Details.Contains(id, StringComparison.Ordinal)), Is.True, "the upload is in the case's trail");
        });
    }

    [Test]
    public async Task A_document_changed_in_the_database_is_refused_and_entered_in_the_trail()
    {
        var (caseId, noticeId) = await NoticedCaseAsync();
        var documents = Documents();
        var id = (await documents.AttachToNoticeAsync(Actor.Operator("supervisor"), caseId, noticeId, "letter.pdf", Letter, CancellationToken.None)).Value!.DocumentId;
        var forged = Encoding.ASCII.GetBytes("%PDF-1.4\nforged\n%%EOF\n");
        await using (var connection = await RawConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE documents SET content = @Content WHERE document_id = @Id", new { Content = forged, Id = id });
        }

        var read = await documents.DownloadAsync(Actor.Operator("auditor"), id, CancellationToken.None);
        var refused = (await Store.Cases.GetAsync(caseId))!.Audit.Single(a => a.Action == "document-refused");
        Assert.Multiple(() =>
        {
            Assert.That(read.Kind, Is.EqualTo(OutcomeKind.Conflict));
            Assert.That(read.Value, Is.Null, "nothing served");
            Assert.That(read.Reason, Does.Contain(Convert.ToHexStringLower(SHA256.HashData(forged))).And.Contain(Convert.ToHexStringLower(SHA256.HashData(Letter))));
            Assert.That(refused.Actor, Is.EqualTo("auditor"));
            Assert.That(refused.Details, Does.Contain(id).And.Contain(Convert.ToHexStringLower(SHA256.HashData(forged))));
        });
    }

    [Test]
    public async Task A_document_in_the_folder_is_kept_there_and_refused_once_changed()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pw-store-documents-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (caseId, noticeId) = await NoticedCaseAsync();
            var documents = Documents(folder);
            var id = (await documents.AttachToNoticeAsync(Actor.Operator("supervisor"), caseId, noticeId, "letter.pdf", Letter, CancellationToken.None)).Value!.DocumentId;
            var file = Path.Combine(folder, id);
            var first = await documents.DownloadAsync(Actor.Operator("supervisor"), id, CancellationToken.None);
            Assert.Multiple(async () =>
            {
                Assert.That((await Store.Documents.GetAsync(id))!.StoredIn, Is.EqualTo(DocumentStorage.Folder));
                Assert.That(await Store.Documents.ContentAsync(id), Is.Null, "not in the database");
                Assert.That(await File.ReadAllBytesAsync(file), Is.EqualTo(Letter));
                Assert.That(first.Value!.Content, Is.EqualTo(Letter));
            });

            var bytes = await File.ReadAllBytesAsync(file);
            bytes[^2] ^= 1;
            await File.WriteAllBytesAsync(file, bytes);
            var changed = await documents.DownloadAsync(Actor.Operator("supervisor"), id, CancellationToken.None);
            Assert.That(changed.Kind, Is.EqualTo(OutcomeKind.Conflict));
            Assert.That((await Store.Cases.GetAsync(caseId))!.Audit.Count(a => a.Action == "document-refused"), Is.EqualTo(1));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Test]
    public async Task An_upload_refused_leaves_no_row_and_no_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pw-store-documents-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (caseId, noticeId) = await NoticedCaseAsync();
            var (otherCase, _) = await NoticedCaseAsync("b");
            var documents = Documents(folder, maxBytes: 64);
            var tooLarge = await documents.AttachToNoticeAsync(Actor.Operator("supervisor"), caseId, noticeId, "big.txt", Encoding.UTF8.GetBytes(new string('a', 65)), CancellationToken.None);
            var wrongCase = await documents.AttachToNoticeAsync(Actor.Operator("supervisor"), otherCase, noticeId, "letter.pdf", Letter, CancellationToken.None);
            var platformB = await documents.AttachToResponseAsync(new Actor("key:b", "platform", PlatformId: "b"), noticeId, "NR-NONE", "letter.pdf", Letter, false, CancellationToken.None);
            Assert.Multiple(async () =>
            {
                Assert.That(tooLarge.Kind, Is.EqualTo(OutcomeKind.Conflict));
                Assert.That(tooLarge.Reason, Does.Contain("over the limit of 64 bytes"));
                Assert.That(wrongCase.Kind, Is.EqualTo(OutcomeKind.NotFound), "a notice of another case");
                Assert.That(platformB.Kind, Is.EqualTo(OutcomeKind.NotFound), "another platform's notice");
                Assert.That(await Store.Documents.ListOfCaseAsync(caseId), Is.Empty);
                Assert.That(await Store.Documents.ListOfCaseAsync(otherCase), Is.Empty);
                Assert.That(Directory.Exists(folder) ? Directory.GetFiles(folder) : [], Is.Empty, "the file of a refused upload is removed");
            });
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
