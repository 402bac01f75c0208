using PlatformWatch.Contracts;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// What a platform's credential does with its own data: list the reports it filed, read the notices
/// addressed to it and answer them. The platform is always the actor's; anything of another platform
/// is "not found", exactly as if it did not exist. Answering checks that the notice is the actor's
/// platform's and still open, and records the answer, in one transaction on the notice locked (the
/// store's answer), so a second answer or the deadline cannot slip in between.
/// </summary>
public sealed class PlatformService(CaseStore store, ActiveProfiles profiles)
{
    /// <summary>The platform's own reports as processed (the stored events).</summary>
    public async Task<Outcome<IReadOnlyList<EvidenceEvent>>> ListReportsAsync(Actor actor, CancellationToken ct) =>
        PlatformOf(actor) is not { } platform ? Refused<IReadOnlyList<EvidenceEvent>>(actor)
            : Outcome<IReadOnlyList<EvidenceEvent>>.Ok(await store.Ingestion.ListPlatformEventsAsync(platform, nameof(SelfRegulationReportSubmitted), ct).ConfigureAwait(false));

    /// <summary>The notices addressed to the actor's platform.</summary>
    public async Task<Outcome<IReadOnlyList<NoticeRecord>>> ListNoticesAsync(Actor actor, CancellationToken ct) =>
        PlatformOf(actor) is not { } platform ? Refused<IReadOnlyList<NoticeRecord>>(actor)
            : Outcome<IReadOnlyList<NoticeRecord>>.Ok(await store.Cases.ListNoticesAsync(platformId: platform, ct: ct).ConfigureAwait(false));

    /// <summary>
    /// A notice as its platform sees it: the notice and its answers, the findings it names in the
    /// platform's view (<see cref="PlatformView"/>), the comments shared on its case. Not found when
    /// there is no such notice or it is another platform's.
    /// </summary>
    public async Task<Outcome<PlatformNotice>> ReadNoticeAsync(Actor actor, string noticeId, CancellationToken ct)
    {
        if (PlatformOf(actor) is not { } platform)
        {
            return Refused<PlatformNotice>(actor);
        }

        var detail = await store.Cases.GetNoticeAsync(noticeId, ct).ConfigureAwait(false);
        if (detail is null || detail.Notice.PlatformId != platform)
        {
            return NotFound<PlatformNotice>(noticeId);
        }

        var findings = await store.Findings.ListAsync(new FindingQuery { FindingIds = detail.Notice.FindingIds, IncludeWithdrawn = true, Limit = 1000 }, ct).ConfigureAwait(false);
        var onCase = await store.Cases.GetAsync(detail.Notice.CaseId, ct).ConfigureAwait(false);
        var own = PlatformView.OwnEvents(onCase?.Evidence ?? [], platform);
        var seen = findings
            .Select(f => PlatformView.Of(f, profiles.Current.FindRule(f.RuleId)?.Type, platform, own))
            .OfType<PlatformFinding>()
            .ToList();
        var shared = onCase?.Comments.Where(c => c.Visibility == "shared").ToList() ?? [];
        return Outcome<PlatformNotice>.Ok(new PlatformNotice(detail, seen, shared));
    }

    /// <summary>
    /// Answers a notice of the actor's platform before its deadline: not found when it is another
    /// platform's (or none), a conflict when it was answered already or the deadline has passed.
    /// The check and the answer are one transaction on the notice locked.
    /// </summary>
    public async Task<Outcome<NoticeResponse>> AnswerNoticeAsync(Actor actor, string noticeId, string text, IReadOnlyList<DocumentMeta> documents, bool businessSecret, CancellationToken ct)
    {
        if (PlatformOf(actor) is not { } platform)
        {
            return Refused<NoticeResponse>(actor);
        }

        try
        {
            var response = await store.Cases.AnswerNoticeAsync(noticeId, platform, text, documents, businessSecret, $"platform:{platform}/{actor.Name}", ct).ConfigureAwait(false);
            return response is null ? NotFound<NoticeResponse>(noticeId) : Outcome<NoticeResponse>.Ok(response);
        }
        catch (CaseActionException e)
        {
            return Outcome<NoticeResponse>.Refused(OutcomeKind.Conflict, e.Localized);
        }
    }

    // The platform the actor speaks for (null: it speaks for none, not a platform's credential).
    private static string? PlatformOf(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return string.IsNullOrEmpty(actor.PlatformId) ? null : actor.PlatformId;
    }

    private static Outcome<T> Refused<T>(Actor actor) =>
        Outcome<T>.Refused(OutcomeKind.Forbidden, Messages.Format("access.notAPlatform", actor.Name));

    private static Outcome<T> NotFound<T>(string noticeId) => Outcome<T>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.notice", noticeId));
}

/// <summary>What a platform sees of a notice addressed to it.</summary>
public sealed record PlatformNotice(NoticeDetail Detail, IReadOnlyList<PlatformFinding> Findings, IReadOnlyList<CaseComment> SharedComments);
