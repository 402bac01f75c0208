using System.Globalization;
using System.Text.Json;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Types;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// The reminders (docs/notifications.md): on the due-date monitor's clock, in one process at a time
/// (the lease <c>reminders</c>), announces <see cref="DeadlineApproaching"/> for every open deadline —
/// a notice's answer, a served decision's rectification order, a reporting obligation's due date not
/// met yet (as <see cref="ReportOverdueType.IsMet"/> decides) — at the tightest lead time the
/// subscriptions ask for that it is within. The message id <c>deadline:KIND:ID:LEAD</c> makes each
/// announcement once per deadline and lead time, however often the check runs and whoever runs it.
/// </summary>
public sealed class ReminderCheck(CaseStore store)
{
    /// <summary>The lease the check runs under.</summary>
    public const string Lease = "reminders";

    /// <summary>
    /// Runs the check as <paramref name="holder"/>; returns how many deadlines it reminded of (a
    /// reminder announced before is not written again), or null when another process holds the lease.
    /// </summary>
    public Task<int?> RunAsync(string holder, TimeSpan holdFor, CancellationToken ct) =>
        store.InTransactionAsync<int?>(async s =>
        {
            var now = s.Notifications.Now;
            if (!await s.Notifications.TakeLeaseAsync(Lease, holder, now + holdFor).ConfigureAwait(false))
            {
                return null;
            }

            var leads = (await s.Notifications.ActiveAsync().ConfigureAwait(false))
                .Where(sub => sub.KindList.Contains(NotificationKinds.DeadlineApproaching, StringComparer.Ordinal))
                .SelectMany(sub => sub.LeadDayList).Distinct().Order().ToList();
            if (leads.Count == 0)
            {
                return 0;
            }

            var announced = 0;
            void Remind(string deadline, string subjectId, string key, string? caseId, string platformId, DateTimeOffset dueAt, string? reportType = null)
            {
                if (leads.FirstOrDefault(lead => dueAt - now <= TimeSpan.FromDays(lead)) is var lead and > 0 && dueAt > now)
                {
                    s.Outbox.Announce(new DeadlineApproaching
                    {
                        Deadline = deadline, SubjectId = subjectId, CaseId = caseId, PlatformId = platformId, DueAt = dueAt, LeadDays = lead, ReportType = reportType,
                    }, $"deadline:{deadline}:{key}:{lead}");
                    announced++;
                }
            }

            foreach (var notice in await s.Notifications.NoticesDueAsync(now + TimeSpan.FromDays(leads[^1])).ConfigureAwait(false))
            {
                Remind("notice-answer", notice.NoticeId, notice.NoticeId, notice.CaseId, notice.PlatformId, notice.ResponseDueAt);
            }

            foreach (var decision in await s.Notifications.ServedDecisionsAsync().ConfigureAwait(false))
            {
                var orders = JsonSerializer.Deserialize<DecisionContent>(decision.Content, ContractJson.Options)?.Draft.Orders ?? [];
                foreach (var (order, i) in orders.Select((o, i) => (o, i)))
                {
                    // An order is met by the end of its deadline's day (UTC).
                    Remind("rectification-order", decision.DecisionId, $"{decision.DecisionId}:{i + 1}", decision.CaseId, decision.PlatformId, EndOf(order.Deadline));
                }
            }

            // A report is due by the end of its due date (UTC), as the report-overdue type counts it.
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var platforms = await s.Ingestion.PlatformsDueBetweenAsync(today, today.AddDays(leads[^1] + 1)).ConfigureAwait(false);
            var obligations = await s.Ingestion.LoadPlatformEventsAsync<ReportingObligationSet>(platforms).ConfigureAwait(false);
            var reports = await s.Ingestion.LoadPlatformEventsAsync<SelfRegulationReportSubmitted>(platforms).ConfigureAwait(false);
            foreach (var platformId in platforms)
            {
                foreach (var obligation in obligations[platformId])
                {
                    foreach (var due in obligation.DueDates.Distinct().Where(d => !ReportOverdueType.IsMet(obligation, d, reports[platformId])))
                    {
                        var dueDate = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                        Remind("report", obligation.ObligationId, $"{obligation.ObligationId}:{dueDate}", null, platformId, EndOf(due), WireNames.Name(obligation.ReportType));
                    }
                }
            }

            return announced;
        }, ct);

    private static DateTimeOffset EndOf(DateOnly day) => new(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
}
