using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>The events one may subscribe to (docs/notifications.md), and which of them concern a platform.</summary>
public static class NotificationKinds
{
    /// <summary>A case opened (at or above the subscription's severity).</summary>
    public const string CaseOpened = "case-opened";
    /// <summary>A finding raised on a case the subscriber sees.</summary>
    public const string FindingRaised = "finding-raised";
    /// <summary>A finding withdrawn on a case the subscriber sees.</summary>
    public const string FindingWithdrawn = "finding-withdrawn";
    /// <summary>A notice issued to a platform.</summary>
    public const string NoticeIssued = "notice-issued";
    /// <summary>A platform answered a notice.</summary>
    public const string AnswerReceived = "answer-received";
    /// <summary>A platform filed a report.</summary>
    public const string ReportReceived = "report-received";
    /// <summary>A report's due date passed without it.</summary>
    public const string ReportOverdue = "report-overdue";
    /// <summary>A decision was submitted for a second supervisor's approval.</summary>
    public const string DecisionAwaitingApproval = "decision-awaiting-approval";
    /// <summary>A decision was approved and served on its platform.</summary>
    public const string DecisionServed = "decision-served";
    /// <summary>A deadline (a notice's answer, a report, a rectification order) is a lead time away.</summary>
    public const string DeadlineApproaching = "deadline-approaching";

    /// <summary>Every kind, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        CaseOpened, FindingRaised, FindingWithdrawn, NoticeIssued, AnswerReceived, ReportReceived, ReportOverdue,
        DecisionAwaitingApproval, DecisionServed, DeadlineApproaching,
    ];

    /// <summary>What concerns a platform: its notices, its decisions, its reports, its deadlines. The rest is the regulators'.</summary>
    public static IReadOnlyList<string> ForPlatforms { get; } = [NoticeIssued, DecisionServed, ReportReceived, ReportOverdue, DeadlineApproaching];

    /// <summary>The lead times of <see cref="DeadlineApproaching"/> unless a subscription names its own: 7 days and 1 day.</summary>
    public static IReadOnlyList<int> DefaultLeadDays { get; } = [7, 1];
}

/// <summary>A subscription as asked for: the channel and its target, the kinds wanted and their settings.</summary>
/// <param name="Channel"><c>webhook</c> or <c>email</c>.</param>
/// <param name="Target">The endpoint URL or the email address.</param>
/// <param name="Kinds">The event kinds wanted.</param>
/// <param name="MinSeverity">For <c>case-opened</c>: the lowest severity that notifies (default <c>high</c>).</param>
/// <param name="LeadDays">For <c>deadline-approaching</c>: the lead times in days (default 7 and 1).</param>
/// <param name="Language">The language of email bodies (default: the request's).</param>
/// <param name="ForAuthority">Made for the actor's authority (its administrators), not for the actor's own credential.</param>
public sealed record SubscriptionDraft(
    string Channel, string Target, IReadOnlyList<string> Kinds, string? MinSeverity = null, IReadOnlyList<int>? LeadDays = null, string? Language = null, bool ForAuthority = false);

/// <summary>A subscription as its owner sees it; <see cref="Secret"/> only when it was just made or rotated.</summary>
/// <param name="Record">The subscription (its stored secret is never shown from here).</param>
/// <param name="Secret">The signing secret, shown this once.</param>
public sealed record Subscription(SubscriptionRecord Record, string? Secret = null);
