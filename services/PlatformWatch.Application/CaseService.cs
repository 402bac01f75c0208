using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// The regulators' case work as one operation each: the actor's access to the case is checked and
/// the action taken in one transaction, on the case locked until it commits, so a case referred
/// away (or a share revoked) between the check and the action can no longer be changed. The API's
/// endpoints and pages and the command line call it and only translate its <see cref="Outcome{T}"/>.
/// An authority works the cases of its subtree; one that reads a case through a grant may comment
/// internally when the grant allows it; an operator (the command line) works every case.
/// </summary>
public sealed class CaseService(CaseStore store)
{
    /// <summary>Runs between the access check and the action, inside the transaction (tests hold it there).</summary>
    internal Func<string, Task>? BetweenCheckAndAct { get; set; }

    /// <summary>The refusal for a regulator without a (known) authority.</summary>
    public static string NoAuthority(string? authorityId) =>
        authorityId is null ? Messages.Get("access.noAuthorityGiven") : Messages.Format("access.noAuthority", authorityId);

    /// <summary>
    /// Verifies the audit trail of every case (each entry's HMAC, each link, each case's count and
    /// head): the first entry that does not verify, or none; an operator's, on the database itself.
    /// </summary>
    public Task<Outcome<AuditVerification>> VerifyAuditAsync(Actor actor, CancellationToken ct) =>
        OperatorsOnly.RunAsync(actor, Messages.Get("operators.auditVerify"), async () =>
        {
            var (found, entries, cases) = await store.Cases.VerifyAuditAsync(ct).ConfigureAwait(false);
            return new AuditVerification(found, entries, cases);
        });

    /// <summary>
    /// A case in full as the actor may see it, with its notices, its grants (to those who work it)
    /// and the authorities. A read through a grant is logged first (<paramref name="what"/> says
    /// where: the API, a page); a share that withholds the internal comments hides them, and the
    /// audit entries that quote them; the platform's business secrets stay with the owning tree.
    /// </summary>
    public async Task<Outcome<CaseRead>> ReadAsync(Actor actor, string caseId, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var viewer = actor.IsOperator ? null : await store.Authorities.ViewerAsync(actor.AuthorityId, ct).ConfigureAwait(false);
        if (!actor.IsOperator && viewer is null)
        {
            return Outcome<CaseRead>.Refused(OutcomeKind.Forbidden, NoAuthority(actor.AuthorityId));
        }

        var (found, access) = viewer is null ? (null, new CaseAccess(CaseAccessLevel.Owner, false, [])) : await store.Authorities.ResolveAccessAsync(caseId, viewer, ct).ConfigureAwait(false);
        if (viewer is not null && (found is null || !access.CanRead))
        {
            return Outcome<CaseRead>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.case", caseId));
        }

        if (access.ThroughGrant)
        {
            await store.Authorities.RecordGrantedReadAsync(caseId, actor.Name, viewer!.AuthorityId, [.. access.Grants.Select(g => g.AccessId)], what, ct).ConfigureAwait(false);
        }

        if (await store.Cases.GetAsync(caseId, ct).ConfigureAwait(false) is not { } detail)
        {
            return Outcome<CaseRead>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.case", caseId));
        }

        var tree = await store.Authorities.GetTreeAsync(ct).ConfigureAwait(false);
        if (access.WithholdInternal)
        {
            detail = Withhold(detail, tree, viewer!);
        }

        // The platform's business secrets stay with the owning authority's tree.
        if (access.ThroughGrant)
        {
            detail = detail with { Evidence = detail.Evidence.Select(BusinessSecrets.Withhold).ToList(), Audit = detail.Audit.Select(BusinessSecrets.Withhold).ToList() };
        }

        var notices = new List<NoticeDetail>();
        foreach (var notice in await store.Cases.ListNoticesAsync(caseId: caseId, ct: ct).ConfigureAwait(false))
        {
            if (await store.Cases.GetNoticeAsync(notice.NoticeId, ct).ConfigureAwait(false) is { } one)
            {
                notices.Add(access.ThroughGrant ? BusinessSecrets.Withhold(one) : one);
            }
        }

        var grants = access.CanWork ? await store.Authorities.ListCaseAccessAsync(caseId, ct).ConfigureAwait(false) : [];
        return Outcome<CaseRead>.Ok(new CaseRead(detail, access, notices, grants, tree));
    }

    /// <summary>The authorities as they stand (their names label the cases' owners).</summary>
    public Task<AuthorityTree> AuthoritiesAsync(CancellationToken ct) => store.Authorities.GetTreeAsync(ct);

    /// <summary>The cases matching a query that the actor sees.</summary>
    public Task<Outcome<IReadOnlyList<CaseRecord>>> ListAsync(Actor actor, CaseQuery query, CancellationToken ct) =>
        SeenAsync(store, actor, viewer => store.Cases.ListAsync(query with { Viewer = viewer }, ct), ct);

    /// <summary>The notices, of a platform and/or a case, of the cases the actor sees.</summary>
    public Task<Outcome<IReadOnlyList<NoticeRecord>>> ListNoticesAsync(Actor actor, string? platformId, string? caseId, CancellationToken ct) =>
        SeenAsync(store, actor, viewer => store.Cases.ListNoticesAsync(platformId, caseId, viewer, ct), ct);

    /// <summary>The grants of access to a case the actor works, revoked ones included.</summary>
    public Task<Outcome<IReadOnlyList<CaseAccessRecord>>> SharesAsync(Actor actor, string caseId, CancellationToken ct) =>
        WorkAsync(actor, caseId, Rule.Work, s => s.Authorities.ListCaseAccessAsync(caseId), ct);

    /// <summary>Whether the actor may work a case, checked alone (a page refuses before it shows a form's errors).</summary>
    public Task<Outcome<bool>> MayWorkAsync(Actor actor, string caseId, CancellationToken ct) =>
        WorkAsync(actor, caseId, Rule.Work, _ => Task.FromResult(true), ct);

    /// <summary>Whether the actor may comment on a case with that visibility, checked alone.</summary>
    public Task<Outcome<bool>> MayCommentAsync(Actor actor, string caseId, string visibility, CancellationToken ct) =>
        WorkAsync(actor, caseId, CommentRule(visibility), _ => Task.FromResult(true), ct);

    /// <summary>Assigns a case (and sets its due date when given); the case as it is then.</summary>
    public Task<Outcome<CaseRecord>> AssignAsync(Actor actor, string caseId, string assignee, DateOnly? dueAt, CancellationToken ct) =>
        WorkAsync(actor, caseId, Rule.Work, async s =>
        {
            await s.Cases.AssignAsync(caseId, assignee, dueAt, actor.Name).ConfigureAwait(false);
            return await s.Cases.SummaryAsync(caseId).ConfigureAwait(false);
        }, ct);

    /// <summary>Moves a case along its workflow (closing it is a supervisor's decision); the case as it is then.</summary>
    public Task<Outcome<CaseRecord>> TransitionAsync(Actor actor, string caseId, string status, string? outcome, string? note, CancellationToken ct) =>
        WorkAsync(actor, caseId, status == "closed" ? Rule.Close : Rule.Work, async s =>
        {
            await s.Cases.TransitionAsync(caseId, status, outcome, actor.Name, note).ConfigureAwait(false);
            return await s.Cases.SummaryAsync(caseId).ConfigureAwait(false);
        }, ct);

    /// <summary>Comments on a case, <c>internal</c> or <c>shared</c> with the platform (a cooperating authority: internal only).</summary>
    public Task<Outcome<CaseComment>> CommentAsync(Actor actor, string caseId, string visibility, string text, CancellationToken ct) =>
        WorkAsync(actor, caseId, CommentRule(visibility), s => s.Cases.CommentAsync(caseId, actor.Name, visibility, text, actor.AuthorityId), ct);

    /// <summary>Issues a notice to the case's platform with a response deadline.</summary>
    public async Task<Outcome<NoticeRecord>> IssueNoticeAsync(Actor actor, string caseId, string text, DateTimeOffset responseDueAt, CancellationToken ct)
    {
        // The id is taken once, so that a retried transaction finds the notice it issued.
        var noticeId = SessionCases.NewNoticeId();
        var issued = await WorkAsync(actor, caseId, Rule.Work, s => s.Cases.IssueNoticeAsync(noticeId, caseId, text, responseDueAt, actor.Name), ct).ConfigureAwait(false);
        return issued is { IsOk: true, Value: null } ? Outcome<NoticeRecord>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.case", caseId)) : issued!;
    }

    /// <summary>Hands a case to another authority (the actor's keeps read access); the case as it is then.</summary>
    public Task<Outcome<CaseRecord>> ReferAsync(Actor actor, string caseId, string toAuthorityId, string reason, CancellationToken ct) =>
        WorkAsync(actor, caseId, Rule.Work, async s =>
        {
            await s.Authorities.ReferAsync(caseId, toAuthorityId, reason, actor.Name).ConfigureAwait(false);
            return await s.Cases.SummaryAsync(caseId).ConfigureAwait(false);
        }, ct);

    /// <summary>Shares a case with a cooperating authority, to read or to comment.</summary>
    public Task<Outcome<CaseAccessRecord>> ShareAsync(Actor actor, string caseId, string authorityId, string access, bool withholdInternal, string reason, CancellationToken ct) =>
        WorkAsync(actor, caseId, Rule.Work, s => s.Authorities.ShareAsync(caseId, authorityId, access, withholdInternal, reason, actor.Name), ct);

    /// <summary>Revokes an active share of a case: its access stops at once.</summary>
    public async Task<Outcome<bool>> RevokeShareAsync(Actor actor, string caseId, string shareId, CancellationToken ct)
    {
        var revoked = await WorkAsync(actor, caseId, Rule.Work, s => s.Authorities.RevokeShareAsync(caseId, shareId, actor.Name), ct).ConfigureAwait(false);
        return revoked is { IsOk: true, Value: false } ? Outcome<bool>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.share", shareId, caseId)) : revoked;
    }

    /// <summary>Why an authority may not work a case it sees (null: it may).</summary>
    public static string? WorkRefusal(string caseId, CaseRecord found, CaseAccess access)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(access);
        return access.CanWork ? null
            : Messages.Format(access.Level == CaseAccessLevel.Comment ? "access.mayComment" : "access.mayRead", caseId, found.OwnerAuthorityId);
    }

    /// <summary>Why an authority may not comment with that visibility on a case it sees (null: it may).</summary>
    public static string? CommentRefusal(string caseId, CaseAccess access, string visibility)
    {
        ArgumentNullException.ThrowIfNull(access);
        return !access.CanComment ? Messages.Format("access.readOnlyShare", caseId)
            : access.ThroughGrant && visibility != "internal" ? Messages.Get("access.internalOnly")
            : null;
    }

    // Hidden from a partner whose share withholds them: the internal comments of others (its own,
    // and those of authorities below it, stay), and in the timeline the entries quoting them, the
    // grants to other authorities, with their reasons, and the drafts of decisions.
    private static CaseDetail Withhold(CaseDetail detail, AuthorityTree tree, CaseViewer viewer)
    {
        bool Ours(string? authority) => authority is not null && tree.IsWithin(authority, viewer.AuthorityId);
        var audit = detail.Audit.Select(a =>
        {
            if (JsonNode.Parse(a.Details) is not JsonObject details)
            {
                return a;
            }

            var authority = details["authority"]?.GetValue<string>();
            return a.Action switch
            {
                "commented" when details["visibility"]?.GetValue<string>() == "internal" && !Ours(authority) =>
                    a with { Details = new JsonObject { ["commentId"] = details["commentId"]?.DeepClone(), ["visibility"] = "internal", ["withheld"] = true }.ToJsonString() },
                "shared" or "share-revoked" or "read-through-grant" when !Ours(authority) =>
                    a with { Details = new JsonObject { ["withheld"] = true }.ToJsonString() },
                // A decision in the making is internal; what is served is not (DecisionService.ListAsync alike).
                "decision-drafted" or "decision-edited" or "decision-submitted" or "decision-returned" or "decision-discarded" =>
                    a with { Details = new JsonObject { ["decisionId"] = details["decisionId"]?.DeepClone(), ["withheld"] = true }.ToJsonString() },
                _ => a,
            };
        }).ToList();
        return detail with { Comments = detail.Comments.Where(c => c.Visibility != "internal" || Ours(c.AuthorAuthority)).ToList(), Audit = audit };
    }

    private enum Rule
    {
        Work,
        Close,
        CommentInternal,
        CommentShared,
    }

    private static Rule CommentRule(string visibility) => visibility == "internal" ? Rule.CommentInternal : Rule.CommentShared;

    // A read through the actor's view of the cases (null for an operator: all), or the refusal of a regulator without a known authority.
    internal static async Task<Outcome<T>> SeenAsync<T>(CaseStore store, Actor actor, Func<CaseViewer?, Task<T>> read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        CaseViewer? viewer = null;
        if (!actor.IsOperator && (viewer = await store.Authorities.ViewerAsync(actor.AuthorityId, ct).ConfigureAwait(false)) is null)
        {
            return Outcome<T>.Refused(OutcomeKind.Forbidden, NoAuthority(actor.AuthorityId));
        }

        try
        {
            return Outcome<T>.Ok(await read(viewer).ConfigureAwait(false));
        }
        catch (CaseActionException e)
        {
            return Outcome<T>.Refused(OutcomeKind.Conflict, e.Localized);
        }
    }

    // Check and act in one transaction, on the case locked by the check; a refused action (CaseActionException) rolls it back.
    private async Task<Outcome<T>> WorkAsync<T>(Actor actor, string caseId, Rule rule, Func<StoreSession, Task<T>> act, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        try
        {
            return await store.InTransactionAsync(async s =>
            {
                if (await RefusalAsync(s, actor, caseId, rule).ConfigureAwait(false) is { } refused)
                {
                    return Outcome<T>.Refused(refused.Kind, refused.Reason);
                }

                if (BetweenCheckAndAct is { } hook)
                {
                    await hook(caseId).ConfigureAwait(false);
                }

                return Outcome<T>.Ok(await act(s).ConfigureAwait(false));
            }, ct).ConfigureAwait(false);
        }
        catch (CaseActionException e)
        {
            return Outcome<T>.Refused(OutcomeKind.Conflict, e.Localized);
        }
    }

    /// <summary>
    /// Locks a case for the actor (in <paramref name="s"/>'s transaction) and tells its access to it,
    /// or the refusal: forbidden without a known authority, not found when it may not read the case.
    /// </summary>
    internal static async Task<(CaseRecord Case, CaseAccess Access, (OutcomeKind Kind, string Reason)? Refusal)> LockAsync(StoreSession s, Actor actor, string caseId)
    {
        var viewer = actor.IsOperator ? null : await s.Authorities.ViewerAsync(actor.AuthorityId).ConfigureAwait(false);
        if (!actor.IsOperator && viewer is null)
        {
            return (null!, CaseAccess.None, (OutcomeKind.Forbidden, NoAuthority(actor.AuthorityId)));
        }

        var (found, access) = await s.Authorities.LockAccessAsync(caseId, viewer).ConfigureAwait(false);
        return found is null || !access.CanRead ? (null!, CaseAccess.None, (OutcomeKind.NotFound, Messages.Format("notFound.case", caseId))) : (found, access, null);
    }

    private static async Task<(OutcomeKind Kind, string Reason)?> RefusalAsync(StoreSession s, Actor actor, string caseId, Rule rule)
    {
        var (found, access, refused) = await LockAsync(s, actor, caseId).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var reason = rule switch
        {
            Rule.Work => WorkRefusal(caseId, found, access),
            Rule.Close => WorkRefusal(caseId, found, access) ?? (actor.MaySupervise ? null : Messages.Get("access.closeSupervisors")),
            _ => CommentRefusal(caseId, access, rule == Rule.CommentInternal ? "internal" : "shared"),
        };
        return reason is null ? null : (OutcomeKind.Forbidden, reason);
    }
}

/// <summary>
/// A case as an actor reads it: the case in full (with what it may not see withheld), its access,
/// the notices with their answers, the grants of access (empty unless it works the case) and the
/// authorities as they stand.
/// </summary>
public sealed record CaseRead(CaseDetail Detail, CaseAccess Access, IReadOnlyList<NoticeDetail> Notices, IReadOnlyList<CaseAccessRecord> Grants, AuthorityTree Tree);

/// <summary>The audit trail verified: the first entry that does not verify (null: intact), the entries and cases checked.</summary>
public sealed record AuditVerification(AuditBreak? Break, long Entries, int Cases);
