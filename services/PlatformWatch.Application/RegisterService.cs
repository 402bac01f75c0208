using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// The public register (docs/register.md): every served decision, published from the moment it is
/// served, in a redacted form worked out on each read from what is public by construction — the
/// platform, the markets and the conduct of the findings it rests on (the rules' own summaries), the
/// law applied (the findings' citations and the fine's provisions), the outcome, the fine, the
/// confiscation, the deadlines of the rectification orders and the day it was served. Nothing written
/// by hand is published (facts, legal basis, reasons, orders' wording, comments, notes), nor any
/// measured value, report, answer or person's name. An admin of the owning authority takes a
/// publication off the register, withheld or withdrawn, with a reason, for good, in the case's audit trail.
/// </summary>
public sealed class RegisterService(CaseStore store, DecisionService decisions, ActiveProfiles profiles)
{
    /// <summary>The publications on the register, newest first, and the notices of withdrawn ones (latest first). Anyone may read them.</summary>
    public Task<PublicRegister> ReadAsync(CancellationToken ct) =>
        store.InTransactionAsync(async s =>
        {
            var published = new List<Publication>();
            foreach (var decision in await s.Decisions.PublishedAsync().ConfigureAwait(false))
            {
                published.Add(Publish(decision, await s.Decisions.FindingsAsync(decision.CaseId).ConfigureAwait(false)));
            }

            var removals = await s.Decisions.RemovalsAsync().ConfigureAwait(false);
            var withdrawn = removals
                .Where(r => r.Removal == RegisterRemoval.Withdrawn)
                .Select(r => new WithdrawnPublication(r.DecisionId, DateOnly.FromDateTime(r.RemovedAt.UtcDateTime)))
                .ToList();
            var changes = published.Select(p => p.ServedAt).Concat(removals.Select(r => r.RemovedAt)).ToList();
            return new PublicRegister(published, withdrawn, changes.Count == 0 ? null : changes.Max());
        }, ct);

    /// <summary>The decisions of a case taken off the register (for those who read the case).</summary>
    public Task<Outcome<IReadOnlyList<RegisterRemoval>>> RemovalsAsync(Actor actor, string caseId, CancellationToken ct) =>
        decisions.InCaseAsync<IReadOnlyList<RegisterRemoval>>(actor, caseId, supervise: false,
            async (s, _, _) => Outcome<IReadOnlyList<RegisterRemoval>>.Ok(await s.Decisions.RemovalsAsync(caseId).ConfigureAwait(false)), ct);

    /// <summary>
    /// Takes a served decision off the register (<see cref="RegisterRemoval.Withheld"/> or
    /// <see cref="RegisterRemoval.Withdrawn"/>) with a reason: an admin of the owning authority (or of
    /// one above it) only; for good.
    /// </summary>
    public async Task<Outcome<RegisterRemoval>> RemoveAsync(Actor actor, string caseId, string decisionId, string removal, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Outcome<RegisterRemoval>.Invalid("reason", Messages.Get("register.reasonRequired"));
        }

        if (removal is not (RegisterRemoval.Withheld or RegisterRemoval.Withdrawn))
        {
            throw new ArgumentOutOfRangeException(nameof(removal), removal, "withheld or withdrawn");
        }

        return await decisions.InCaseAsync(actor, caseId, supervise: true, async (s, _, _) =>
        {
            if (!actor.IsOperator && actor.Role != ApiRoles.RegulatorAdmin)
            {
                return Outcome<RegisterRemoval>.Refused(OutcomeKind.Forbidden, Messages.Get("register.ownersAdmins"));
            }

            if ((await s.Decisions.OfCaseAsync(caseId).ConfigureAwait(false)).FirstOrDefault(d => d.DecisionId == decisionId) is not { } decision)
            {
                return Outcome<RegisterRemoval>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.decisionOfCase", decisionId, caseId));
            }

            if (decision.Status != DecisionRecord.Served)
            {
                return Outcome<RegisterRemoval>.Refused(OutcomeKind.Conflict, Messages.Format("register.notServed", decisionId, decision.Status));
            }

            if ((await s.Decisions.RemovalsAsync(caseId).ConfigureAwait(false)).FirstOrDefault(r => r.DecisionId == decisionId) is { } done)
            {
                return Outcome<RegisterRemoval>.Refused(OutcomeKind.Conflict, Messages.Format(done.Removal == RegisterRemoval.Withdrawn ? "register.alreadyWithdrawn" : "register.alreadyWithheld", decisionId, done.RemovedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }

            var removed = new RegisterRemoval
            {
                DecisionId = decisionId,
                CaseId = caseId,
                Removal = removal,
                Reason = reason.Trim(),
                RemovedBy = actor.Name,
                RemovedAt = s.Decisions.Now,
            };
            var details = new JsonObject { ["decisionId"] = decisionId, ["reason"] = removed.Reason };
            return Outcome<RegisterRemoval>.Ok(await s.Decisions.RemoveFromRegisterAsync(removed, details).ConfigureAwait(false));
        }, ct).ConfigureAwait(false);
    }

    // The redacted form: only what the decision's findings and the profiles say in general, and the penalty.
    private Publication Publish(DecisionRecord decision, IReadOnlyList<StoredFinding> caseFindings)
    {
        var content = JsonSerializer.Deserialize<DecisionContent>(decision.Content, ContractJson.Options)
            ?? throw new InvalidOperationException($"decision {decision.DecisionId} has no content");
        var rests = content.Draft.FindingIds.ToHashSet(StringComparer.Ordinal);
        var findings = caseFindings.Where(f => rests.Contains(f.FindingId)).OrderBy(f => f.RuleId, StringComparer.Ordinal).ToList();
        var conduct = findings
            .GroupBy(f => f.RuleId, StringComparer.Ordinal)
            .Select(g =>
            {
                var law = g.Select(f => JsonSerializer.Deserialize<LegalCitation>(f.LegalBasis, ContractJson.Options)!).ToList();
                var cited = law.SelectMany(c => new[] { c }.Concat(c.Also)).ToList();
                return new PublishedConduct(g.Key, profiles.Current.FindRule(g.Key)?.Summary ?? new Bilingual(g.Key, g.Key),
                    [.. cited.Select(c => c.Citation).Distinct(StringComparer.Ordinal)],
                    [.. cited.Select(c => c.Zh?.Citation ?? c.Citation).Distinct(StringComparer.Ordinal)]);
            })
            .ToList();
        var law = conduct.SelectMany(c => c.Law).Concat(content.Range?.Citations ?? []).Distinct(StringComparer.Ordinal).ToList();
        var lawZh = conduct.SelectMany(c => c.LawZh)
            .Concat((content.Range?.Citations ?? []).Select(c => profiles.Current.PenaltyCitationZh(c) ?? c))
            .Distinct(StringComparer.Ordinal).ToList();
        return new Publication
        {
            DecisionId = decision.DecisionId,
            PlatformId = decision.PlatformId,
            Markets = [.. findings.Select(f => f.MarketId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Conduct = conduct,
            LawApplied = law,
            LawAppliedZh = lawZh,
            Outcome = decision.Outcome,
            Fine = content.Fine,
            Confiscation = content.Draft.Confiscation,
            RectificationDeadlines = [.. content.Draft.Orders.Select(o => o.Deadline).Order()],
            ServedAt = decision.ServedAt ?? decision.UpdatedAt,
        };
    }
}

/// <summary>The public register: the publications, newest first, and the notices of withdrawn ones.</summary>
/// <param name="Publications">What is published.</param>
/// <param name="Withdrawn">Publications withdrawn, each with the day (a withheld one leaves no notice).</param>
/// <param name="LastChange">When the register last changed (a decision served or taken off it); null when it never did.</param>
public sealed record PublicRegister(IReadOnlyList<Publication> Publications, IReadOnlyList<WithdrawnPublication> Withdrawn, DateTimeOffset? LastChange);

/// <summary>A notice that a publication was withdrawn, and when.</summary>
/// <param name="DecisionId">The decision it published.</param>
/// <param name="WithdrawnOn">The day it was withdrawn.</param>
public sealed record WithdrawnPublication(string DecisionId, DateOnly WithdrawnOn);

/// <summary>A served decision as the register publishes it.</summary>
public sealed record Publication
{
    /// <summary>The decision.</summary>
    public required string DecisionId { get; init; }
    /// <summary>The platform it was served on.</summary>
    public required string PlatformId { get; init; }
    /// <summary>The markets of the findings it rests on.</summary>
    public required IReadOnlyList<string> Markets { get; init; }
    /// <summary>The conduct found, rule by rule, in the profile's words, with the law.</summary>
    public required IReadOnlyList<PublishedConduct> Conduct { get; init; }
    /// <summary>Every citation: the findings' provisions and the fine's.</summary>
    public required IReadOnlyList<string> LawApplied { get; init; }
    /// <summary>The same in Chinese (a recorded fine's provisions named in Chinese by the profiles; the English citation where none does).</summary>
    public required IReadOnlyList<string> LawAppliedZh { get; init; }
    /// <summary>The outcome (<c>no-violation</c>, <c>warning</c>, <c>rectification-ordered</c>, <c>penalty-referral</c>).</summary>
    public required string Outcome { get; init; }
    /// <summary>The fine, in money; null when none.</summary>
    public Money? Fine { get; init; }
    /// <summary>The illegal gains confiscated; null when none.</summary>
    public Money? Confiscation { get; init; }
    /// <summary>The deadlines of the rectification orders (their wording is not published).</summary>
    public required IReadOnlyList<DateOnly> RectificationDeadlines { get; init; }
    /// <summary>When it was served.</summary>
    public required DateTimeOffset ServedAt { get; init; }
}

/// <summary>One rule's conduct a published decision rests on.</summary>
/// <param name="RuleId">The rule, e.g. <c>CN-AML22-SELFPREF</c>.</param>
/// <param name="Summary">The conduct in the profile's words, in both languages.</param>
/// <param name="Law">Its citations (English).</param>
/// <param name="LawZh">Its citations in Chinese (the English one where a finding recorded none).</param>
public sealed record PublishedConduct(string RuleId, Bilingual Summary, IReadOnlyList<string> Law, IReadOnlyList<string> LawZh);
