using Microsoft.AspNetCore.Authorization;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;

namespace PlatformWatch.Api.Pages.Portal;

/// <summary>
/// A platform's own subscriptions to notifications (docs/notifications.md), through the same
/// <see cref="NotificationService"/> as the API: list, subscribe, switch off, rotate a webhook's
/// secret, and one subscription's delivery log with its parked deliveries to send again. A new or
/// rotated secret is shown in the answer to the form that made it, never on a later page.
/// </summary>
[Authorize(Policy = Policies.Platform)]
public sealed class SubscriptionsModel(NotificationService notifications, TimeProvider clock) : SubscriptionsPage(notifications, clock)
{
    /// <summary>The event kinds a platform may subscribe to.</summary>
    public static IReadOnlyList<string> Kinds => NotificationKinds.ForPlatforms;

    /// <inheritdoc/>
    public override string Home => "/portal/subscriptions";

    /// <inheritdoc/>
    protected override SubscriptionDraft? Draft() => new(Form.Channel ?? "", Form.Target ?? "", Form.Kinds, Language: FormLanguage);
}
