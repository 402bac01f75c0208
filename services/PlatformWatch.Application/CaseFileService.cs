using System.Globalization;
using PlatformWatch.Contracts;

namespace PlatformWatch.Application;

/// <summary>
/// The case file: everything a court or a reviewer needs of one case, as the actor may read it,
/// for the API and the case page to render as one PDF. It is the case read through
/// <see cref="CaseService.ReadAsync"/>, so the same limits hold: another authority's case is not
/// there, a share that withholds the internal comments gives a file without them, and an authority
/// reading through a grant gets the business secrets' marks without their content. A platform never
/// gets it: the file holds the regulators' internal comments and the business secrets; it reads its
/// notices (and, once decisions are served, its decision) in the portal.
/// </summary>
public sealed class CaseFileService(CaseService cases, DocumentService documents, DecisionService decisions, ActiveProfiles profiles, TimeProvider clock)
{
    /// <summary>The refusal of a platform's credential.</summary>
    public static string PlatformRefusal => Messages.Get("caseFile.platform");

    /// <summary>The case file of a case, or the refusal (404 for a case the actor does not see).</summary>
    public async Task<Outcome<CaseFile>> ReadAsync(Actor actor, string caseId, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.PlatformId is not null || !(actor.IsOperator || actor.IsRegulator))
        {
            return Outcome<CaseFile>.Refused(OutcomeKind.Forbidden, PlatformRefusal);
        }

        var read = await cases.ReadAsync(actor, caseId, what, ct).ConfigureAwait(false);
        if (read.Value is not { } found)
        {
            return Outcome<CaseFile>.Refused(read.Kind, read.Reason);
        }

        // The case row is read before its entries: an entry appended in between is not yet part of
        // the head the case records, so the file lists the trail up to that head.
        var detail = found.Detail;
        var trail = detail.Audit.Where(a => a.Seq <= detail.Case.AuditCount).ToList();
        var chain = new AuditChainHead(detail.Case.AuditCount, detail.Case.AuditHead, trail.Count == detail.Case.AuditCount && (trail.LastOrDefault()?.Hash ?? "") == detail.Case.AuditHead);
        // The decisions as DecisionService shows them to the actor: all of them to the owning authority
        // (and a grant that shows the internal work), only the served ones to a grant that withholds it.
        var decided = (await decisions.ListAsync(actor, caseId, ct).ConfigureAwait(false)).Value ?? [];
        var stored = (await documents.ListOfCaseAsync(actor, caseId, ct).ConfigureAwait(false)).Value ?? [];
        return Outcome<CaseFile>.Ok(new CaseFile(found with { Detail = detail with { Audit = trail } }, Documents(found, stored), [.. decided.Select(Section)], chain, clock.GetUtcNow()));
    }

    // A decision in the file: what it decides, its status, who drafted and approved it, and when;
    // labelled in the current UI language (caseFile.decision.*), the penalty provisions cited in it
    // (in Chinese as the profiles name them); the machine values (status, outcome, range) as recorded.
    private CaseFileSection Section(Decision decision)
    {
        var (r, c) = (decision.Record, decision.Content);
        var draft = c.Draft;
        static string L(string key, params object?[] args) => Messages.Format("caseFile.decision." + key, args);
        static string Money(Money? m) => m is null ? L("none") : $"{m.Amount.ToString("#,0.############################", CultureInfo.InvariantCulture)} {m.Currency}";
        static string Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "-";
        string Cited(string citation) => Messages.IsChinese ? profiles.Current.PenaltyCitationZh(citation) ?? citation : citation;
        var lines = new List<(string, string)>
        {
            (L("status"), r.ServedAt is { } served ? L("statusServed", r.Status, Time(served)) : r.Status),
            (L("outcome"), r.Outcome),
            (L("findings"), string.Join(", ", draft.FindingIds)),
            (L("facts"), draft.Facts),
            (L("legalBasis"), draft.LegalBasis),
            (L("fine"), Money(c.Fine) + (draft.Fine?.Percent is { } p ? L("percent", p.ToString(CultureInfo.InvariantCulture)) : "")
                + (c.Range is { } range ? L("legalRange", Money(range.Min), Money(range.Max), range.Kind, string.Join(L("citationSeparator"), range.Citations.Select(Cited))) : "")),
            (L("confiscation"), Money(draft.Confiscation)),
            (L("orders"), draft.Orders.Count == 0 ? L("none") : string.Join(L("orderSeparator"), draft.Orders.Select(o => L("order", o.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), o.Order)))),
            (L("reasons"), draft.Reasons),
            (L("drafted"), L("by", Time(r.CreatedAt), r.Author)),
        };
        if (r.ApprovedBy is { } approver)
        {
            lines.Add((L("approved"), L("by", Time(r.ServedAt), approver)));
        }

        return new CaseFileSection(L("heading", r.DecisionId, r.Status), lines);
    }

    // The documents of the case with their hashes: those stored with their content (on notices,
    // answers and the reports among its evidence; one withheld from a partner as a business secret
    // is left out, as the case page shows it only as a mark), then the names and hashes the
    // platforms' answers declared (a business-secret answer withheld from a partner lists none).
    private static List<CaseDocument> Documents(CaseRead read, IReadOnlyList<DocumentListing> stored) =>
        stored.Where(d => !d.Withheld)
            .Select(d => new CaseDocument(d.Document.Name, d.Document.MediaType, d.Document.SizeBytes, d.Document.Sha256, $"stored document {d.Document.DocumentId} of {d.Document.OwnerKind} {d.Document.OwnerId}", d.Document.UploadedAt))
            .Concat(read.Notices.SelectMany(n => n.Responses.SelectMany(r => r.Documents.Select(d =>
                new CaseDocument(d.Name, d.MediaType, d.SizeBytes, d.Sha256, $"declared in answer {r.ResponseId} to notice {n.Notice.NoticeId}", r.SubmittedAt)))))
            .ToList();
}

/// <summary>
/// A case file: the case as the actor reads it (findings, evidence, comments, audit trail up to the
/// recorded head, notices and answers), its documents with their hashes, its decisions as the actor may see them (oldest first),
/// the head of its audit chain and when the file was made.
/// </summary>
public sealed record CaseFile(CaseRead Read, IReadOnlyList<CaseDocument> Documents, IReadOnlyList<CaseFileSection> Decisions, AuditChainHead Chain, DateTimeOffset ProducedAt);

/// <summary>A document of a case: name, type, size, SHA-256, where it came from and when.</summary>
public sealed record CaseDocument(string Name, string MediaType, long SizeBytes, string Sha256, string From, DateTimeOffset At);

/// <summary>
/// A section of the case file as labelled lines, printed under its heading (a decision of the case).
/// </summary>
public sealed record CaseFileSection(string Heading, IReadOnlyList<(string Label, string Text)> Lines);

/// <summary>
/// The head of a case's audit chain as the case records it: how many entries and the hash of the
/// last (what <c>platformwatch audit verify</c> checks against the entries), and whether the
/// entries listed end there.
/// </summary>
public sealed record AuditChainHead(long Entries, string Head, bool ListedEndsAtHead);
