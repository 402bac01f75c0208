using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using PlatformWatch.Contracts;

namespace PlatformWatch.Store;

/// <summary>
/// Cases in a unit of work: supervisors work them (assign, comment, move), notices go to platforms
/// and come back answered, and every change is an entry of the case's hash-chained audit trail.
/// </summary>
public sealed class SessionCases
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private readonly SessionDb _db;
    private readonly AuditChain _audit;
    private readonly SessionOutbox _outbox;

    internal SessionCases(SessionDb db, AuditChain audit, SessionOutbox outbox)
    {
        _db = db;
        _audit = audit;
        _outbox = outbox;
    }

    /// <summary>The system's name in the audit trail.</summary>
    public const string SystemActor = "system";

    /// <summary>Cases opened in this unit of work.</summary>
    public List<OpenedCase> OpenedCases { get; } = [];

    /// <summary>A case, locked until the transaction ends; refused when there is none.</summary>
    public async Task<CaseRecord> LockCaseAsync(string caseId) =>
        await FindCaseForUpdateAsync(caseId).ConfigureAwait(false) ?? throw CaseActionException.Of("case.none", caseId);

    /// <summary>A case with its active findings and rules, counted as the lists count them (an action answers with it).</summary>
    public Task<CaseRecord> SummaryAsync(string caseId) =>
        _db.Connection.QuerySingleAsync<CaseRecord>(_db.Command(_db.Sql.Cases.SelectCaseSummary, new { CaseId = caseId }));

    /// <summary>A case as it stands, without locking it, or null.</summary>
    public Task<CaseRecord?> FindCaseAsync(string caseId) =>
        _db.Connection.QuerySingleOrDefaultAsync<CaseRecord>(_db.Command(_db.Sql.Cases.SelectCase, new { CaseId = caseId }));

    /// <summary>A platform's cases.</summary>
    public async Task<IReadOnlyList<CaseRecord>> PlatformCasesAsync(string platformId) =>
        [.. await _db.Connection.QueryAsync<CaseRecord>(_db.Command(_db.Sql.Cases.SelectPlatformCases, new { PlatformId = platformId })).ConfigureAwait(false)];

    /// <summary>
    /// The cases that hold an event of a platform as evidence (a finding of theirs, withdrawn or not,
    /// cites it): where a regulator reads a report, which belongs to no case of its own.
    /// </summary>
    public async Task<IReadOnlyList<CaseRecord>> CasesHoldingAsync(string platformId, string eventId)
    {
        var rows = await _db.Connection.QueryAsync<(string CaseId, string Evidence)>(_db.Command(_db.Sql.Cases.SelectPlatformCaseEvidence, new { PlatformId = platformId })).ConfigureAwait(false);
        var holding = rows.Where(r => JsonSerializer.Deserialize<string[]>(r.Evidence)?.Contains(eventId, StringComparer.Ordinal) == true)
            .Select(r => r.CaseId).Distinct(StringComparer.Ordinal).ToList();
        var cases = new List<CaseRecord>(holding.Count);
        foreach (var caseId in holding)
        {
            if (await FindCaseAsync(caseId).ConfigureAwait(false) is { } found)
            {
                cases.Add(found);
            }
        }

        return cases;
    }

    internal Task<CaseRecord?> FindCaseForUpdateAsync(string caseId) =>
        _db.Connection.QuerySingleOrDefaultAsync<CaseRecord>(_db.Command(_db.Sql.Cases.SelectCaseForUpdate, new { CaseId = caseId }));

    /// <summary>Assigns a case to a regulator, with an optional due date.</summary>
    public async Task<CaseRecord> AssignAsync(string caseId, string assignee, DateOnly? dueAt, string actor)
    {
        var held = await LockCaseAsync(caseId).ConfigureAwait(false);
        if (held.Status == "closed")
        {
            throw CaseActionException.Of("case.closed", caseId);
        }

        var now = _db.Now;
        var due = dueAt ?? held.DueAt;
        await _db.ExecuteAsync(_db.Sql.Cases.UpdateCaseAssignment, new { CaseId = caseId, Assignee = assignee, DueAt = due, UpdatedAt = now }).ConfigureAwait(false);
        await AppendAuditAsync(caseId, actor, "assigned", new JsonObject
        {
            ["assignee"] = assignee,
            ["previousAssignee"] = held.Assignee,
            ["dueAt"] = due is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        }).ConfigureAwait(false);
        return held with { Assignee = assignee, DueAt = due, UpdatedAt = now };
    }

    /// <summary>Adds a comment, <c>internal</c> (regulators only) or <c>shared</c> with the platform.</summary>
    public async Task<CaseComment> CommentAsync(string caseId, string author, string visibility, string body, string? authorAuthority = null)
    {
        if (visibility is not ("internal" or "shared"))
        {
            throw CaseActionException.Of("comment.visibility", visibility);
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            throw CaseActionException.Of("comment.text");
        }

        await LockCaseAsync(caseId).ConfigureAwait(false);
        var comment = new CaseComment
        {
            CommentId = SessionDb.NewId("CM-"),
            CaseId = caseId,
            Author = author,
            Visibility = visibility,
            Body = body,
            CreatedAt = AuditChain.Truncate(_db.Now),
            AuthorAuthority = authorAuthority,
        };
        await _db.ExecuteAsync(_db.Sql.Cases.InsertComment, comment).ConfigureAwait(false);
        await AppendAuditAsync(caseId, author, "commented", new JsonObject
        {
            ["commentId"] = comment.CommentId,
            ["visibility"] = visibility,
            ["body"] = body,
            ["authority"] = authorAuthority,
        }).ConfigureAwait(false);
        return comment;
    }

    /// <summary>Moves a case to another status (closing needs an outcome; a closed case re-opens to investigating).</summary>
    public async Task<CaseRecord> TransitionAsync(string caseId, string status, string? outcome, string actor, string? note)
    {
        var held = await LockCaseAsync(caseId).ConfigureAwait(false);
        if (CaseWorkflow.Refusal(caseId, held.Status, status, outcome) is { } refusal)
        {
            throw refusal;
        }

        if (held.Status == "closed" && await _db.Connection.QuerySingleOrDefaultAsync<OpenCaseRow>(_db.Command(_db.Sql.Cases.SelectOpenCase, new { held.GroupKey })).ConfigureAwait(false) is { } successor)
        {
            throw CaseActionException.Of("case.successorOpen", caseId, successor.CaseId);
        }

        return await MoveCaseAsync(held, status, outcome, actor, held.Status == "closed" ? "reopened" : "transitioned", new JsonObject
        {
            ["from"] = held.Status,
            ["to"] = status,
            ["outcome"] = outcome,
            ["note"] = note,
        }).ConfigureAwait(false);
    }

    // Sets the status of a locked case (a move the workflow allows) and records it as one audit entry.
    internal async Task<CaseRecord> MoveCaseAsync(CaseRecord held, string status, string? outcome, string actor, string action, JsonObject details)
    {
        var now = _db.Now;
        DateTimeOffset? closedAt = status == "closed" ? now : null;
        await _db.ExecuteAsync(_db.Sql.Cases.UpdateCaseStatus, new { held.CaseId, Status = status, Outcome = outcome, ClosedAt = closedAt, UpdatedAt = now }).ConfigureAwait(false);
        var entry = await AppendAuditAsync(held.CaseId, actor, action, details).ConfigureAwait(false);
        if (status != held.Status)
        {
            _outbox.AnnounceCaseMoved(held, status, actor, entry.Seq, entry.At);
        }

        return held with { Status = status, Outcome = outcome, ClosedAt = closedAt, UpdatedAt = now };
    }

    /// <summary>Appends an entry to a case's audit trail, chained to the one before it.</summary>
    public async Task<AuditEntry> AppendAuditAsync(string caseId, string actor, string action, JsonObject details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var held = await LockCaseAsync(caseId).ConfigureAwait(false);
        var entry = ChainEntry(caseId, held.AuditCount + 1, AuditChain.Truncate(_db.Now), actor, action, details, held.AuditHead);
        await _db.ExecuteAsync(_db.Sql.Cases.InsertAudit, entry).ConfigureAwait(false);
        await _db.ExecuteAsync(_db.Sql.Cases.UpdateCaseAudit, new { CaseId = caseId, AuditCount = entry.Seq, AuditHead = entry.Hash }).ConfigureAwait(false);
        return entry;
    }

    // The next entry of a case's chain: its details as JSON, hashed with the entry before it.
    internal AuditEntry ChainEntry(string caseId, long seq, DateTimeOffset at, string actor, string action, JsonObject details, string prevHash)
    {
        var text = details.ToJsonString();
        return new AuditEntry
        {
            CaseId = caseId,
            Seq = seq,
            At = at,
            Actor = actor,
            Action = action,
            Details = text,
            PrevHash = prevHash,
            Hash = _audit.Hash(caseId, seq, at, actor, action, text, prevHash),
        };
    }

    /// <summary>A new notice id, taken before the transaction so that a retry finds the notice it issued.</summary>
    public static string NewNoticeId() => SessionDb.NewId("N-");

    /// <summary>
    /// Issues a notice (<see cref="NewNoticeId"/>) to the platform of a case and moves the case to
    /// <c>notice-issued</c>; null when there is no such case (see <see cref="StoreCases.IssueNoticeAsync"/> for the refusals).
    /// </summary>
    public async Task<NoticeRecord?> IssueNoticeAsync(string noticeId, string caseId, string text, DateTimeOffset responseDueAt, string actor)
    {
        if (await FindNoticeAsync(_db.Sql.Cases.SelectNotice, noticeId).ConfigureAwait(false) is { } issued)
        {
            return issued;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw CaseActionException.Of("notice.text");
        }

        var now = _db.Now;
        if (responseDueAt <= now)
        {
            throw CaseActionException.Of("notice.deadlinePast", Stamp(responseDueAt));
        }

        if (await FindCaseForUpdateAsync(caseId).ConfigureAwait(false) is not { } held)
        {
            return null;
        }

        if (held.PlatformId is null)
        {
            throw CaseActionException.Of("notice.marketCase", caseId);
        }

        if (CaseWorkflow.Refusal(caseId, held.Status, "notice-issued", null) is { } refusal)
        {
            throw refusal;
        }

        var findings = await _db.Connection.QueryAsync<StoredFinding>(_db.Command(_db.Sql.Cases.SelectCaseFindings, new { CaseId = caseId })).ConfigureAwait(false);
        var notice = new NoticeRecord
        {
            NoticeId = noticeId,
            CaseId = caseId,
            PlatformId = held.PlatformId,
            Text = text,
            FindingIds = findings.Where(f => f.IsActive).Select(f => f.FindingId).ToList(),
            IssuedAt = AuditChain.Truncate(now),
            IssuedBy = actor,
            ResponseDueAt = AuditChain.Truncate(responseDueAt),
            Status = NoticeStatus.AwaitingResponse,
        };
        await _db.ExecuteAsync(_db.Sql.Cases.InsertNotice, new
        {
            notice.NoticeId,
            notice.CaseId,
            notice.PlatformId,
            notice.Text,
            FindingIds = NoticeRows.ToJson(notice.FindingIds),
            notice.IssuedAt,
            notice.IssuedBy,
            notice.ResponseDueAt,
        }).ConfigureAwait(false);
        await MoveCaseAsync(held, "notice-issued", null, actor, "notice-issued", new JsonObject
        {
            ["from"] = held.Status,
            ["to"] = "notice-issued",
            ["noticeId"] = noticeId,
            ["responseDueAt"] = Stamp(notice.ResponseDueAt),
            ["findingIds"] = new JsonArray(notice.FindingIds.Select(id => (JsonNode?)id).ToArray()),
        }).ConfigureAwait(false);
        _outbox.Announce(new NoticeIssued { NoticeId = notice.NoticeId, CaseId = notice.CaseId, PlatformId = notice.PlatformId, ResponseDueAt = notice.ResponseDueAt }, $"notice:{notice.NoticeId}");
        return notice;
    }

    internal async Task<NoticeResponse?> AnswerNoticeAsync(string responseId, string noticeId, string platformId, string text, IReadOnlyList<DocumentMeta> documents, bool businessSecret, string actor)
    {
        if (ResponseRefusal(text, documents) is { } refusal)
        {
            throw new CaseActionException(refusal);
        }

        // Another platform's notice is no different from none: the caller learns nothing about it.
        var notice = await FindNoticeAsync(_db.Sql.Cases.SelectNoticeForUpdate, noticeId).ConfigureAwait(false);
        if (notice is null || !string.Equals(notice.PlatformId, platformId, StringComparison.Ordinal))
        {
            return null;
        }

        if (notice.Status == NoticeStatus.Answered)
        {
            var responses = await _db.Connection.QueryAsync<NoticeRows.Response>(_db.Command(_db.Sql.Cases.SelectNoticeResponses, new { NoticeId = noticeId })).ConfigureAwait(false);
            return responses.FirstOrDefault(r => r.ResponseId == responseId)?.ToRecord()
                ?? throw CaseActionException.Of("answer.already", noticeId, Stamp(notice.AnsweredAt!.Value));
        }

        var now = _db.Now;
        if (now >= notice.ResponseDueAt)
        {
            throw CaseActionException.Of("answer.deadlinePast", Stamp(notice.ResponseDueAt));
        }

        var response = new NoticeResponse
        {
            ResponseId = responseId,
            NoticeId = noticeId,
            PlatformId = platformId,
            Text = text,
            Documents = documents.ToList(),
            SubmittedAt = AuditChain.Truncate(now),
            SubmittedBy = actor,
            BusinessSecret = businessSecret,
        };
        await _db.ExecuteAsync(_db.Sql.Cases.UpdateNoticeAnswered, new { NoticeId = noticeId, AnsweredAt = response.SubmittedAt }).ConfigureAwait(false);
        await _db.ExecuteAsync(_db.Sql.Cases.InsertNoticeResponse, new
        {
            response.ResponseId,
            response.NoticeId,
            response.PlatformId,
            response.Text,
            Documents = NoticeRows.ToJson(response.Documents),
            response.SubmittedAt,
            response.SubmittedBy,
            response.BusinessSecret,
        }).ConfigureAwait(false);

        _outbox.Announce(new AnswerReceived { NoticeId = noticeId, ResponseId = responseId, CaseId = notice.CaseId, PlatformId = platformId, SubmittedAt = response.SubmittedAt }, $"answer:{responseId}");

        // The case moves on when the workflow lets it (not from closed, say); the answer is recorded either way.
        var held = await LockCaseAsync(notice.CaseId).ConfigureAwait(false);
        var moves = CaseWorkflow.Refusal(held.CaseId, held.Status, "platform-responded", null) is null;
        var details = new JsonObject
        {
            ["from"] = held.Status,
            ["to"] = moves ? "platform-responded" : held.Status,
            ["noticeId"] = noticeId,
            ["responseId"] = responseId,
            ["documents"] = documents.Count,
        };
        if (businessSecret)
        {
            details["businessSecret"] = true;
        }

        if (moves)
        {
            await MoveCaseAsync(held, "platform-responded", null, actor, "notice-answered", details).ConfigureAwait(false);
        }
        else
        {
            await AppendAuditAsync(notice.CaseId, actor, "notice-answered", details).ConfigureAwait(false);
        }

        return response;
    }

    private async Task<NoticeRecord?> FindNoticeAsync(string sql, string noticeId) =>
        (await _db.Connection.QuerySingleOrDefaultAsync<NoticeRows.Notice>(_db.Command(sql, new { NoticeId = noticeId })).ConfigureAwait(false))?.ToRecord();

    private static string? ResponseRefusal(string text, IReadOnlyList<DocumentMeta> documents)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "text: a response needs a text";
        }

        if (documents.Count > NoticeResponse.MaxDocuments)
        {
            return $"documents: at most {NoticeResponse.MaxDocuments} documents, were {documents.Count}";
        }

        for (var i = 0; i < documents.Count; i++)
        {
            var reason = documents[i] switch
            {
                null => ": required",
                { Name: var name } when string.IsNullOrWhiteSpace(name) => ".name: required",
                { MediaType: var type } when string.IsNullOrWhiteSpace(type) => ".mediaType: required",
                { SizeBytes: < 0 and var size } => $".sizeBytes: must not be negative, was {size}",
                { Sha256: var hash } when hash is not { Length: 64 } || hash.AsSpan().ContainsAnyExcept(HexDigits) => ".sha256: must be 64 hex characters (the SHA-256 of the content)",
                _ => null,
            };
            if (reason is not null)
            {
                return $"documents[{i}]{reason}";
            }
        }

        return null;
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

// The open (or latest) case of a group, as routing and re-opening look it up.
internal sealed class OpenCaseRow
{
    public string CaseId { get; init; } = "";
    public string Severity { get; init; } = "";
    public string Status { get; init; } = "";
}
