using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Security;

/// <summary>Why a regulator may not do something with a case: it does not see it (404) or may not act (403).</summary>
public sealed record CaseRefusal(bool NotFound, string Reason);

/// <summary>
/// Object-level authorisation of cases between authorities, shared by the API and the web pages:
/// an authority sees the cases of its own tree below it and those granted to it (a share, or the
/// read access kept after a referral), and nothing else; it works only the cases of its subtree.
/// Every read through a grant is logged in the case's audit trail; a share that withholds the
/// internal comments hides them, and the audit entries that quote them, from that authority; what
/// the platform marked as business secrets is withheld from every authority reading through a grant.
/// </summary>
public sealed class CaseGate(CaseStore store)
{
    /// <summary>The viewer of a regulator, or null when its authority is missing or unknown.</summary>
    public Task<CaseViewer?> ViewerAsync(Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.AuthorityId is null ? Task.FromResult<CaseViewer?>(null) : store.Authorities.ViewerAsync(caller.AuthorityId, ct);
    }

    /// <summary>The refusal for a regulator without a (known) authority.</summary>
    public static string NoAuthority(Caller caller) =>
        $"your credential's authority '{caller?.AuthorityId ?? "(none)"}' is not one of the authorities; ask an administrator";

    /// <summary>A case and the caller's access to it (the case is null when the caller does not see it).</summary>
    public async Task<(CaseRecord? Case, CaseAccess Access, CaseViewer? Viewer)> AccessAsync(Caller caller, string caseId, CancellationToken ct)
    {
        var viewer = await ViewerAsync(caller, ct).ConfigureAwait(false);
        if (viewer is null)
        {
            return (null, CaseAccess.None, null);
        }

        var (found, access) = await store.Authorities.ResolveAccessAsync(caseId, viewer, ct).ConfigureAwait(false);
        return access.CanRead ? (found, access, viewer) : (null, CaseAccess.None, viewer);
    }

    /// <summary>Whether the caller may work a case (assign, move, notices, refer, share): null when it may.</summary>
    public async Task<CaseRefusal?> MayWorkAsync(Caller caller, string caseId, CancellationToken ct)
    {
        var (found, access, viewer) = await AccessAsync(caller, caseId, ct).ConfigureAwait(false);
        return viewer is null ? new CaseRefusal(false, NoAuthority(caller))
            : found is null ? new CaseRefusal(true, $"case '{caseId}'")
            : access.CanWork ? null
            : new CaseRefusal(false, $"case {caseId} belongs to '{found.OwnerAuthorityId}'; your authority {(access.Level == CaseAccessLevel.Comment ? "may read it and comment internally" : "may only read it")}");
    }

    /// <summary>Whether the caller may comment on a case with that visibility: null when it may.</summary>
    public async Task<CaseRefusal?> MayCommentAsync(Caller caller, string caseId, string visibility, CancellationToken ct)
    {
        var (found, access, viewer) = await AccessAsync(caller, caseId, ct).ConfigureAwait(false);
        return viewer is null ? new CaseRefusal(false, NoAuthority(caller))
            : found is null ? new CaseRefusal(true, $"case '{caseId}'")
            : !access.CanComment ? new CaseRefusal(false, $"case {caseId} is shared with your authority to read only")
            : access.ThroughGrant && visibility != "internal" ? new CaseRefusal(false, "visibility: a cooperating authority's comments are internal; only the owner speaks to the platform")
            : null;
    }

    /// <summary>
    /// A case in full as the caller may see it, or null when it does not see it. A read through a
    /// grant is logged first (<paramref name="what"/> says where: the API, a page).
    /// </summary>
    public async Task<(CaseDetail Detail, CaseAccess Access)?> ReadAsync(Caller caller, string caseId, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (found, access, viewer) = await AccessAsync(caller, caseId, ct).ConfigureAwait(false);
        if (found is null || viewer is null)
        {
            return null;
        }

        if (access.ThroughGrant)
        {
            await store.Authorities.RecordGrantedReadAsync(caseId, caller.Actor, viewer.AuthorityId, [.. access.Grants.Select(g => g.AccessId)], what, ct).ConfigureAwait(false);
        }

        if (await store.Cases.GetAsync(caseId, ct).ConfigureAwait(false) is not { } detail)
        {
            return null;
        }

        if (access.WithholdInternal)
        {
            detail = await WithholdAsync(detail, viewer, ct).ConfigureAwait(false);
        }

        // The platform's business secrets stay with the owning authority's tree.
        return (access.ThroughGrant ? detail with { Evidence = detail.Evidence.Select(BusinessSecrets.Withhold).ToList() } : detail, access);
    }

    /// <summary>
    /// The notices of a case the caller reads (<see cref="ReadAsync"/>) with their answers; an answer
    /// the platform marked as a business secret keeps its mark but not its content for an
    /// authority that reads through a grant.
    /// </summary>
    public async Task<IReadOnlyList<NoticeDetail>> NoticesAsync(string caseId, CaseAccess access, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(access);
        var notices = new List<NoticeDetail>();
        foreach (var notice in await store.Cases.ListNoticesAsync(caseId: caseId, ct: ct).ConfigureAwait(false))
        {
            if (await store.Cases.GetNoticeAsync(notice.NoticeId, ct).ConfigureAwait(false) is { } detail)
            {
                notices.Add(access.ThroughGrant ? BusinessSecrets.Withhold(detail) : detail);
            }
        }

        return notices;
    }

    // Hidden from a partner whose share withholds them: the internal comments of others (its own,
    // and those of authorities below it, stay), and in the timeline the entries quoting them and
    // the grants to other authorities, with their reasons.
    private async Task<CaseDetail> WithholdAsync(CaseDetail detail, CaseViewer viewer, CancellationToken ct)
    {
        var tree = await store.Authorities.GetTreeAsync(ct).ConfigureAwait(false);
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
                _ => a,
            };
        }).ToList();
        return detail with { Comments = detail.Comments.Where(c => c.Visibility != "internal" || Ours(c.AuthorAuthority)).ToList(), Audit = audit };
    }
}
