using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using PlatformWatch.Api.Security;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages;

/// <summary>
/// A regulator's subscriptions to notifications (docs/notifications.md): its credential's own and its
/// authority's (made and changed by the authority's administrators), to every event kind, through
/// the same <see cref="NotificationService"/> as <c>/api/v1/subscriptions</c>.
/// </summary>
[Authorize(Policy = Policies.RegulatorRead)]
public sealed class RegulatorSubscriptionsModel(NotificationService notifications, TimeProvider clock) : SubscriptionsPage(notifications, clock)
{
    /// <summary>The event kinds a regulator may subscribe to: all of them.</summary>
    public static IReadOnlyList<string> Kinds => NotificationKinds.All;

    /// <summary>The severities, highest first, for the lowest that notifies of a case opened.</summary>
    public static IReadOnlyList<string> Severities { get; } = [.. Enum.GetValues<Severity>().Reverse().Select(s => WireNames.Name(s))];

    /// <inheritdoc/>
    public override string Home => "/subscriptions";

    /// <inheritdoc/>
    public override bool ShowsDeliveryTimes => true;

    /// <summary>Whether the caller may subscribe its authority (its administrators).</summary>
    public bool ForAuthority => Me.Role == ApiRoles.RegulatorAdmin;

    /// <summary>The refusals of a field of the form, if any.</summary>
    public IReadOnlyList<string> ErrorsOf(string field) => Errors.GetValueOrDefault(field) ?? [];

    /// <summary>The refusals that name no field of the form (a conflict, a switched-off subscription).</summary>
    public IEnumerable<string> OtherErrors => Errors.Where(e => !FormFields.Contains(e.Key)).SelectMany(e => e.Value);

    private static readonly HashSet<string> FormFields = new(StringComparer.Ordinal) { "channel", "target", "kinds", "minSeverity", "leadDays", "language", "scope" };

    /// <inheritdoc/>
    protected override SubscriptionDraft? Draft()
    {
        List<int>? leadDays = null;
        if (!string.IsNullOrWhiteSpace(Form.LeadDays))
        {
            leadDays = [];
            foreach (var part in Form.LeadDays.Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
                {
                    Errors["leadDays"] = [DisplayText.Format("regsubscriptions.leadDays.notNumbers", part)];
                    return null;
                }

                leadDays.Add(days);
            }
        }

        if (Form.Scope is not (null or "own" or "authority"))
        {
            Errors["scope"] = [DisplayText.Get("regsubscriptions.scope.unknown")];
            return null;
        }

        return new(Form.Channel ?? "", Form.Target ?? "", Form.Kinds, string.IsNullOrEmpty(Form.MinSeverity) ? null : Form.MinSeverity, leadDays, FormLanguage,
            ForAuthority: Form.Scope == "authority");
    }
}
