using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PlatformWatch.Contracts;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// Documents with their content (issue 18, item 3): a regulator attaches files to the notices of a
/// case it works, a platform to its answers and its reports. The type is taken from the content
/// (<see cref="DocumentTypes"/>) and the size limited (<see cref="DocumentOptions.MaxBytes"/>); the
/// content is kept in the case database or in the configured folder, with its SHA-256, which every
/// download checks: a stored file changed since its upload is refused (a conflict naming both
/// hashes) and entered in its case's audit trail, never served. Only the case's regulators (its
/// owner's tree, and those it is shared with) and the platform it concerns may download; anyone
/// else is "not found". A document a platform marked as a business secret (or attached to an answer
/// so marked) stays with the owning authority's tree, like the answer it belongs to.
/// </summary>
public sealed class DocumentService(CaseStore store, DocumentOptions options, TimeProvider clock)
{
    /// <summary>The largest document accepted, in bytes.</summary>
    public long MaxBytes => options.MaxBytes;

    /// <summary>Checks a document before it is taken: its type from the content, its name, its size.</summary>
    public DocumentCheck Inspect(string name, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(name))
        {
            return DocumentCheck.Refused("name", Messages.Get("document.nameRequired"));
        }

        if (name.Length > 300)
        {
            return DocumentCheck.Refused("name", Messages.Get("document.nameTooLong"));
        }

        if (content.LongLength > options.MaxBytes)
        {
            return DocumentCheck.Refused("content", Messages.Format("document.tooLarge", content.LongLength, options.MaxBytes), tooLarge: true);
        }

        var (type, refusal) = DocumentTypes.Detect(content, name);
        return type is null ? DocumentCheck.Refused("content", refusal!) : new DocumentCheck(type, null, null, false);
    }

    /// <summary>A regulator of the owning authority's tree attaches a file to a notice of a case it works.</summary>
    public Task<Outcome<StoredDocument>> AttachToNoticeAsync(Actor actor, string caseId, string noticeId, string name, byte[] content, CancellationToken ct) =>
        AttachAsync(name, content, async (s, document) =>
        {
            ArgumentNullException.ThrowIfNull(actor);
            var viewer = actor.IsOperator ? null : await s.Authorities.ViewerAsync(actor.AuthorityId).ConfigureAwait(false);
            if (!actor.IsOperator && (viewer is null || !actor.IsRegulator))
            {
                return Outcome<StoredDocument>.Refused(OutcomeKind.Forbidden, CaseService.NoAuthority(actor.AuthorityId));
            }

            var (found, access) = await s.Authorities.LockAccessAsync(caseId, viewer).ConfigureAwait(false);
            if (found is null || !access.CanRead)
            {
                return Outcome<StoredDocument>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.case", caseId));
            }

            if (CaseService.WorkRefusal(caseId, found, access) is { } refused)
            {
                return Outcome<StoredDocument>.Refused(OutcomeKind.Forbidden, refused);
            }

            var notice = await s.Documents.LockNoticeAsync(noticeId).ConfigureAwait(false);
            if (notice is null || notice.Notice.CaseId != caseId)
            {
                return Outcome<StoredDocument>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.noticeOfCase", noticeId, caseId));
            }

            return Outcome<StoredDocument>.Ok(document with
            {
                OwnerKind = DocumentOwner.Notice, OwnerId = noticeId, CaseId = caseId, PlatformId = notice.Notice.PlatformId, UploadedBy = actor.Name,
            });
        }, ct);

    /// <summary>
    /// A platform attaches a file to its answer to a notice addressed to it; the document is a business
    /// secret when <paramref name="businessSecret"/> says so or the answer is marked as one.
    /// </summary>
    public Task<Outcome<StoredDocument>> AttachToResponseAsync(Actor actor, string noticeId, string responseId, string name, byte[] content, bool businessSecret, CancellationToken ct) =>
        AttachAsync(name, content, async (s, document) =>
        {
            if (PlatformOf(actor) is not { } platform)
            {
                return NotAPlatform<StoredDocument>(actor);
            }

            var notice = await s.Documents.LockNoticeAsync(noticeId).ConfigureAwait(false);
            var response = notice?.Responses.FirstOrDefault(r => r.ResponseId == responseId);
            if (notice is null || notice.Notice.PlatformId != platform || response is null)
            {
                return Outcome<StoredDocument>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.answer", responseId, noticeId));
            }

            // An answer's documents are part of it: due by the notice's deadline, as the answer is.
            if (clock.GetUtcNow() > notice.Notice.ResponseDueAt)
            {
                return Outcome<StoredDocument>.Refused(OutcomeKind.Conflict, Messages.Format("document.answerDeadlinePast", noticeId, notice.Notice.ResponseDueAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
            }

            return Outcome<StoredDocument>.Ok(document with
            {
                OwnerKind = DocumentOwner.Response, OwnerId = responseId, CaseId = notice.Notice.CaseId, PlatformId = platform,
                BusinessSecret = businessSecret || response.BusinessSecret, UploadedBy = $"platform:{platform}/{actor.Name}",
            });
        }, ct);

    /// <summary>A platform attaches a file to one of its reports (as processed: its event must be held).</summary>
    public Task<Outcome<StoredDocument>> AttachToReportAsync(Actor actor, string reportId, string name, byte[] content, bool businessSecret, CancellationToken ct) =>
        AttachAsync(name, content, async (s, document) =>
        {
            if (PlatformOf(actor) is not { } platform)
            {
                return NotAPlatform<StoredDocument>(actor);
            }

            var eventId = ReportEventId(platform, reportId);
            if (!await s.Documents.EventExistsAsync(eventId).ConfigureAwait(false))
            {
                return Outcome<StoredDocument>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.report", reportId));
            }

            return Outcome<StoredDocument>.Ok(document with
            {
                OwnerKind = DocumentOwner.Report, OwnerId = eventId, CaseId = null, PlatformId = platform,
                BusinessSecret = businessSecret, UploadedBy = $"platform:{platform}/{actor.Name}",
            });
        }, ct);

    /// <summary>The event id of a platform's report, as the API files it.</summary>
    public static string ReportEventId(string platformId, string reportId) => $"report:{platformId}:{reportId}";

    /// <summary>
    /// A document with its content, for the actor to download: not found unless it is the actor's
    /// platform's, or of a case the actor's authority reads (a report's: a case holding the report as
    /// evidence); forbidden for a business secret read through a grant; a conflict when the stored
    /// content no longer matches its SHA-256 (entered in the case's audit trail, not served).
    /// </summary>
    public async Task<Outcome<DocumentContent>> DownloadAsync(Actor actor, string documentId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var document = await store.Documents.GetAsync(documentId, ct).ConfigureAwait(false);
        if (document is null)
        {
            return Outcome<DocumentContent>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.document", documentId));
        }

        var access = await AccessAsync(actor, document, $"document {documentId}", ct).ConfigureAwait(false);
        if (!access.IsOk)
        {
            return Outcome<DocumentContent>.Refused(access.Kind, access.Reason);
        }

        var content = document.StoredIn == DocumentStorage.Folder ? await ReadFileAsync(document.DocumentId, ct).ConfigureAwait(false)
            : await store.Documents.ContentAsync(document.DocumentId, ct).ConfigureAwait(false);
        var found = content is null ? "nothing (the stored content is missing)" : Sha256(content);
        if (content is null || !string.Equals(found, document.Sha256, StringComparison.Ordinal))
        {
            await store.InTransactionAsync(async s =>
            {
                await s.Documents.RecordIntegrityFailureAsync(document, actor.Name, found).ConfigureAwait(false);
                return true;
            }, ct).ConfigureAwait(false);
            return Outcome<DocumentContent>.Refused(OutcomeKind.Conflict,
                Messages.Format("document.tampered", documentId, document.Sha256, content is null ? Messages.Get("document.contentMissing") : found))
                with { Logged = Messages.Invariant("document.tampered", documentId, document.Sha256, found) };
        }

        return Outcome<DocumentContent>.Ok(new DocumentContent(document, content));
    }

    /// <summary>
    /// The documents of a case as a regulator reading it sees them: those of its notices and answers,
    /// and those of the reports among its evidence; a business secret read through a grant is listed
    /// withheld (the mark, not the name).
    /// </summary>
    public async Task<Outcome<IReadOnlyList<DocumentListing>>> ListOfCaseAsync(Actor actor, string caseId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var viewer = actor.IsOperator ? null : await store.Authorities.ViewerAsync(actor.AuthorityId, ct).ConfigureAwait(false);
        if (!actor.IsOperator && viewer is null)
        {
            return Outcome<IReadOnlyList<DocumentListing>>.Refused(OutcomeKind.Forbidden, CaseService.NoAuthority(actor.AuthorityId));
        }

        var (found, access) = viewer is null ? (null, new CaseAccess(CaseAccessLevel.Owner, false, [])) : await store.Authorities.ResolveAccessAsync(caseId, viewer, ct).ConfigureAwait(false);
        var detail = await store.Cases.GetAsync(caseId, ct).ConfigureAwait(false);
        if (detail is null || (viewer is not null && (found is null || !access.CanRead)))
        {
            return Outcome<IReadOnlyList<DocumentListing>>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.case", caseId));
        }

        var documents = (await store.Documents.ListOfCaseAsync(caseId, ct).ConfigureAwait(false)).ToList();
        foreach (var report in detail.Evidence.Where(e => e.Type == nameof(SelfRegulationReportSubmitted)))
        {
            documents.AddRange(await store.Documents.ListOfOwnerAsync(DocumentOwner.Report, report.EventId, ct).ConfigureAwait(false));
        }

        return Outcome<IReadOnlyList<DocumentListing>>.Ok(documents.Select(d => new DocumentListing(d, access.ThroughGrant && d.BusinessSecret)).ToList());
    }

    /// <summary>Every document of the actor's platform: those it attached and those of the notices addressed to it.</summary>
    public async Task<Outcome<IReadOnlyList<StoredDocument>>> ListOfPlatformAsync(Actor actor, CancellationToken ct) =>
        PlatformOf(actor) is not { } platform ? NotAPlatform<IReadOnlyList<StoredDocument>>(actor)
            : Outcome<IReadOnlyList<StoredDocument>>.Ok(await store.Documents.ListOfPlatformAsync(platform, ct).ConfigureAwait(false));

    /// <summary>A file name safe to send back: no folders, letters, digits, <c>.</c>, <c>-</c> and <c>_</c> only, at most 120 characters.</summary>
    public static string SafeName(string name, DocumentType type)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(type);
        var file = name.Replace('\\', '/');
        file = file[(file.LastIndexOf('/') + 1)..];
        var safe = new StringBuilder();
        foreach (var c in file.Normalize(NormalizationForm.FormKC))
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        var text = safe.ToString().TrimStart('.');
        var ending = Path.GetExtension(text);
        if (ending.Length == 0 || ending.Length > 10)
        {
            text += type.Extensions[0];
            ending = type.Extensions[0];
        }

        var stem = Path.GetFileNameWithoutExtension(text);
        stem = stem.Length == 0 ? "document" : stem[..Math.Min(stem.Length, 110)];
        return stem + ending;
    }

    /// <summary>The hex SHA-256 of some content (lower case).</summary>
    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    // Checks the content and keeps it (in the folder before the transaction, removed again when it does not commit); the owner's check (complete: who owns it, or the refusal) and the insert are one transaction.
    private async Task<Outcome<StoredDocument>> AttachAsync(string name, byte[] content, Func<StoreSession, StoredDocument, Task<Outcome<StoredDocument>>> complete, CancellationToken ct)
    {
        var check = Inspect(name, content);
        if (check.Type is not { } type)
        {
            return Outcome<StoredDocument>.Refused(OutcomeKind.Conflict, Messages.Format("fieldReason", check.Field, check.Reason));
        }

        var document = new StoredDocument
        {
            DocumentId = SessionDocuments.NewDocumentId(),
            OwnerKind = "",
            OwnerId = "",
            PlatformId = "",
            Name = SafeName(name, type),
            MediaType = type.MediaType,
            SizeBytes = content.LongLength,
            Sha256 = Sha256(content),
            StoredIn = options.Folder is { Length: > 0 } ? DocumentStorage.Folder : DocumentStorage.Database,
            UploadedAt = clock.GetUtcNow(),
            UploadedBy = "",
        };
        var inFolder = document.StoredIn == DocumentStorage.Folder;
        if (inFolder)
        {
            Directory.CreateDirectory(options.Folder!);
            await File.WriteAllBytesAsync(FileOf(document.DocumentId), content, ct).ConfigureAwait(false);
        }

        var committed = false;
        try
        {
            var outcome = await store.InTransactionAsync(async s =>
            {
                var owned = await complete(s, document).ConfigureAwait(false);
                return owned.IsOk ? Outcome<StoredDocument>.Ok(await s.Documents.InsertAsync(owned.Value!, inFolder ? null : content).ConfigureAwait(false)) : owned;
            }, ct).ConfigureAwait(false);
            committed = outcome.IsOk;
            return outcome;
        }
        catch (CaseActionException e)
        {
            return Outcome<StoredDocument>.Refused(OutcomeKind.Conflict, e.Localized);
        }
        finally
        {
            if (inFolder && !committed)
            {
                File.Delete(FileOf(document.DocumentId));
            }
        }
    }

    private async Task<byte[]?> ReadFileAsync(string documentId, CancellationToken ct)
    {
        var path = options.Folder is { Length: > 0 } ? FileOf(documentId) : null;
        return path is not null && File.Exists(path) ? await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false) : null;
    }

    private string FileOf(string documentId) => Path.Combine(options.Folder!, documentId);

    // Whether the actor may read the document: its platform, or a regulator reading its case (a report's: a case holding it as evidence).
    private async Task<Outcome<bool>> AccessAsync(Actor actor, StoredDocument document, string what, CancellationToken ct)
    {
        var notFound = Outcome<bool>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.document", document.DocumentId));
        if (!string.IsNullOrEmpty(actor.PlatformId))
        {
            return document.PlatformId == actor.PlatformId ? Outcome<bool>.Ok(true) : notFound;
        }

        if (actor.IsOperator)
        {
            return Outcome<bool>.Ok(true);
        }

        if (!actor.IsRegulator || await store.Authorities.ViewerAsync(actor.AuthorityId, ct).ConfigureAwait(false) is not { } viewer)
        {
            return Outcome<bool>.Refused(OutcomeKind.Forbidden, CaseService.NoAuthority(actor.AuthorityId));
        }

        (string CaseId, CaseAccess Access)? best = null;
        foreach (var caseId in await CasesOfAsync(document, ct).ConfigureAwait(false))
        {
            var (found, access) = await store.Authorities.ResolveAccessAsync(caseId, viewer, ct).ConfigureAwait(false);
            if (found is not null && access.CanRead && (best is null || !access.ThroughGrant))
            {
                best = (caseId, access);
            }
        }

        if (best is not { } granted)
        {
            return notFound;
        }

        if (granted.Access.ThroughGrant)
        {
            await store.Authorities.RecordGrantedReadAsync(granted.CaseId, actor.Name, viewer.AuthorityId, [.. granted.Access.Grants.Select(g => g.AccessId)], what, ct).ConfigureAwait(false);
            if (document.BusinessSecret)
            {
                return Outcome<bool>.Refused(OutcomeKind.Forbidden,
                    Messages.Format("document.businessSecret", document.DocumentId, granted.CaseId));
            }
        }

        return Outcome<bool>.Ok(true);
    }

    // The case a document belongs to, or for a report the cases that hold it as evidence: those of the findings it is evidence of (a case's evidence is its findings').
    private async Task<IReadOnlyList<string>> CasesOfAsync(StoredDocument document, CancellationToken ct)
    {
        if (document.CaseId is { } caseId)
        {
            return [caseId];
        }

        var findings = await store.Findings.ListAsync(new FindingQuery { PlatformId = document.PlatformId, IncludeWithdrawn = true, Limit = int.MaxValue }, ct).ConfigureAwait(false);
        return findings.Where(f => f.CaseId is not null && f.EvidenceEventIds.Contains(document.OwnerId, StringComparer.Ordinal))
            .Select(f => f.CaseId!).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string? PlatformOf(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return string.IsNullOrEmpty(actor.PlatformId) ? null : actor.PlatformId;
    }

    private static Outcome<T> NotAPlatform<T>(Actor actor) =>
        Outcome<T>.Refused(OutcomeKind.Forbidden, Messages.Format("access.notAPlatform", actor.Name));
}

/// <summary>What checking a document found: its type, or the field and reason it is refused for (<see cref="TooLarge"/>: over the size limit).</summary>
public sealed record DocumentCheck(DocumentType? Type, string? Field, string? Reason, bool TooLarge)
{
    /// <summary>A refusal.</summary>
    public static DocumentCheck Refused(string field, string reason, bool tooLarge = false) => new(null, field, reason, tooLarge);
}

/// <summary>A document and its content, its SHA-256 checked.</summary>
public sealed record DocumentContent(StoredDocument Document, byte[] Content);

/// <summary>A document as a regulator sees it in a case: <see cref="Withheld"/> when it is a business secret it reads through a grant.</summary>
public sealed record DocumentListing(StoredDocument Document, bool Withheld);
