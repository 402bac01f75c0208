using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Engine;

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
        var at = AuditChain.Truncate(_clock.GetUtcNow());
        var seq = held.AuditCount + 1;
        var text = details.ToJsonString();
        var entry = new AuditEntry
        {
            CaseId = caseId,
            Seq = seq,
            At = at,
            Actor = actor,
            Action = action,
            Details = text,
            PrevHash = held.AuditHead,
            Hash = _audit.Hash(caseId, seq, at, actor, action, text, held.AuditHead),
        };
        await ExecuteAsync(_sql.InsertAudit, entry).ConfigureAwait(false);
        await ExecuteAsync(_sql.UpdateCaseAudit, new { CaseId = caseId, AuditCount = seq, AuditHead = entry.Hash }).ConfigureAwait(false);
        return entry;
    }

    private async Task<bool> IsOpenAsync(string caseId) =>
        (await LockCaseAsync(caseId).ConfigureAwait(false)).Status != "closed";

    // Info-level findings are monitoring signals: they open no case. The others join the open
    // case of their platform, rule family and market; when there is none, a new case opens,
    // following the group's last (closed) case.
    private async Task<string?> JoinCaseAsync(FindingDraft draft, DateTimeOffset now)
    {
        if (draft.Severity == Severity.Info)
        {
            return null;
        }

        var groupKey = string.Join('\u001f', draft.PlatformId ?? "", draft.Family, draft.MarketId ?? "");
        var severity = WireNames.Name(draft.Severity);
        var open = await _connection.QuerySingleOrDefaultAsync<OpenCaseRow>(Command(_sql.SelectOpenCase, new { GroupKey = groupKey })).ConfigureAwait(false);
        if (open is not null)
        {
            if (WireNames.Parse<Severity>(open.Severity) is { } held && held < draft.Severity)
            {
                await ExecuteAsync(_sql.UpdateCaseSeverity, new { open.CaseId, Severity = severity, UpdatedAt = now }).ConfigureAwait(false);
                await AppendAuditAsync(open.CaseId, SystemActor, "severity-raised", new JsonObject { ["from"] = open.Severity, ["to"] = severity }).ConfigureAwait(false);
            }

            return open.CaseId;
        }

        var latest = await _connection.QuerySingleOrDefaultAsync<OpenCaseRow>(Command(_sql.SelectLatestCase, new { GroupKey = groupKey })).ConfigureAwait(false);
        var sequence = await _connection.ExecuteScalarAsync<int>(Command(_sql.SelectLastCaseSequence, new { GroupKey = groupKey })).ConfigureAwait(false) + 1;
        var caseId = $"{StableId.Of("C-", groupKey, 10)}-{sequence}";
        var (routing, subject) = await RouteAsync(new FindingDraftInfo(draft.ProfileId, draft.Family, draft.RuleId, draft.MarketId, draft.PlatformId, draft.Evidence)).ConfigureAwait(false);
        await ExecuteAsync(_sql.InsertCase, new
        {
            CaseId = caseId,
            GroupKey = groupKey,
            Sequence = sequence,
            draft.PlatformId,
            draft.Family,
            draft.MarketId,
            Severity = severity,
            OpenedAt = now,
            FollowsCaseId = latest?.CaseId,
            OwnerAuthorityId = routing.AuthorityId,
            RoutingSubject = JsonSerializer.Serialize(subject),
        }).ConfigureAwait(false);
        await AppendAuditAsync(caseId, SystemActor, "opened", new JsonObject
        {
            ["platformId"] = draft.PlatformId,
            ["family"] = draft.Family,
            ["marketId"] = draft.MarketId,
            ["followsCaseId"] = latest?.CaseId,
            ["routing"] = RoutingDetails(routing, subject, "new case"),
        }).ConfigureAwait(false);
        OpenedCases.Add(new OpenedCase(caseId, draft.PlatformId, draft.Family, draft.MarketId, now));
        Announce(new CaseOpened { CaseId = caseId, PlatformId = draft.PlatformId, Status = CaseStatus.New, Actor = SystemActor, At = now }, $"case-opened:{caseId}");
        return caseId;
    }

    private Task AuditFindingAsync(string? caseId, string action, StoredFinding finding) =>
        caseId is null
            ? Task.CompletedTask
            : AppendAuditAsync(caseId, SystemActor, action, new JsonObject
            {
                ["findingId"] = finding.FindingId,
                ["ruleId"] = finding.RuleId,
                ["severity"] = finding.Severity,
                ["period"] = $"{finding.PeriodStart:yyyy-MM-dd}..{finding.PeriodEnd:yyyy-MM-dd}",
                ["revision"] = finding.Revision,
                ["causedBy"] = CausesOf(finding),
            });
}
