using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages;

/// <summary>
/// What the subscription pages share (the platform's in the portal, the regulators'): through the same
/// <see cref="NotificationService"/> as the API, the caller's subscriptions, a form to subscribe, switch
/// off, rotate a webhook's secret, and one subscription's delivery log with its parked deliveries to
/// send again. A new or rotated secret is shown in the answer to the form that made it, never on a
/// later page and never in a cookie; another owner's subscription is not found.
/// </summary>
public abstract class SubscriptionsPage(NotificationService notifications, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The languages of email bodies.</summary>
    public static IReadOnlyList<string> Languages => NotificationService.Languages;

    /// <summary>The page's address: the list, and with <c>/{id}</c> a delivery log.</summary>
    public abstract string Home { get; }

    /// <summary>The caller's subscriptions (a regulator's: its own and its authority's), oldest first.</summary>
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

    /// <summary>Whether the delivery log shows when each delivery was sent or parked, or is tried next.</summary>
    public virtual bool ShowsDeliveryTimes => false;

    /// <summary>Whether the caller may switch off, rotate or resend: a subscription in force, and an authority's only for its administrators.</summary>
    public bool CanChange(SubscriptionRecord subscription) =>
        subscription is { Active: true } && (subscription.OwnerKind != SubscriptionRecord.AuthorityOwner || Me.Role == ApiRoles.RegulatorAdmin);

    /// <summary>The address of a subscription's delivery log.</summary>
    public string LogOf(string subscriptionId) => Home + "/" + Uri.EscapeDataString(subscriptionId);

    /// <summary>The list, and with <paramref name="id"/> that subscription's delivery log.</summary>
    public async Task<IActionResult> OnGetAsync(string? id) => await LoadAsync(id);

    /// <summary>Subscribes the caller; a webhook's secret is shown on the answer.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (Draft() is not { } draft)
        {
            return await RefusedAsync(null);
        }

        var made = await notifications.CreateAsync(Me.AsActor(), draft, CultureInfo.CurrentUICulture.Name, HttpContext.RequestAborted);
        if (made.Kind == OutcomeKind.Ok && made.Value!.Secret is null)
        {
            Flash(DisplayText.Format("subscriptions.flash.made", made.Value.Record.SubscriptionId));
            return LocalRedirect(Home);
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
        return Settle(off, "disable", s => DisplayText.Format("subscriptions.flash.off", s.SubscriptionId), Home) ?? await RefusedAsync(null);
    }

    /// <summary>Sends a parked delivery again.</summary>
    public async Task<IActionResult> OnPostResendAsync([FromForm] string? subscriptionId, [FromForm] string? deliveryId)
    {
        var id = subscriptionId ?? "";
        var resent = await notifications.ResendAsync(Me.AsActor(), id, [deliveryId ?? ""], HttpContext.RequestAborted);
        return Settle(resent, "resend", _ => DisplayText.Format("subscriptions.flash.resent", deliveryId ?? ""), LogOf(id)) ?? await RefusedAsync(id);
    }

    /// <summary>The form as the service's draft, or null with the refusal kept in <see cref="UiPageModel.Errors"/>.</summary>
    protected abstract SubscriptionDraft? Draft();

    /// <summary>The form's language: empty is the page's (the service takes the request's).</summary>
    protected string? FormLanguage => string.IsNullOrEmpty(Form.Language) ? null : Form.Language;

    // A subscription made or re-keyed: the page with its secret (200), else the refusal on the form.
    private async Task<IActionResult> AnswerAsync(Outcome<Subscription> outcome, string field)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                NewSecret = (outcome.Value!.Record.SubscriptionId, outcome.Value.Secret!);
                // An empty form: the posted values (model state) would otherwise refill it.
                Form = new();
                ModelState.Clear();
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

/// <summary>The subscription form's fields (the portal's uses the first four).</summary>
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

    /// <summary>For <c>case-opened</c>: the lowest severity that notifies.</summary>
    public string? MinSeverity { get; set; } = "high";

    /// <summary>For <c>deadline-approaching</c>: the lead times in days, separated by commas (empty: 7 and 1).</summary>
    public string? LeadDays { get; set; }

    /// <summary><c>own</c> (the credential's) or <c>authority</c> (its authority's, administrators only).</summary>
    public string? Scope { get; set; } = "own";
}
