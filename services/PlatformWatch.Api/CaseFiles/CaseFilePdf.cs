using System.Globalization;
using System.Text.Json.Nodes;
using PdfSharp.Pdf;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.CaseFiles;

/// <summary>
/// The case file as one PDF (PDFsharp 6.2.4, no browser): the case, its findings with the labelled
/// values the case page shows and the law, the evidence, the notices and answers, the comments,
/// the documents with their hashes, the decision, and the audit trail with the chain head that
/// <c>platformwatch audit verify</c> checks. Every page's footer names the case and the head.
/// </summary>
public static class CaseFilePdf
{
    /// <summary>The media type of the answer.</summary>
    public const string MediaType = "application/pdf";

    /// <summary>The PDF of a case file in the current UI culture's language, keys named by <paramref name="who"/>, with the fonts of <paramref name="fonts"/> (check them with <see cref="FontFiles.Missing"/> first).</summary>
    /// <remarks>
    /// The labels come from the resources (<c>casefile.*</c>); every paragraph that holds a CJK
    /// character (a Chinese label, or Chinese text in a comment, a notice, a law's quote, in either
    /// language) is set in the CJK font (<see cref="PdfPages"/>).
    /// </remarks>
    public static byte[] Render(CaseFile file, ActorNames who, CaseFileOptions fonts)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(fonts);
        FontFiles.Install();
        var c = file.Read.Detail.Case;
        using var document = new PdfDocument();
        document.Info.Title = L("casefile.title", c.CaseId);
        document.Info.Creator = "PlatformWatch";
        // PDFsharp 6.2.4 leaves the Adler-32 checksum off its Flate streams: readers tolerate it,
        // strict checkers (Ghostscript: "incorrect data check") do not. A record for a court is
        // written uncompressed: larger (its fonts are subsets), and valid to every reader.
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
        using (var pages = new PdfPages(document, fonts))
        {
            pages.Title(L("casefile.title", c.CaseId));
            pages.Text(L("casefile.produced", Time(file.ProducedAt), file.Chain.Entries, file.Chain.Head));
            Summary(pages, file);
            Findings(pages, file.Read.Detail.Findings);
            Evidence(pages, file.Read);
            Notices(pages, file.Read, who);
            Comments(pages, file.Read.Detail.Comments, who);
            Documents(pages, file.Documents);
            Decisions(pages, file.Decisions);
            Audit(pages, file, who);
            pages.Footers((page, count) =>
            [
                L("casefile.footer", c.CaseId, page, count, Time(file.ProducedAt)),
                L("casefile.footerChain", file.Chain.Entries, file.Chain.Head),
            ]);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static void Summary(PdfPages pages, CaseFile file)
    {
        var read = file.Read;
        var c = read.Detail.Case;
        pages.Heading(L("casefile.case"));
        Field(pages, "casefile.status", c.Status + (c.Outcome is { } outcome ? L("casefile.outcome", outcome) : ""));
        Field(pages, "casefile.severity", c.Severity);
        Field(pages, "casefile.platform", c.PlatformId ?? L("casefile.marketLevel"));
        Field(pages, "casefile.market", c.MarketId ?? L("casefile.none"));
        Field(pages, "casefile.family", c.Family);
        Field(pages, "casefile.authority", AuthorityName(read, c.OwnerAuthorityId));
        Field(pages, "casefile.assignee", c.Assignee ?? L("casefile.unassigned"));
        Field(pages, "casefile.due", c.DueAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? L("casefile.none"));
        Field(pages, "casefile.opened", Time(c.OpenedAt));
        Field(pages, "casefile.changed", Time(c.UpdatedAt));
        if (c.ClosedAt is { } closed)
        {
            Field(pages, "casefile.closed", Time(closed));
        }

        if (c.FollowsCaseId is { } follows)
        {
            Field(pages, "casefile.follows", follows);
        }

        Field(pages, "casefile.findings", L("casefile.findingsActive", read.Detail.Findings.Count(f => f.IsActive), read.Detail.Findings.Count));
        if (read.Access.WithholdInternal)
        {
            pages.Text(L("casefile.withheldInternal"));
        }

        if (read.Access.ThroughGrant)
        {
            pages.Text(L("casefile.throughGrant"));
        }
    }

    private static void Findings(PdfPages pages, IReadOnlyList<StoredFinding> findings)
    {
        pages.Heading(L("casefile.findingsAndLaw"));
        if (findings.Count == 0)
        {
            pages.Text(L("casefile.noFindings"));
        }

        foreach (var f in findings)
        {
            pages.Gap(4);
            pages.Bold(L("casefile.finding", f.RuleId, f.RuleVersion, f.Severity, f.IsActive ? "" : L("casefile.withdrawn"), f.FindingId));
            pages.Text(L("casefile.period", Day(f.PeriodStart), Day(f.PeriodEnd), Day(f.EstablishedFrom), Day(f.EstablishedTo), f.ProfileId, Time(f.RaisedAt)));
            Values(pages, DisplayText.Get("finding.measured"), FindingValues.Measured(f.Measured, f.Threshold));
            Values(pages, DisplayText.Get("finding.threshold"), FindingValues.Threshold(f.Threshold));
            // The law in the file's language, the authentic text always (LawText, as the case page).
            var law = LawText.Parse(f.LegalBasis);
            pages.Bold(L("casefile.legalBasis", law is null ? "" : LawText.Citation(law)), 1);
            if (law is not null && LawText.OtherCitation(law) is { } other)
            {
                pages.Text(other, 2);
            }

            foreach (var quote in law is null ? [] : LawText.Quotes(law))
            {
                pages.Text(L("casefile.quote", quote.Mark is { } mark ? $"[{mark}] {quote.Text}" : quote.Text), 2);
            }

            if (JsonText.Field(f.LegalBasis, "link") is { Length: > 0 } link)
            {
                pages.Text(link, 2);
            }

            pages.Text(L("casefile.findingEvidence", string.Join(", ", f.EvidenceEventIds)), 1);
        }
    }

    private static void Values(PdfPages pages, string caption, IReadOnlyList<ValueRow> rows)
    {
        pages.Bold(caption, 1);
        if (rows.Count == 0)
        {
            pages.Text(DisplayText.Get("finding.nothing"), 2);
        }

        foreach (var row in rows)
        {
            if (row.IsGroup)
            {
                pages.Text(row.Label + ":", 2 + row.Depth);
                continue;
            }

            pages.Text(row.Items.Count == 0 ? $"{row.Label}: {row.Text}" : $"{row.Label}:", 2 + row.Depth);
            foreach (var item in row.Items)
            {
                pages.Text("- " + item, 3 + row.Depth);
            }
        }
    }

    private static void Evidence(PdfPages pages, CaseRead read)
    {
        pages.Heading(L("casefile.evidence"));
        if (read.Detail.Evidence.Count == 0)
        {
            pages.Text(L("casefile.noEvidence"));
        }

        foreach (var e in read.Detail.Evidence)
        {
            pages.Gap(2);
            pages.Bold($"{e.EventId} - {e.Type}");
            pages.Text(L("casefile.occurred", Time(e.OccurredAt), e.Source, e.Submitter ?? L("casefile.notRecorded")), 1);
            if (BusinessSecrets.SectionsOf(e) is { Count: > 0 } secret)
            {
                pages.Text(L("casefile.secret", string.Join(", ", secret), read.Access.ThroughGrant ? L("casefile.secretWithheld") : ""), 1);
            }

            // What the event names as its own evidence (documents, addresses, complaints) with the references given.
            if (JsonNode.Parse(e.Payload)?["evidence"] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    pages.Text($"- {item["kind"]}: {item["reference"]}{(item["description"] is { } d ? " - " + d : "")}", 2);
                }
            }
        }
    }

    private static void Notices(PdfPages pages, CaseRead read, ActorNames who)
    {
        pages.Heading(L("casefile.notices"));
        if (read.Notices.Count == 0)
        {
            pages.Text(L("casefile.noNotices"));
        }

        foreach (var n in read.Notices)
        {
            pages.Gap(2);
            pages.Bold(L("casefile.notice", n.Notice.NoticeId, n.Notice.Status));
            pages.Text(L("casefile.issued", Time(n.Notice.IssuedAt), Named(who, n.Notice.IssuedBy), n.Notice.PlatformId, Time(n.Notice.ResponseDueAt), string.Join(", ", n.Notice.FindingIds)), 1);
            pages.Text(n.Notice.Text, 1);
            foreach (var r in n.Responses)
            {
                pages.Bold(L("casefile.answer", r.ResponseId, Time(r.SubmittedAt), Named(who, r.SubmittedBy), r.BusinessSecret ? L("casefile.answerSecret") : ""), 1);
                pages.Text(r.BusinessSecret && read.Access.ThroughGrant ? L("casefile.answerWithheld") : r.Text, 2);
                foreach (var d in r.Documents)
                {
                    pages.Text(L("casefile.answerDocument", d.Name, d.MediaType, d.SizeBytes, d.Sha256), 2);
                }
            }
        }
    }

    private static void Comments(PdfPages pages, IReadOnlyList<CaseComment> comments, ActorNames who)
    {
        pages.Heading(L("casefile.comments"));
        if (comments.Count == 0)
        {
            pages.Text(L("casefile.noComments"));
        }

        foreach (var comment in comments)
        {
            pages.Bold($"{Time(comment.CreatedAt)} - {Named(who, comment.Author)}{(comment.AuthorAuthority is { } a ? $" ({a})" : "")} - {comment.Visibility}");
            pages.Text(comment.Body, 1);
        }
    }

    private static void Documents(PdfPages pages, IReadOnlyList<CaseDocument> documents)
    {
        pages.Heading(L("casefile.documents"));
        if (documents.Count == 0)
        {
            pages.Text(L("casefile.noDocuments"));
        }

        foreach (var d in documents)
        {
            pages.Bold(d.Name);
            pages.Text(L("casefile.document", d.MediaType, d.SizeBytes, d.From, Time(d.At)), 1);
            pages.Text("SHA-256 " + d.Sha256, 1);
        }
    }

    private static void Decisions(PdfPages pages, IReadOnlyList<CaseFileSection> decisions)
    {
        pages.Heading(L("casefile.decision"));
        if (decisions.Count == 0)
        {
            pages.Text(L("casefile.noDecision"));
            return;
        }

        foreach (var decision in decisions)
        {
            pages.Bold(decision.Heading);
            foreach (var (label, text) in decision.Lines)
            {
                pages.Text(L("casefile.field", label, text));
            }
        }
    }

    private static void Audit(PdfPages pages, CaseFile file, ActorNames who)
    {
        pages.Heading(L("casefile.audit"));
        pages.Text(L("casefile.auditChain", file.Chain.Entries, file.Chain.Head));
        if (!file.Chain.ListedEndsAtHead)
        {
            pages.Bold(L("casefile.auditBroken"));
        }

        foreach (var a in file.Read.Detail.Audit)
        {
            pages.Gap(2);
            pages.Bold($"#{a.Seq} {Time(a.At)} - {Named(who, a.Actor)} - {a.Action}");
            pages.Text(Timeline.Sentence(a, who, id => AuthorityName(file.Read, id)), 1);
            pages.Text(a.Details, 1);
            pages.Text(L("casefile.hash", a.Hash), 1);
        }
    }

    // A field by its label's resource key.
    private static void Field(PdfPages pages, string label, string text) => pages.Text(L("casefile.field", DisplayText.Get(label), text));

    private static string L(string name, params object?[] args) => DisplayText.Format(name, args);

    // A key by its name and id (the trail records the id), anyone else as recorded.
    private static string Named(ActorNames who, string actor) => who.Name(actor) is var name && name != actor ? $"{name} ({actor})" : actor;

    private static string AuthorityName(CaseRead read, string authorityId) =>
        read.Tree.Find(authorityId) is { } node ? $"{node.Name} ({node.AuthorityId})" : authorityId;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
