using System.Text.Json;

namespace PlatformWatch.Contracts;

/// <summary>The law a finding applies: one legal version of a rule.</summary>
public sealed record LegalCitation
{
    /// <summary>Short citation, e.g. <c>AML (2022) Art. 24(1)(1)</c>.</summary>
    public required string Citation { get; init; }
    /// <summary>The instrument, e.g. <c>Anti-Monopoly Law of the People's Republic of China (2022 amendment)</c>.</summary>
    public required string Instrument { get; init; }
    /// <summary>The article, e.g. <c>Art. 24(1)(1)</c>.</summary>
    public required string Article { get; init; }
    /// <summary>The provision's English text (authentic for EU acts, a published translation otherwise); null when there is none.</summary>
    public string? Quote { get; init; }
    /// <summary>Where to read it.</summary>
    public string? Link { get; init; }
    /// <summary>The citation in Chinese (issue 19); null from publishers before it was added.</summary>
    public LegalCitationText? Zh { get; init; }
    /// <summary>The language whose text is authentic: <c>zh</c> (Chinese law) or <c>en</c> (EU acts); a quote in the other language is a translation. Null from publishers before it was added.</summary>
    public string? Authentic { get; init; }
    /// <summary>The legal version's name, e.g. <c>AML 2022</c>.</summary>
    public required string LawVersion { get; init; }
    /// <summary>First day that version is in force.</summary>
    public DateOnly? InForceFrom { get; init; }
    /// <summary>Last day that version is in force, if it has ended.</summary>
    public DateOnly? InForceTo { get; init; }
    /// <summary>Further provisions applied with this one (e.g. AML Art. 22(1)(6) when the platform is dominant); empty when none.</summary>
    public IReadOnlyList<LegalCitation> Also { get; init; } = [];
}

/// <summary>A citation in one more language: its short form, the instrument, the article and the provision's text.</summary>
public sealed record LegalCitationText
{
    /// <summary>Short citation, e.g. <c>《中华人民共和国反垄断法》（2022年修正）第二十四条第一款第（一）项</c>.</summary>
    public required string Citation { get; init; }
    /// <summary>The instrument's title, e.g. <c>《中华人民共和国反垄断法》（2022年修正）</c>.</summary>
    public required string Instrument { get; init; }
    /// <summary>The article, e.g. <c>第二十四条第一款第（一）项</c>.</summary>
    public required string Article { get; init; }
    /// <summary>The provision's text in this language (the statute for Chinese law, an unofficial translation for EU acts); null when none.</summary>
    public string? Quote { get; init; }
}

/// <summary>
/// Published after the case database commits a new (or re-established) finding. With
/// <see cref="FindingUpdated"/> and <see cref="FindingWithdrawn"/> it announces the whole life of a
/// finding: a subscriber that applies them in <c>revision</c> order per finding holds exactly the
/// database's active findings. Each is sent at least once with a stable message id (finding id and
/// revision), so a subscriber deduplicates by message id or by (findingId, revision).
/// </summary>
public sealed record FindingRaised
{
    /// <summary>Stable id of the finding: the same key gives the same id on every worker.</summary>
    public required string FindingId { get; init; }
    /// <summary>The rule, e.g. <c>CN-AML24-SINGLE</c>.</summary>
    public required string RuleId { get; init; }
    /// <summary>The version of the rule's definition.</summary>
    public required int RuleVersion { get; init; }
    /// <summary>The profile the rule came from.</summary>
    public required string ProfileId { get; init; }
    /// <summary>The platform; null for market-level findings.</summary>
    public string? PlatformId { get; init; }
    /// <summary>The market, when the finding has one.</summary>
    public string? MarketId { get; init; }
    /// <summary>First day of the finding's period.</summary>
    public DateOnly? PeriodStart { get; init; }
    /// <summary>Last day of the finding's period.</summary>
    public DateOnly? PeriodEnd { get; init; }
    /// <summary>How serious it is.</summary>
    public required Severity Severity { get; init; }
    /// <summary>The law applied.</summary>
    public required LegalCitation LegalBasis { get; init; }
    /// <summary>What was measured.</summary>
    public required JsonElement Measured { get; init; }
    /// <summary>What it was compared with.</summary>
    public required JsonElement Threshold { get; init; }
    /// <summary>The events that are its evidence.</summary>
    public required IReadOnlyList<string> EvidenceEventIds { get; init; }
    /// <summary>The case it joined, if any.</summary>
    public string? CaseId { get; init; }
    /// <summary>When it was raised.</summary>
    public required DateTimeOffset RaisedAt { get; init; }
    /// <summary>The finding's revision this announces (1 when new; higher when raised again after a withdrawal). 0 from publishers before revisions were announced.</summary>
    public int Revision { get; init; }
}

/// <summary>Published after the case database commits a change to an active finding (new evidence, measurements, law or case).</summary>
public sealed record FindingUpdated
{
    /// <summary>Stable id of the finding.</summary>
    public required string FindingId { get; init; }
    /// <summary>The revision this announces.</summary>
    public required int Revision { get; init; }
    /// <summary>The rule.</summary>
    public required string RuleId { get; init; }
    /// <summary>The version of the rule's definition.</summary>
    public required int RuleVersion { get; init; }
    /// <summary>The profile the rule came from.</summary>
    public required string ProfileId { get; init; }
    /// <summary>The platform; null for market-level findings.</summary>
    public string? PlatformId { get; init; }
    /// <summary>The market, when the finding has one.</summary>
    public string? MarketId { get; init; }
    /// <summary>First day of the finding's period.</summary>
    public DateOnly? PeriodStart { get; init; }
    /// <summary>Last day of the finding's period.</summary>
    public DateOnly? PeriodEnd { get; init; }
    /// <summary>How serious it is.</summary>
    public required Severity Severity { get; init; }
    /// <summary>The law applied.</summary>
    public required LegalCitation LegalBasis { get; init; }
    /// <summary>What was measured.</summary>
    public required JsonElement Measured { get; init; }
    /// <summary>What it was compared with.</summary>
    public required JsonElement Threshold { get; init; }
    /// <summary>The events that are its evidence.</summary>
    public required IReadOnlyList<string> EvidenceEventIds { get; init; }
    /// <summary>The case it belongs to, if any.</summary>
    public string? CaseId { get; init; }
    /// <summary>When it was first raised (this time).</summary>
    public required DateTimeOffset RaisedAt { get; init; }
    /// <summary>When it changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Published after the case database commits the withdrawal of a finding the evidence no longer supports (kept for the record).</summary>
public sealed record FindingWithdrawn
{
    /// <summary>Stable id of the finding.</summary>
    public required string FindingId { get; init; }
    /// <summary>The revision this announces.</summary>
    public required int Revision { get; init; }
    /// <summary>The rule.</summary>
    public required string RuleId { get; init; }
    /// <summary>The platform; null for market-level findings.</summary>
    public string? PlatformId { get; init; }
    /// <summary>The market, when the finding has one.</summary>
    public string? MarketId { get; init; }
    /// <summary>First day of the finding's period.</summary>
    public DateOnly? PeriodStart { get; init; }
    /// <summary>Last day of the finding's period.</summary>
    public DateOnly? PeriodEnd { get; init; }
    /// <summary>The case it belonged to, if any.</summary>
    public string? CaseId { get; init; }
    /// <summary>When it was withdrawn.</summary>
    public required DateTimeOffset WithdrawnAt { get; init; }
}

/// <summary>Published when a case is opened.</summary>
public sealed record CaseOpened
{
    /// <summary>The case.</summary>
    public required string CaseId { get; init; }
    /// <summary>The platform; null for a market-level case.</summary>
    public string? PlatformId { get; init; }
    /// <summary>Its status (<c>new</c>).</summary>
    public required CaseStatus Status { get; init; }
    /// <summary>Who opened it (<c>system</c> for the rules).</summary>
    public required string Actor { get; init; }
    /// <summary>When.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>Published when a case moves from one status to another.</summary>
public sealed record CaseStatusChanged
{
    /// <summary>The case.</summary>
    public required string CaseId { get; init; }
    /// <summary>The platform; null for a market-level case.</summary>
    public string? PlatformId { get; init; }
    /// <summary>The new status.</summary>
    public required CaseStatus Status { get; init; }
    /// <summary>The status before.</summary>
    public CaseStatus? PreviousStatus { get; init; }
    /// <summary>Who changed it.</summary>
    public required string Actor { get; init; }
    /// <summary>When.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>Published when a notice is issued to a platform.</summary>
public sealed record NoticeIssued
{
    /// <summary>The notice.</summary>
    public required string NoticeId { get; init; }
    /// <summary>The case it belongs to.</summary>
    public required string CaseId { get; init; }
    /// <summary>The platform addressed.</summary>
    public required string PlatformId { get; init; }
    /// <summary>When the answer is due.</summary>
    public required DateTimeOffset ResponseDueAt { get; init; }
}

/// <summary>
/// Published when a decision is approved and served on its platform (the case is closed with its
/// outcome in the same transaction). An extension of the outbound events: notifications follow it.
/// </summary>
public sealed record DecisionServed
{
    /// <summary>The decision.</summary>
    public required string DecisionId { get; init; }
    /// <summary>The case it decides.</summary>
    public required string CaseId { get; init; }
    /// <summary>The platform it is served on.</summary>
    public required string PlatformId { get; init; }
    /// <summary>The outcome, as a case is closed with it: <c>no-violation</c>, <c>warning</c>, <c>rectification-ordered</c>, <c>penalty-referral</c>.</summary>
    public required string Outcome { get; init; }
    /// <summary>The fine imposed, if any.</summary>
    public Money? Fine { get; init; }
    /// <summary>Who approved it.</summary>
    public required string ApprovedBy { get; init; }
    /// <summary>When it was served.</summary>
    public required DateTimeOffset ServedAt { get; init; }
}

/// <summary>
/// Published when a platform answers a notice (docs/notifications.md). An extension of the outbound
/// events: the regulators working the case are notified.
/// </summary>
public sealed record AnswerReceived
{
    /// <summary>The notice answered.</summary>
    public required string NoticeId { get; init; }
    /// <summary>The answer.</summary>
    public required string ResponseId { get; init; }
    /// <summary>The case of the notice.</summary>
    public required string CaseId { get; init; }
    /// <summary>The platform that answered.</summary>
    public required string PlatformId { get; init; }
    /// <summary>When it was submitted.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>
/// Published when a decision is submitted for a second supervisor's approval (docs/decisions.md,
/// docs/notifications.md).
/// </summary>
public sealed record DecisionSubmitted
{
    /// <summary>The decision.</summary>
    public required string DecisionId { get; init; }
    /// <summary>The case it decides.</summary>
    public required string CaseId { get; init; }
    /// <summary>The platform it would be served on.</summary>
    public required string PlatformId { get; init; }
    /// <summary>The outcome it proposes.</summary>
    public required string Outcome { get; init; }
    /// <summary>Its author, who may not approve it.</summary>
    public required string Author { get; init; }
    /// <summary>When it was submitted.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>
/// Published once per deadline and lead time by the reminder check (docs/notifications.md): a notice's
/// answer, a report or a rectification order falls due in <see cref="LeadDays"/> days.
/// </summary>
public sealed record DeadlineApproaching
{
    /// <summary>What falls due: <c>notice-answer</c>, <c>report</c>, <c>rectification-order</c>.</summary>
    public required string Deadline { get; init; }
    /// <summary>The notice, report or decision it belongs to.</summary>
    public required string SubjectId { get; init; }
    /// <summary>The case, if the deadline belongs to one.</summary>
    public string? CaseId { get; init; }
    /// <summary>The platform that must act.</summary>
    public required string PlatformId { get; init; }
    /// <summary>When it falls due.</summary>
    public required DateTimeOffset DueAt { get; init; }
    /// <summary>The lead time this reminder is for, in days.</summary>
    public required int LeadDays { get; init; }
    /// <summary>For a <c>report</c>: the report type due (the subject is the obligation's id).</summary>
    public string? ReportType { get; init; }
}

/// <summary>
/// Published when a platform's self-regulation report is taken into the case database (the first
/// time its event is recorded; docs/notifications.md): the platform hears that it arrived.
/// </summary>
public sealed record ReportReceived
{
    /// <summary>The report.</summary>
    public required string ReportId { get; init; }
    /// <summary>The event that carried it.</summary>
    public required string EventId { get; init; }
    /// <summary>The platform that filed it.</summary>
    public required string PlatformId { get; init; }
    /// <summary>Where it reports.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>What kind of report it is.</summary>
    public required ReportType ReportType { get; init; }
    /// <summary>The first day it covers.</summary>
    public required DateOnly PeriodStart { get; init; }
    /// <summary>The last day it covers.</summary>
    public required DateOnly PeriodEnd { get; init; }
    /// <summary>When the platform submitted it.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }
}
