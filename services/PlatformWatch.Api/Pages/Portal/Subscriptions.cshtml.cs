using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PlatformWatch.Api.Security;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages.Portal;

/// <summary>
/// A platform's own subscriptions to notifications (docs/notifications.md), through the same
/// <see cref="NotificationService"/> as the API: list, subscribe, switch off, rotate a webhook's
/// secret, and one subscription's delivery log with its parked deliveries to send again. A new or
/// rotated secret is shown in the answer to the form that made it, never on a later page.
/// </summary>
[Authorize(Policy = Policies.Platform)]
public sealed class SubscriptionsModel(NotificationService notifications, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The event kinds a platform may subscribe to.</summary>
    public static IReadOnlyList<string> Kinds => NotificationKinds.ForPlatforms;

    /// <summary>The languages of email bodies.</summary>
    public static IReadOnlyList<string> Languages => NotificationService.Languages;

    /// <summary>The platform's subscriptions, oldest first.</summary>
    public IReadOnlyList<SubscriptionRecord> Subscriptions { get; private set; } = [];

    /// <summary>The subscription whose delivery log is shown, if one is.</summary>
    public SubscriptionRecord? Shown { get; private set; }

    /// <summary>Its delivery log, newest first.</summary>
    public IReadOnlyList<DeliveryRecord> Deliveries { get; private set; } = [];

    /// <summary>A secret just made or rotated, with its subscription: shown this once.</summary>
    public (string SubscriptionId, string Secret)? NewSecret { get; private set; }

    /// <summary>The subscription form as filled in.</summary>
    [BindProperty]
    public SubscriptionForm Form { get; set; } = new();

    /// <summary>The list, and with <paramref name="id"/> that subscription's delivery log.</summary>
    public async Task<IActionResult> OnGetAsync(string? id) => await LoadAsync(id);

    /// <summary>Subscribes the platform; a webhook's secret is shown on the answer.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var draft = new SubscriptionDraft(Form.Channel ?? "", Form.Target ?? "", Form.Kinds, Language: string.IsNullOrEmpty(Form.Language) ? null : Form.Language);
        var made = await notifications.CreateAsync(Me.AsActor(), draft, CultureInfo.CurrentUICulture.Name, HttpContext.RequestAborted);
        if (made.Kind == OutcomeKind.Ok && made.Value!.Secret is null)
        {
            Flash(DisplayText.Format("subscriptions.flash.made", made.Value.Record.SubscriptionId));
            return LocalRedirect("/portal/subscriptions");
        }

        return await AnswerAsync(made, "subscription");
    }

    /// <summary>Replaces a webhook's signing secret (the old one stops signing); the new one is shown on the answer.</summary>
    public async Task<IActionResult> OnPostRotateAsync([FromForm] string? subscriptionId) =>
        await AnswerAsync(await notifications.RotateSecretAsync(Me.AsActor(), subscriptionId ?? "", TimeSpan.Zero, HttpContext.RequestAborted), "rotate");

    /// <summary>Switches a subscription off.</summary>
    public async Task<IActionResult> OnPostDisableAsync([FromForm] string? subscriptionId)
    {
        var off = await notifications.DisableAsync(Me.AsActor(), subscriptionId ?? "", HttpContext.RequestAborted);
        return Settle(off, "disable", s => DisplayText.Format("subscriptions.flash.off", s.SubscriptionId), "/portal/subscriptions") ?? await RefusedAsync(null);
    }

    /// <summary>Sends a parked delivery again.</summary>
    public async Task<IActionResult> OnPostResendAsync([FromForm] string? subscriptionId, [FromForm] string? deliveryId)
    {
        var id = subscriptionId ?? "";
        var resent = await notifications.ResendAsync(Me.AsActor(), id, [deliveryId ?? ""], HttpContext.RequestAborted);
        return Settle(resent, "resend", _ => DisplayText.Format("subscriptions.flash.resent", deliveryId ?? ""), "/portal/subscriptions/" + Uri.EscapeDataString(id)) ?? await RefusedAsync(id);
    }

    // A subscription made or re-keyed: the page with its secret (200), else the refusal on the form.
    private async Task<IActionResult> AnswerAsync(Outcome<Subscription> outcome, string field)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                NewSecret = (outcome.Value!.Record.SubscriptionId, outcome.Value.Secret!);
                Form = new();
                return await LoadAsync(null);
            case OutcomeKind.NotFound:
                return NotFound();
            case OutcomeKind.Forbidden:
                return Forbid();
            default:
                Errors[outcome.Kind == OutcomeKind.Invalid && outcome.Field is { } f ? f : field] = [outcome.Reason];
                return await RefusedAsync(null);
        }
    }

    private async Task<IActionResult> RefusedAsync(string? id)
    {
        var page = await LoadAsync(id);
        if (page is PageResult)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return page;
    }

    private async Task<IActionResult> LoadAsync(string? id)
    {
        var listed = await notifications.ListAsync(Me.AsActor(), HttpContext.RequestAborted);
        if (listed.Kind != OutcomeKind.Ok)
        {
            return Forbid();
        }

        Subscriptions = listed.Value!;
        if (id is not null)
        {
            var log = await notifications.DeliveriesAsync(Me.AsActor(), id, HttpContext.RequestAborted);
            if (log.Kind != OutcomeKind.Ok)
            {
                return NotFound();
            }

            Shown = Subscriptions.Single(s => s.SubscriptionId == id);
            Deliveries = log.Value!;
        }

        return Page();
    }
}

/// <summary>The subscription form's fields.</summary>
public sealed class SubscriptionForm
{
    /// <summary><c>webhook</c> or <c>email</c>.</summary>
    public string? Channel { get; set; } = SubscriptionRecord.Webhook;

    /// <summary>The endpoint URL or the email address.</summary>
    public string? Target { get; set; }

    /// <summary>The event kinds ticked.</summary>
    public List<string> Kinds { get; set; } = [];

    /// <summary>The language of email bodies (empty: the page's).</summary>
    public string? Language { get; set; }
}
