using System.Globalization;
using System.Text.Json.Nodes;
using PdfSharp.Pdf;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Rules.Profiles;
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

    /// <summary>The PDF of a case file, keys named by <paramref name="who"/>, with the fonts of <paramref name="fonts"/> (check them with <see cref="FontFiles.Missing"/> first).</summary>
    /// <remarks>
    /// The case file stays English whatever the request's language (docs/i18n.md): the configured
    /// fonts need not have CJK glyphs, so the texts from the resources are read in the neutral culture.
    /// </remarks>
    public static byte[] Render(CaseFile file, ActorNames who, CaseFileOptions fonts)
    {
        var language = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            return RenderInEnglish(file, who, fonts);
        }
        finally
        {
            CultureInfo.CurrentUICulture = language;
        }
    }

    private static byte[] RenderInEnglish(CaseFile file, ActorNames who, CaseFileOptions fonts)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(fonts);
        FontFiles.Install();
        var c = file.Read.Detail.Case;
        using var document = new PdfDocument();
        document.Info.Title = $"Case file {c.CaseId}";
        document.Info.Creator = "PlatformWatch";
        // PDFsharp 6.2.4 leaves the Adler-32 checksum off its Flate streams: readers tolerate it,
        // strict checkers (Ghostscript: "incorrect data check") do not. A record for a court is
        // written uncompressed: larger (its fonts are subsets), and valid to every reader.
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
        using (var pages = new PdfPages(document, fonts))
        {
            pages.Title($"Case file {c.CaseId}");
            pages.Text($"Produced {Time(file.ProducedAt)}. The audit trail records {file.Chain.Entries} entries; its chain head is {file.Chain.Head}.");
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
                $"Case file {c.CaseId} - page {page} of {count} - produced {Time(file.ProducedAt)}",
                $"Audit chain head ({file.Chain.Entries} entries): {file.Chain.Head}",
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
        pages.Heading("1. The case");
        Field(pages, "Status", c.Status + (c.Outcome is { } outcome ? $" (outcome: {outcome})" : ""));
        Field(pages, "Severity", c.Severity);
        Field(pages, "Platform", c.PlatformId ?? "none (a market-level case)");
        Field(pages, "Market", c.MarketId ?? "none");
        Field(pages, "Rule family", c.Family);
        Field(pages, "Authority", AuthorityName(read, c.OwnerAuthorityId));
        Field(pages, "Assignee", c.Assignee ?? "unassigned");
        Field(pages, "Due", c.DueAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none");
        Field(pages, "Opened", Time(c.OpenedAt));
        Field(pages, "Last changed", Time(c.UpdatedAt));
        if (c.ClosedAt is { } closed)
        {
            Field(pages, "Closed", Time(closed));
        }

        if (c.FollowsCaseId is { } follows)
        {
            Field(pages, "Follows", follows);
        }

        Field(pages, "Findings", $"{read.Detail.Findings.Count(f => f.IsActive)} active of {read.Detail.Findings.Count}");
        if (read.Access.WithholdInternal)
        {
            pages.Text("The internal comments of other authorities are withheld from this file, as the share with your authority says; so are the audit entries that quote them.");
        }

        if (read.Access.ThroughGrant)
        {
            pages.Text("Your authority reads this case through a grant: the platform's business secrets appear with their mark and without their content.");
        }
    }

    private static void Findings(PdfPages pages, IReadOnlyList<StoredFinding> findings)
    {
        pages.Heading("2. Findings and the law");
        if (findings.Count == 0)
        {
            pages.Text("No findings on this case.");
        }

        foreach (var f in findings)
        {
            pages.Gap(4);
            pages.Bold($"{f.RuleId} v{f.RuleVersion} - {f.Severity}{(f.IsActive ? "" : " - withdrawn")} - finding {f.FindingId}");
            pages.Text($"Period {Day(f.PeriodStart)} to {Day(f.PeriodEnd)}; established {Day(f.EstablishedFrom)} to {Day(f.EstablishedTo)}; profile {f.ProfileId}; raised {Time(f.RaisedAt)}.");
            Values(pages, DisplayText.Get("finding.measured"), FindingValues.Measured(f.Measured, f.Threshold));
            Values(pages, DisplayText.Get("finding.threshold"), FindingValues.Threshold(f.Threshold));
            // The file is English (its fonts have no CJK glyphs): the English citation and text; a
            // provision authentic in Chinese is named as such, its text is on the case page.
            var law = LawText.Parse(f.LegalBasis);
            pages.Bold("Legal basis: " + law?.Citation, 1);
            if (law?.Quote is { Length: > 0 } quote)
            {
                pages.Text($"\"{quote}\"", 2);
            }
            else if (law?.Authentic == Languages.Chinese && law.Zh?.Quote is not null)
            {
                pages.Text("The authentic text of this provision is Chinese; it is quoted on the case page.", 2);
            }

            if (JsonText.Field(f.LegalBasis, "link") is { Length: > 0 } link)
            {
                pages.Text(link, 2);
            }

            pages.Text("Evidence: " + string.Join(", ", f.EvidenceEventIds), 1);
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
        pages.Heading("3. Evidence");
        if (read.Detail.Evidence.Count == 0)
        {
            pages.Text("No evidence events.");
        }

        foreach (var e in read.Detail.Evidence)
        {
            pages.Gap(2);
            pages.Bold($"{e.EventId} - {e.Type}");
            pages.Text($"Occurred {Time(e.OccurredAt)}; source {e.Source}; submitted by {e.Submitter ?? "(not recorded)"}.", 1);
            if (BusinessSecrets.SectionsOf(e) is { Count: > 0 } secret)
            {
                pages.Text($"Business secret: {string.Join(", ", secret)}{(read.Access.ThroughGrant ? " (withheld from your authority)" : "")}.", 1);
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
        pages.Heading("4. Notices and answers");
        if (read.Notices.Count == 0)
        {
            pages.Text("No notice has been issued on this case.");
        }

        foreach (var n in read.Notices)
        {
            pages.Gap(2);
            pages.Bold($"Notice {n.Notice.NoticeId} - {n.Notice.Status}");
            pages.Text($"Issued {Time(n.Notice.IssuedAt)} by {Named(who, n.Notice.IssuedBy)} to {n.Notice.PlatformId}; answer due {Time(n.Notice.ResponseDueAt)}; findings {string.Join(", ", n.Notice.FindingIds)}.", 1);
            pages.Text(n.Notice.Text, 1);
            foreach (var r in n.Responses)
            {
                pages.Bold($"Answer {r.ResponseId}, {Time(r.SubmittedAt)}, by {Named(who, r.SubmittedBy)}{(r.BusinessSecret ? " - business secret" : "")}", 1);
                pages.Text(r.BusinessSecret && read.Access.ThroughGrant ? "The platform marked this answer as a business secret: it is withheld from your authority." : r.Text, 2);
                foreach (var d in r.Documents)
                {
                    pages.Text($"- {d.Name} ({d.MediaType}, {d.SizeBytes} bytes), SHA-256 {d.Sha256}", 2);
                }
            }
        }
    }

    private static void Comments(PdfPages pages, IReadOnlyList<CaseComment> comments, ActorNames who)
    {
        pages.Heading("5. Comments");
        if (comments.Count == 0)
        {
            pages.Text("No comments.");
        }

        foreach (var comment in comments)
        {
            pages.Bold($"{Time(comment.CreatedAt)} - {Named(who, comment.Author)}{(comment.AuthorAuthority is { } a ? $" ({a})" : "")} - {comment.Visibility}");
            pages.Text(comment.Body, 1);
        }
    }

    private static void Documents(PdfPages pages, IReadOnlyList<CaseDocument> documents)
    {
        pages.Heading("6. Documents");
        if (documents.Count == 0)
        {
            pages.Text("No documents.");
        }

        foreach (var d in documents)
        {
            pages.Bold(d.Name);
            pages.Text($"{d.MediaType}, {d.SizeBytes} bytes; {d.From}, {Time(d.At)}.", 1);
            pages.Text("SHA-256 " + d.Sha256, 1);
        }
    }

    private static void Decisions(PdfPages pages, IReadOnlyList<CaseFileSection> decisions)
    {
        pages.Heading("7. Decision");
        if (decisions.Count == 0)
        {
            pages.Text("No decision has been recorded on this case.");
            return;
        }

        foreach (var decision in decisions)
        {
            pages.Bold(decision.Heading);
            foreach (var (label, text) in decision.Lines)
            {
                Field(pages, label, text);
            }
        }
    }

    private static void Audit(PdfPages pages, CaseFile file, ActorNames who)
    {
        pages.Heading("8. Audit trail");
        pages.Text($"The case records {file.Chain.Entries} audit entries; the chain head, the hash of the last, is {file.Chain.Head}. "
            + "Each entry's hash is an HMAC over the entry and the hash before it, keyed with the database's audit key: `platformwatch audit verify` checks every entry, every link and this head.");
        if (!file.Chain.ListedEndsAtHead)
        {
            pages.Bold("The entries listed do not end at the head the case records: run `platformwatch audit verify`.");
        }

        foreach (var a in file.Read.Detail.Audit)
        {
            pages.Gap(2);
            pages.Bold($"#{a.Seq} {Time(a.At)} - {Named(who, a.Actor)} - {a.Action}");
            pages.Text(Timeline.Sentence(a, who, id => AuthorityName(file.Read, id)), 1);
            pages.Text(a.Details, 1);
            pages.Text("hash " + a.Hash, 1);
        }
    }

    private static void Field(PdfPages pages, string label, string text) => pages.Text($"{label}: {text}");

    // A key by its name and id (the trail records the id), anyone else as recorded.
    private static string Named(ActorNames who, string actor) => who.Name(actor) is var name && name != actor ? $"{name} ({actor})" : actor;

    private static string AuthorityName(CaseRead read, string authorityId) =>
        read.Tree.Find(authorityId) is { } node ? $"{node.Name} ({node.AuthorityId})" : authorityId;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
