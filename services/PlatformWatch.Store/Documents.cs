using System.Text.Json.Nodes;
using Dapper;

namespace PlatformWatch.Store;

/// <summary>What owns a document: its kind (<see cref="DocumentOwner"/>) and its id.</summary>
public static class DocumentOwner
{
    /// <summary>A regulator's notice to a platform (owner id: the notice id).</summary>
    public const string Notice = "notice";

    /// <summary>A platform's answer to a notice (owner id: the response id).</summary>
    public const string Response = "response";

    /// <summary>A platform's self-regulation report (owner id: the report's event id).</summary>
    public const string Report = "report";
}

/// <summary>Where a document's content is kept.</summary>
public static class DocumentStorage
{
    /// <summary>In the case database, beside its metadata.</summary>
    public const string Database = "database";

    /// <summary>In the configured folder, in a file named by the document id.</summary>
    public const string Folder = "folder";
}

/// <summary>
/// A document stored with its content (issue 18, item 3): what owns it (a notice, an answer, a
/// report; any kind of record may), the case and the platform it belongs to, the type detected from
/// its content, its size and the SHA-256 recorded at upload.
/// </summary>
public sealed record StoredDocument
{
    /// <summary><c>D-…</c>.</summary>
    public required string DocumentId { get; init; }
    /// <summary>The kind of its owner (<see cref="DocumentOwner"/>).</summary>
    public required string OwnerKind { get; init; }
    /// <summary>The owner's id.</summary>
    public required string OwnerId { get; init; }
    /// <summary>The case its owner belongs to (null for a report, which reaches cases as their evidence).</summary>
    public string? CaseId { get; init; }
    /// <summary>The platform the document concerns, the only one that may read it.</summary>
    public required string PlatformId { get; init; }
    /// <summary>The file name, made safe at upload.</summary>
    public required string Name { get; init; }
    /// <summary>The media type detected from the content.</summary>
    public required string MediaType { get; init; }
    /// <summary>The size in bytes.</summary>
    public required long SizeBytes { get; init; }
    /// <summary>The hex SHA-256 of the content, recorded at upload.</summary>
    public required string Sha256 { get; init; }
    /// <summary>The platform marked it (or the answer it belongs to) as a business secret.</summary>
    public bool BusinessSecret { get; init; }
    /// <summary>Where the content is kept (<see cref="DocumentStorage"/>).</summary>
    public required string StoredIn { get; init; }
    /// <summary>When it was uploaded.</summary>
    public required DateTimeOffset UploadedAt { get; init; }
    /// <summary>Who uploaded it.</summary>
    public required string UploadedBy { get; init; }
}

/// <summary>Documents: reading their metadata and their content kept in the database.</summary>
public sealed class StoreDocuments
{
    private readonly CaseStore _store;

    internal StoreDocuments(CaseStore store) => _store = store;

    /// <summary>A document's metadata, or null.</summary>
    public Task<StoredDocument?> GetAsync(string documentId, CancellationToken ct = default) =>
        _store.ReadAsync((c, cancel) => c.QuerySingleOrDefaultAsync<StoredDocument?>(new CommandDefinition(_store.Sql.Documents.SelectDocument, new { DocumentId = documentId }, cancellationToken: cancel)), ct);

    /// <summary>The content a document keeps in the database (null when it is kept in the folder, or there is none).</summary>
    public Task<byte[]?> ContentAsync(string documentId, CancellationToken ct = default) =>
        _store.ReadAsync((c, cancel) => c.ExecuteScalarAsync<byte[]?>(new CommandDefinition(_store.Sql.Documents.SelectDocumentContent, new { DocumentId = documentId }, cancellationToken: cancel)), ct);

    /// <summary>The documents of a case's notices and answers, oldest first.</summary>
    public Task<IReadOnlyList<StoredDocument>> ListOfCaseAsync(string caseId, CancellationToken ct = default) =>
        ListAsync(_store.Sql.Documents.SelectCaseDocuments, new { CaseId = caseId }, ct);

    /// <summary>The documents of one owner, oldest first.</summary>
    public Task<IReadOnlyList<StoredDocument>> ListOfOwnerAsync(string ownerKind, string ownerId, CancellationToken ct = default) =>
        ListAsync(_store.Sql.Documents.SelectOwnerDocuments, new { OwnerKind = ownerKind, OwnerId = ownerId }, ct);

    /// <summary>Every document of a platform (its own and those of the notices addressed to it), oldest first.</summary>
    public Task<IReadOnlyList<StoredDocument>> ListOfPlatformAsync(string platformId, CancellationToken ct = default) =>
        ListAsync(_store.Sql.Documents.SelectPlatformDocuments, new { PlatformId = platformId }, ct);

    private Task<IReadOnlyList<StoredDocument>> ListAsync(string sql, object parameters, CancellationToken ct) =>
        _store.ReadAsync<IReadOnlyList<StoredDocument>>(async (c, cancel) => (await c.QueryAsync<StoredDocument>(new CommandDefinition(sql, parameters, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);
}

/// <summary>Documents in a unit of work: adding one, finding what may own one, recording a failed integrity check.</summary>
public sealed class SessionDocuments
{
    private readonly SessionDb _db;
    private readonly SessionCases _cases;

    internal SessionDocuments(SessionDb db, SessionCases cases)
    {
        _db = db;
        _cases = cases;
    }

    /// <summary>A new document id.</summary>
    public static string NewDocumentId() => SessionDb.NewId("D-");

    /// <summary>Adds a document; <paramref name="content"/> is null when the content is kept in the folder. Its upload enters its case's audit trail.</summary>
    public async Task<StoredDocument> InsertAsync(StoredDocument document, byte[]? content)
    {
        ArgumentNullException.ThrowIfNull(document);
        var stored = document with { UploadedAt = AuditChain.Truncate(document.UploadedAt) };
        await _db.ExecuteAsync(_db.Sql.Documents.InsertDocument, new
        {
            stored.DocumentId, stored.OwnerKind, stored.OwnerId, stored.CaseId, stored.PlatformId, stored.Name, stored.MediaType,
            stored.SizeBytes, stored.Sha256, stored.BusinessSecret, stored.StoredIn, Content = content, stored.UploadedAt, stored.UploadedBy,
        }).ConfigureAwait(false);
        if (stored.CaseId is { } caseId)
        {
            await _cases.AppendAuditAsync(caseId, stored.UploadedBy, "document-attached", Details(stored)).ConfigureAwait(false);
        }

        return stored;
    }

    /// <summary>A notice, locked until the transaction ends, with its answers (null: there is none).</summary>
    public async Task<NoticeDetail?> LockNoticeAsync(string noticeId)
    {
        var notice = await _db.Connection.QuerySingleOrDefaultAsync<NoticeRows.Notice>(_db.Command(_db.Sql.Cases.SelectNoticeForUpdate, new { NoticeId = noticeId })).ConfigureAwait(false);
        if (notice is null)
        {
            return null;
        }

        var responses = await _db.Connection.QueryAsync<NoticeRows.Response>(_db.Command(_db.Sql.Cases.SelectNoticeResponses, new { NoticeId = noticeId })).ConfigureAwait(false);
        return new NoticeDetail(notice.ToRecord(), responses.Select(r => r.ToRecord()).ToList());
    }

    /// <summary>Whether an event is held (a report's owner must be).</summary>
    public async Task<bool> EventExistsAsync(string eventId) =>
        await _db.Connection.ExecuteScalarAsync<string?>(_db.Command(_db.Sql.Ingestion.SelectEventHash, new { EventId = eventId })).ConfigureAwait(false) is not null;

    /// <summary>Records in the case's audit trail that a document's content no longer matches its SHA-256 and was not served.</summary>
    public async Task RecordIntegrityFailureAsync(StoredDocument document, string actor, string found)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.CaseId is { } caseId)
        {
            var details = Details(document);
            details["found"] = found;
            await _cases.AppendAuditAsync(caseId, actor, "document-refused", details).ConfigureAwait(false);
        }
    }

    private static JsonObject Details(StoredDocument d) => new()
    {
        ["documentId"] = d.DocumentId,
        ["owner"] = $"{d.OwnerKind}:{d.OwnerId}",
        ["name"] = d.Name,
        ["mediaType"] = d.MediaType,
        ["sizeBytes"] = d.SizeBytes,
        ["sha256"] = d.Sha256,
        ["businessSecret"] = d.BusinessSecret,
    };
}
