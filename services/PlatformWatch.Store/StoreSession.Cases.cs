using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;

namespace PlatformWatch.Store;

// Cases: findings join them, supervisors work them, and every change is an audit entry.
public sealed partial class StoreSession
{
    /// <summary>The system's name in the audit trail.</summary>
    public const string SystemActor = "system";

    /// <summary>A case, locked until the transaction ends; refused when there is none.</summary>
    public async Task<CaseRecord> LockCaseAsync(string caseId) =>
        await FindCaseForUpdateAsync(caseId).ConfigureAwait(false) ?? throw new CaseActionException($"no case '{caseId}'");

    private Task<CaseRecord?> FindCaseForUpdateAsync(string caseId) =>
        _connection.QuerySingleOrDefaultAsync<CaseRecord>(Command(_sql.SelectCaseForUpdate, new { CaseId = caseId }));

    /// <summary>Assigns a case to a regulator, with an optional due date.</summary>
    public async Task<CaseRecord> AssignAsync(string caseId, string assignee, DateOnly? dueAt, string actor)
    {
        var held = await LockCaseAsync(caseId).ConfigureAwait(false);
        if (held.Status == "closed")
        {
            throw new CaseActionException($"case {caseId} is closed; re-open it first");
        }

        var now = _clock.GetUtcNow();
        var due = dueAt ?? held.DueAt;
        await ExecuteAsync(_sql.UpdateCaseAssignment, new { CaseId = caseId, Assignee = assignee, DueAt = due, UpdatedAt = now }).ConfigureAwait(false);
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
            throw new CaseActionException($"visibility must be internal or shared, was '{visibility}'");
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            throw new CaseActionException("a comment needs a text");
        }

        await LockCaseAsync(caseId).ConfigureAwait(false);
        var comment = new CaseComment
        {
            CommentId = NewId("CM-"),
            CaseId = caseId,
            Author = author,
            Visibility = visibility,
            Body = body,
            CreatedAt = AuditChain.Truncate(_clock.GetUtcNow()),
            AuthorAuthority = authorAuthority,
        };
        await ExecuteAsync(_sql.InsertComment, comment).ConfigureAwait(false);
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
        if (CaseWorkflow.Refusal(held.Status, status, outcome) is { } refusal)
        {
            throw new CaseActionException($"case {caseId}: {refusal}");
        }

        if (held.Status == "closed" && await _connection.QuerySingleOrDefaultAsync<OpenCaseRow>(Command(_sql.SelectOpenCase, new { held.GroupKey })).ConfigureAwait(false) is { } successor)
        {
            throw new CaseActionException($"case {caseId} cannot be re-opened: case {successor.CaseId} of the same platform, rule family and market is open; work that one");
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
    private async Task<CaseRecord> MoveCaseAsync(CaseRecord held, string status, string? outcome, string actor, string action, JsonObject details)
    {
        var now = _clock.GetUtcNow();
        DateTimeOffset? closedAt = status == "closed" ? now : null;
        await ExecuteAsync(_sql.UpdateCaseStatus, new { held.CaseId, Status = status, Outcome = outcome, ClosedAt = closedAt, UpdatedAt = now }).ConfigureAwait(false);
        var entry = await AppendAuditAsync(held.CaseId, actor, action, details).ConfigureAwait(false);
        if (status != held.Status)
        {
            AnnounceCaseMoved(held, status, actor, entry.Seq, entry.At);
        }

        return held with { Status = status, Outcome = outcome, ClosedAt = closedAt, UpdatedAt = now };
    }

    /// <summary>Appends an entry to a case's audit trail, chained to the one before it.</summary>
    public async Task<AuditEntry> AppendAuditAsync(string caseId, string actor, string action, JsonObject details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var held = await LockCaseAsync(caseId).ConfigureAwait(false);
        var entry = ChainEntry(caseId, held.AuditCount + 1, AuditChain.Truncate(_clock.GetUtcNow()), actor, action, details, held.AuditHead);
        await ExecuteAsync(_sql.InsertAudit, entry).ConfigureAwait(false);
        await ExecuteAsync(_sql.UpdateCaseAudit, new { CaseId = caseId, AuditCount = entry.Seq, AuditHead = entry.Hash }).ConfigureAwait(false);
        return entry;
    }

    // The next entry of a case's chain: its details as JSON, hashed with the entry before it.
    private AuditEntry ChainEntry(string caseId, long seq, DateTimeOffset at, string actor, string action, JsonObject details, string prevHash)
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
}
