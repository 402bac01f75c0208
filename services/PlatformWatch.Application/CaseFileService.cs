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
public sealed class CaseFileService(CaseService cases, DocumentService documents, DecisionService decisions, TimeProvider clock)
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

    // A decision in the file: what it decides, its status, who drafted and approved it, and when.
    private static CaseFileSection Section(Decision decision)
    {
        var (r, c) = (decision.Record, decision.Content);
        var draft = c.Draft;
        static string Money(Money? m) => m is null ? "none" : $"{m.Amount.ToString("#,0.############################", CultureInfo.InvariantCulture)} {m.Currency}";
        static string Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "-";
        var lines = new List<(string, string)>
        {
            ("Status", r.Status + (r.ServedAt is { } served ? $", served on the platform {Time(served)}" : "")),
            ("Outcome", r.Outcome),
            ("Findings", string.Join(", ", draft.FindingIds)),
            ("Facts found", draft.Facts),
            ("Legal basis", draft.LegalBasis),
            ("Fine", Money(c.Fine) + (draft.Fine?.Percent is { } p ? $" ({p.ToString(CultureInfo.InvariantCulture)} % of the base figure)" : "")
                + (c.Range is { } range ? $"; legal range {Money(range.Min)} to {Money(range.Max)} ({range.Kind}; {string.Join(", ", range.Citations)})" : "")),
            ("Confiscation", Money(draft.Confiscation)),
            ("Rectification orders", draft.Orders.Count == 0 ? "none" : string.Join("; ", draft.Orders.Select(o => $"by {o.Deadline:yyyy-MM-dd}: {o.Order}"))),
            ("Reasons", draft.Reasons),
            ("Drafted", $"{Time(r.CreatedAt)} by {r.Author}"),
        };
        if (r.ApprovedBy is { } approver)
        {
            lines.Add(("Approved", $"{Time(r.ServedAt)} by {approver}"));
        }

        return new CaseFileSection($"Decision {r.DecisionId} ({r.Status})", lines);
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
