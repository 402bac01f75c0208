using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// Decisions with four eyes. A supervisor of the case's owning authority drafts the decision a case
/// ends in and edits it until submitting it; a second supervisor, never its author, returns it to
/// draft with a reason or approves it. Approval serves it on the platform, closes the case with its
/// outcome and announces <see cref="DecisionServed"/>. A case has one decision in work at a time.
/// Each operation checks the actor on the case it locks and acts in that transaction, every step an
/// entry of the case's audit trail; a fine is checked against the range of the penalty exposure.
/// </summary>
public sealed class DecisionService(CaseStore store, ExposureService exposure)
{
    /// <summary>Runs between the access check and the action, inside the transaction (tests hold it there).</summary>
    internal Func<string, Task>? BetweenCheckAndAct { get; set; }

    /// <summary>The decisions of a case: all of them for those who work it (or read it through a grant that shows the internal work), only the served ones for an authority whose grant withholds the internal work.</summary>
    public Task<Outcome<IReadOnlyList<Decision>>> ListAsync(Actor actor, string caseId, CancellationToken ct) =>
        InCaseAsync<IReadOnlyList<Decision>>(actor, caseId, supervise: false, async (s, _, access) =>
        {
            var decisions = await s.Decisions.OfCaseAsync(caseId).ConfigureAwait(false);
            return Outcome<IReadOnlyList<Decision>>.Ok([.. decisions.Where(d => !access.WithholdInternal || d.Status == DecisionRecord.Served).Select(Read)]);
        }, ct);

    /// <summary>Drafts a decision on a case: refused while another is in work, or when the case is closed.</summary>
    public async Task<Outcome<Decision>> DraftAsync(Actor actor, string caseId, DecisionDraft draft, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var decisionId = SessionDecisions.NewDecisionId();
        var checkedFine = await CheckFineAsync(actor, caseId, draft, ct).ConfigureAwait(false);
        if (checkedFine.Refusal is { } refused)
        {
            return refused;
        }

        return await InCaseAsync(actor, caseId, supervise: true, async (s, held, _) =>
        {
            var decisions = await s.Decisions.OfCaseAsync(caseId).ConfigureAwait(false);
            if (decisions.FirstOrDefault(d => d.DecisionId == decisionId) is { } done)
            {
                return Outcome<Decision>.Ok(Read(done));
            }

            if (decisions.FirstOrDefault(d => d.InWork) is { } inWork)
            {
                return Outcome<Decision>.Refused(OutcomeKind.Conflict, Messages.Format("decision.inWork", caseId, inWork.DecisionId, inWork.Status));
            }

            if (await ContentRefusalAsync<Decision>(s, held, draft).ConfigureAwait(false) is { } invalid)
            {
                return invalid;
            }

            var now = s.Decisions.Now;
            var record = new DecisionRecord
            {
                DecisionId = decisionId,
                CaseId = caseId,
                PlatformId = held.PlatformId!,
                Status = DecisionRecord.Draft,
                Outcome = draft.Outcome,
                Content = JsonSerializer.Serialize(checkedFine.Content, ContractJson.Options),
                Author = actor.Name,
                CreatedAt = now,
                UpdatedAt = now,
            };
            await s.Decisions.InsertAsync(record, Audit(record, checkedFine.Content)).ConfigureAwait(false);
            return Outcome<Decision>.Ok(Read(record));
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Replaces a draft's content: its author's, while it is a draft.</summary>
    public async Task<Outcome<Decision>> EditAsync(Actor actor, string caseId, string decisionId, DecisionDraft draft, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var checkedFine = await CheckFineAsync(actor, caseId, draft, ct).ConfigureAwait(false);
        return checkedFine.Refusal ?? await ChangeAsync(actor, caseId, decisionId, async (s, held, decision) =>
        {
            if (AuthorOnlyRefusal(actor, decision, "edited") is { } refused)
            {
                return refused;
            }

            if (await ContentRefusalAsync<DecisionRecord>(s, held, draft).ConfigureAwait(false) is { } invalid)
            {
                return invalid;
            }

            var edited = decision with { Outcome = draft.Outcome, Content = JsonSerializer.Serialize(checkedFine.Content, ContractJson.Options), UpdatedAt = s.Decisions.Now };
            return Outcome<DecisionRecord>.Ok(await s.Decisions.UpdateAsync(edited, actor.Name, "decision-edited", Audit(edited, checkedFine.Content)).ConfigureAwait(false));
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Submits a draft for approval (with a note for the audit trail, if any): its author's; it is no longer edited.</summary>
    public Task<Outcome<Decision>> SubmitAsync(Actor actor, string caseId, string decisionId, string? note, CancellationToken ct) =>
        ChangeAsync(actor, caseId, decisionId, async (s, _, decision) =>
        {
            if (AuthorOnlyRefusal(actor, decision, "submitted") is { } refused)
            {
                return refused;
            }

            var now = s.Decisions.Now;
            var submitted = decision with { Status = DecisionRecord.Submitted, SubmittedAt = now, UpdatedAt = now };
            s.Outbox.Announce(new DecisionSubmitted
            {
                DecisionId = decisionId, CaseId = caseId, PlatformId = decision.PlatformId, Outcome = decision.Outcome, Author = decision.Author, SubmittedAt = now,
            }, $"decision-submitted:{decisionId}:{now.ToUnixTimeMilliseconds()}");
            return Outcome<DecisionRecord>.Ok(await s.Decisions.UpdateAsync(submitted, actor.Name, "decision-submitted", Ids(submitted, note)).ConfigureAwait(false));
        }, ct);

    /// <summary>Returns a submitted decision to its author as a draft, with the reason: a second supervisor's, never the author's.</summary>
    public Task<Outcome<Decision>> ReturnAsync(Actor actor, string caseId, string decisionId, string reason, CancellationToken ct) =>
        ChangeAsync(actor, caseId, decisionId, async (s, _, decision) =>
        {
            if (SecondEyesRefusal(actor, decision, "return") is { } refused)
            {
                return refused;
            }

            var returned = decision with { Status = DecisionRecord.Draft, SubmittedAt = null, ReturnedReason = reason, UpdatedAt = s.Decisions.Now };
            var details = Ids(returned);
            details["reason"] = reason;
            return Outcome<DecisionRecord>.Ok(await s.Decisions.UpdateAsync(returned, actor.Name, "decision-returned", details).ConfigureAwait(false));
        }, ct);

    /// <summary>
    /// Approves a submitted decision (a second supervisor's, never the author's): it is served on the
    /// platform, the case closes with its outcome, and <see cref="DecisionServed"/> is announced.
    /// </summary>
    public Task<Outcome<Decision>> ApproveAsync(Actor actor, string caseId, string decisionId, string? note, CancellationToken ct) =>
        ChangeAsync(actor, caseId, decisionId, async (s, _, decision) =>
        {
            if (SecondEyesRefusal(actor, decision, "approve") is { } refused)
            {
                return refused;
            }

            var now = s.Decisions.Now;
            var approved = await s.Decisions.UpdateAsync(decision with { ApprovedBy = actor.Name, UpdatedAt = now }, actor.Name, "decision-approved", Ids(decision, note)).ConfigureAwait(false);
            var served = await s.Decisions.UpdateAsync(approved with { Status = DecisionRecord.Served, ServedAt = now }, actor.Name, "decision-served", Ids(decision)).ConfigureAwait(false);
            await s.Cases.TransitionAsync(caseId, "closed", decision.Outcome, actor.Name, $"decision {decisionId} served").ConfigureAwait(false);
            s.Outbox.Announce(new DecisionServed
            {
                DecisionId = decisionId,
                CaseId = caseId,
                PlatformId = served.PlatformId,
                Outcome = served.Outcome,
                Fine = Read(served).Content.Fine,
                ApprovedBy = actor.Name,
                ServedAt = now,
            }, $"decision:{decisionId}");
            return Outcome<DecisionRecord>.Ok(served);
        }, ct);

    /// <summary>
    /// Discards a decision in work (a draft or a submitted one) with the reason, so the case can be
    /// decided anew: its author's or another supervisor's of the owning authority (an author who left
    /// must not block the case). It is kept, marked discarded; a served decision is never discarded.
    /// </summary>
    public Task<Outcome<Decision>> DiscardAsync(Actor actor, string caseId, string decisionId, string reason, CancellationToken ct) =>
        ChangeAsync(actor, caseId, decisionId, async (s, _, decision) =>
        {
            if (!decision.InWork)
            {
                return Outcome<DecisionRecord>.Refused(OutcomeKind.Conflict, Messages.Format("decision.discardNotInWork", decision.DecisionId, decision.Status));
            }

            var discarded = decision with { Status = DecisionRecord.Discarded, UpdatedAt = s.Decisions.Now };
            var details = Ids(discarded);
            details["reason"] = reason;
            return Outcome<DecisionRecord>.Ok(await s.Decisions.UpdateAsync(discarded, actor.Name, "decision-discarded", details).ConfigureAwait(false));
        }, ct);

    /// <summary>The decisions served on the actor's platform, newest first (a platform's credential only).</summary>
    public Task<Outcome<IReadOnlyList<Decision>>> ServedAsync(Actor actor, CancellationToken ct) =>
        OfPlatformAsync<IReadOnlyList<Decision>>(actor, async s => Outcome<IReadOnlyList<Decision>>.Ok([.. (await s.Decisions.ServedOnAsync(actor.PlatformId!).ConfigureAwait(false)).Select(Read)]), ct);

    /// <summary>One decision served on the actor's platform; another platform's, or a draft, is not found.</summary>
    public Task<Outcome<Decision>> ServedAsync(Actor actor, string decisionId, CancellationToken ct) =>
        OfPlatformAsync(actor, async s => (await s.Decisions.ServedOnAsync(actor.PlatformId!).ConfigureAwait(false)).FirstOrDefault(d => d.DecisionId == decisionId) is { } found
            ? Outcome<Decision>.Ok(Read(found))
            : Outcome<Decision>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.decision", decisionId)), ct);

    private static string? AuthorOnly(Actor actor, DecisionRecord decision, string what) =>
        decision.Status != DecisionRecord.Draft ? Messages.Format(what == "edited" ? "decision.editNotDraft" : "decision.submitNotDraft", decision.DecisionId, decision.Status)
            : decision.Author != actor.Name ? Messages.Format(what == "edited" ? "decision.editNotAuthor" : "decision.submitNotAuthor", decision.DecisionId, decision.Author)
            : null;

    private static Outcome<DecisionRecord>? AuthorOnlyRefusal(Actor actor, DecisionRecord decision, string what) =>
        AuthorOnly(actor, decision, what) is { } reason ? Outcome<DecisionRecord>.Refused(decision.Status != DecisionRecord.Draft ? OutcomeKind.Conflict : OutcomeKind.Forbidden, reason) : null;

    private static Outcome<DecisionRecord>? SecondEyesRefusal(Actor actor, DecisionRecord decision, string what) =>
        decision.Status != DecisionRecord.Submitted ? Outcome<DecisionRecord>.Refused(OutcomeKind.Conflict, Messages.Format(what == "approve" ? "decision.approveNotSubmitted" : "decision.returnNotSubmitted", decision.DecisionId, decision.Status))
            : decision.Author == actor.Name ? Outcome<DecisionRecord>.Refused(OutcomeKind.Forbidden, Messages.Format(what == "approve" ? "decision.approveOwn" : "decision.returnOwn", decision.DecisionId))
            : null;

    // The fine and the confiscation checked against the penalty exposure of the case, before the
    // transaction (the exposure reads on its own): both are penalties, imposed with penalty-referral.
    private async Task<(DecisionContent Content, Outcome<Decision>? Refusal)> CheckFineAsync(Actor actor, string caseId, DecisionDraft draft, CancellationToken ct)
    {
        var content = new DecisionContent { Draft = draft };
        if (draft.Fine is null && draft.Confiscation is null)
        {
            return (content, null);
        }

        if (draft.Outcome != "penalty-referral")
        {
            return (content, Outcome<Decision>.Invalid(draft.Fine is null ? "confiscation" : "fine", Messages.Get("decision.penaltyOutcome")));
        }

        var entries = await exposure.ForCaseAsync(actor, caseId, draft.BaseYear, ct).ConfigureAwait(false);
        if (!entries.IsOk)
        {
            return (content, Outcome<Decision>.Refused(entries.Kind, entries.Reason) with { Field = entries.Field });
        }

        if (draft.Confiscation is not null && PenaltyRanges.ConfiscationRefusal(draft.FindingIds, entries.Value!) is { } noConfiscation)
        {
            return (content, Outcome<Decision>.Invalid("confiscation", noConfiscation));
        }

        if (draft.Fine is not { } fine)
        {
            return (content, null);
        }

        var (money, range, field, refusal) = PenaltyRanges.Check(fine, draft.FindingIds, entries.Value!);
        return refusal is not null ? (content, Outcome<Decision>.Invalid(field!, refusal)) : (content with { Fine = money, Range = range }, null);
    }

    // What the case's state says about a draft's content: a case about a platform, open, and the draft's findings its own.
    private static async Task<Outcome<T>?> ContentRefusalAsync<T>(StoreSession s, CaseRecord held, DecisionDraft draft)
    {
        if (held.PlatformId is null)
        {
            return Outcome<T>.Refused(OutcomeKind.Conflict, Messages.Format("decision.marketCase", held.CaseId));
        }

        if (held.Status == "closed")
        {
            return Outcome<T>.Refused(OutcomeKind.Conflict, Messages.Format("decision.caseClosed", held.CaseId));
        }

        var ours = await s.Decisions.FindingIdsAsync(held.CaseId).ConfigureAwait(false);
        var foreign = draft.FindingIds.Where(id => !ours.Contains(id)).ToList();
        return foreign.Count > 0 ? Outcome<T>.Invalid("findingIds", Messages.Format("decision.foreignFindings", held.CaseId, string.Join(", ", foreign))) : null;
    }

    // A decision of a case changed by the actor, a supervisor who works the case; the decision as it is then.
    private Task<Outcome<Decision>> ChangeAsync(Actor actor, string caseId, string decisionId, Func<StoreSession, CaseRecord, DecisionRecord, Task<Outcome<DecisionRecord>>> change, CancellationToken ct) =>
        InCaseAsync(actor, caseId, supervise: true, async (s, held, _) =>
        {
            if ((await s.Decisions.OfCaseAsync(caseId).ConfigureAwait(false)).FirstOrDefault(d => d.DecisionId == decisionId) is not { } decision)
            {
                return Outcome<Decision>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.decisionOfCase", decisionId, caseId));
            }

            var changed = await change(s, held, decision).ConfigureAwait(false);
            return changed.IsOk ? Outcome<Decision>.Ok(Read(changed.Value!)) : Outcome<Decision>.Refused(changed.Kind, changed.Reason) with { Field = changed.Field };
        }, ct);

    // Check and act in one transaction on the case locked by the check; a refusal rolls it back (the register takes it too).
    internal async Task<Outcome<T>> InCaseAsync<T>(Actor actor, string caseId, bool supervise, Func<StoreSession, CaseRecord, CaseAccess, Task<Outcome<T>>> act, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        try
        {
            return await store.InTransactionAsync(async s =>
            {
                var (held, access, refused) = await CaseService.LockAsync(s, actor, caseId).ConfigureAwait(false);
                var reason = refused?.Reason ?? (supervise ? CaseService.WorkRefusal(caseId, held, access) ?? (actor.MaySupervise ? null : Messages.Get("access.decideSupervisors")) : null);
                if (reason is not null)
                {
                    return Outcome<T>.Refused(refused?.Kind ?? OutcomeKind.Forbidden, reason);
                }

                if (BetweenCheckAndAct is { } hook)
                {
                    await hook(caseId).ConfigureAwait(false);
                }

                var outcome = await act(s, held, access).ConfigureAwait(false);
                if (!outcome.IsOk)
                {
                    // A refusal leaves nothing behind: the transaction rolls back.
                    throw new RefusedException<T>(outcome);
                }

                return outcome;
            }, ct).ConfigureAwait(false);
        }
        catch (RefusedException<T> e)
        {
            return e.Outcome;
        }
        catch (CaseActionException e)
        {
            return Outcome<T>.Refused(OutcomeKind.Conflict, e.Localized);
        }
    }

    private async Task<Outcome<T>> OfPlatformAsync<T>(Actor actor, Func<StoreSession, Task<Outcome<T>>> read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.PlatformId is null
            ? Outcome<T>.Refused(OutcomeKind.Forbidden, Messages.Get("decision.platformOnly"))
            : await store.InTransactionAsync(read, ct).ConfigureAwait(false);
    }

    private static Decision Read(DecisionRecord record) =>
        new(record, JsonSerializer.Deserialize<DecisionContent>(record.Content, ContractJson.Options) ?? throw new InvalidOperationException($"decision {record.DecisionId} has no content"));

    private static JsonObject Ids(DecisionRecord decision, string? note = null)
    {
        var details = new JsonObject { ["decisionId"] = decision.DecisionId, ["status"] = decision.Status };
        if (note is not null)
        {
            details["note"] = note;
        }

        return details;
    }

    // A draft's audit entry: what it decides, in full (the trail shows what was drafted and edited).
    private static JsonObject Audit(DecisionRecord decision, DecisionContent content)
    {
        var details = Ids(decision);
        details["outcome"] = decision.Outcome;
        details["content"] = JsonSerializer.SerializeToNode(content, ContractJson.Options);
        return details;
    }

    private sealed class RefusedException<T>(Outcome<T> outcome) : Exception(outcome.Reason)
    {
        public Outcome<T> Outcome { get; } = outcome;
    }
}
