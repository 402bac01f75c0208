using System.Globalization;
using System.Text.Json;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Endpoints;

/// <summary>
/// Subscriptions to notifications (docs/notifications.md): a platform's under <c>/platform</c>, a
/// regulator's (its own credential's, or its authority's) at the root. The same operations on both;
/// the application service decides by the caller whose subscriptions they are, and another owner's
/// subscription is answered 404, as if there were none.
/// </summary>
internal static class SubscriptionEndpoints
{
    private static readonly HashSet<string> ServerOwned = new(StringComparer.Ordinal)
    {
        "subscriptionId", "ownerKind", "ownerId", "secret", "createdAt", "createdBy", "disabledAt",
    };

    public static void Map(RouteGroupBuilder api)
    {
        MapFor(api, "/platform/subscriptions", Policies.Platform, "Platform", "the platform's", DeliveryAudience.Platform);
        MapFor(api, "/subscriptions", Policies.RegulatorRead, "", "the caller's own and its authority's", DeliveryAudience.Regulator);
    }

    private static void MapFor(RouteGroupBuilder api, string path, string policy, string who, string whose, DeliveryAudience audience)
    {
        const string Tag = "Notifications";
        api.MapGet(path, List).RequireAuthorization(policy)
            .Declares<ItemList<SubscriptionView>>($"list{who}Subscriptions", Tag, $"The subscriptions to notifications: {whose}");
        api.MapPost(path, Create).RequireAuthorization(policy)
            .Declares<SubscriptionView>($"create{who}Subscription", Tag, "Subscribe to notifications by webhook (https, a public address) or email; a webhook's signing secret is in this answer only", StatusCodes.Status201Created)
            .Takes<SubscriptionRequest>().Refuses(403, 409)
            .CallsBack(audience, "A notification: a webhook subscription's target receives each delivery so (an email subscription the same content as a message)");
        var one = path + "/{subscriptionId}";
        api.MapGet(one, Get).RequireAuthorization(policy)
            .Declares<SubscriptionView>($"get{who}Subscription", Tag, "A subscription (never its secret)").Refuses(404);
        api.MapDelete(one, Disable).RequireAuthorization(policy)
            .Declares<SubscriptionView>($"disable{who}Subscription", Tag, "Switch a subscription off: nothing more is sent to it").Refuses(403, 404);
        api.MapPost(one + "/secret", Rotate).RequireAuthorization(policy)
            .Declares<SubscriptionView>($"rotate{who}SubscriptionSecret", Tag, "Replace a webhook's signing secret; the new one is in this answer only, the old one signs beside it for previousValidHours (default 0)")
            .Takes<RotateSecretRequest>().Refuses(403, 404, 409);
        api.MapGet(one + "/deliveries", Deliveries).RequireAuthorization(policy)
            .Declares<ItemList<DeliveryView>>($"list{who}SubscriptionDeliveries", Tag, $"The delivery log: the latest {NotificationService.DeliveryLogLimit} deliveries, newest first, with attempts, status and the reason of the last failure").Refuses(404);
        api.MapPost(one + "/resend", Resend).RequireAuthorization(policy)
            .Declares<ItemList<DeliveryView>>($"resend{who}SubscriptionDeliveries", Tag, "Send parked deliveries again, each with a new retry period")
            .Takes<ResendRequest>().Refuses(403, 404, 409);
    }

    private static async Task<IResult> List(HttpContext http, NotificationService notifications) =>
        Problems.Of(await notifications.ListAsync(Actor(http), http.RequestAborted), found => TypedResults.Ok(new ItemList<SubscriptionView>([.. found.Select(s => View(s))])));

    private static async Task<IResult> Create(HttpContext http, NotificationService notifications)
    {
        var (body, problem) = await RequestBody.ReadAsync<SubscriptionRequest>(http.Request, ServerOwned);
        if (body is null)
        {
            return problem!;
        }

        var made = await notifications.CreateAsync(Actor(http), body.ToDraft(), CultureInfo.CurrentUICulture.Name, http.RequestAborted);
        return Problems.Of(made, s => TypedResults.Created($"{http.Request.Path}/{s.Record.SubscriptionId}", View(s.Record, s.Secret)));
    }

    private static async Task<IResult> Get(string subscriptionId, HttpContext http, NotificationService notifications) =>
        Problems.Of(await notifications.GetAsync(Actor(http), subscriptionId, http.RequestAborted), s => TypedResults.Ok(View(s)));

    private static async Task<IResult> Disable(string subscriptionId, HttpContext http, NotificationService notifications) =>
        Problems.Of(await notifications.DisableAsync(Actor(http), subscriptionId, http.RequestAborted), s => TypedResults.Ok(View(s)));

    private static async Task<IResult> Rotate(string subscriptionId, HttpContext http, NotificationService notifications)
    {
        var (body, problem) = await RequestBody.ReadAsync<RotateSecretRequest>(http.Request, ServerOwned);
        return body is null ? problem! : Problems.Of(
            await notifications.RotateSecretAsync(Actor(http), subscriptionId, TimeSpan.FromHours(body.PreviousValidHours ?? 0), http.RequestAborted), s => TypedResults.Ok(View(s.Record, s.Secret)));
    }

    private static async Task<IResult> Deliveries(string subscriptionId, HttpContext http, NotificationService notifications) =>
        Problems.Of(await notifications.DeliveriesAsync(Actor(http), subscriptionId, http.RequestAborted), found => TypedResults.Ok(new ItemList<DeliveryView>([.. found.Select(View)])));

    private static async Task<IResult> Resend(string subscriptionId, HttpContext http, NotificationService notifications)
    {
        var (body, problem) = await RequestBody.ReadAsync<ResendRequest>(http.Request, ServerOwned);
        return body is null ? problem! : Problems.Of(
            await notifications.ResendAsync(Actor(http), subscriptionId, body.DeliveryIds, http.RequestAborted), found => TypedResults.Ok(new ItemList<DeliveryView>([.. found.Select(View)])));
    }

    private static Actor Actor(HttpContext http) => Caller.From(http.User).AsActor();

    /// <summary>A subscription as its owner sees it; the secret only when just made or rotated.</summary>
    public static SubscriptionView View(SubscriptionRecord s, string? secret = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SubscriptionView(s.SubscriptionId, s.OwnerKind, s.OwnerId, s.Channel, s.Target, s.KindList, s.MinSeverity, s.LeadDayList, s.Language,
            Views.Time(s.CreatedAt), s.DisabledAt is { } off ? Views.Time(off) : null)
        {
            Secret = secret,
        };
    }

    /// <summary>A delivery as its subscription's log shows it: the body as sent, and how sending it went.</summary>
    public static DeliveryView View(DeliveryRecord d)
    {
        ArgumentNullException.ThrowIfNull(d);
        using var payload = JsonDocument.Parse(d.Payload);
        return new DeliveryView(d.DeliveryId, d.Kind, d.Status, d.Attempts, Views.Time(d.CreatedAt),
            d.Status == DeliveryRecord.Pending ? Views.Time(d.NextAttemptAt) : null, d.LastStatus, d.LastError,
            d.SentAt is { } sent ? Views.Time(sent) : null, d.ParkedAt is { } parked ? Views.Time(parked) : null, payload.RootElement.Clone());
    }

    /// <summary>A subscription asked for.</summary>
    internal sealed record SubscriptionRequest(
        string Channel, string Target, IReadOnlyList<string> Kinds, string? MinSeverity = null, IReadOnlyList<int>? LeadDays = null, string? Language = null, string? Scope = null) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors)
        {
            Require.NotBlank(errors, "channel", Channel, 20);
            Require.NotBlank(errors, "target", Target, 2000);
            if (Kinds.Count is 0 or > 20 || Kinds.Any(string.IsNullOrWhiteSpace))
            {
                Require.Add(errors, "kinds", DisplayText.Get("api.notify.kinds"));
            }

            if (Scope is not (null or "own" or "authority"))
            {
                Require.Add(errors, "scope", Require.OneOf(["own", "authority"]));
            }
        }

        public SubscriptionDraft ToDraft() => new(Channel, Target, Kinds, MinSeverity, LeadDays, Language, ForAuthority: Scope == "authority");
    }

    /// <summary>A new signing secret; the old one signs beside it for <see cref="PreviousValidHours"/> (0 to 72, default 0).</summary>
    internal sealed record RotateSecretRequest(int? PreviousValidHours = null) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors)
        {
            if (PreviousValidHours is < 0 or > 72)
            {
                Require.Add(errors, "previousValidHours", DisplayText.Get("api.notify.previousValidHours"));
            }
        }
    }

    /// <summary>Parked deliveries to send again.</summary>
    internal sealed record ResendRequest(IReadOnlyList<string> DeliveryIds) : IValidatedBody
    {
        public void Validate(Dictionary<string, List<string>> errors)
        {
            if (DeliveryIds.Count is 0 or > 100 || DeliveryIds.Any(string.IsNullOrWhiteSpace))
            {
                Require.Add(errors, "deliveryIds", DisplayText.Get("api.notify.deliveryIds"));
            }
        }
    }
}

/// <summary>A subscription to notifications.</summary>
internal sealed record SubscriptionView(
    string SubscriptionId, string OwnerKind, string OwnerId, string Channel, string Target, IReadOnlyList<string> Kinds, string MinSeverity,
    IReadOnlyList<int> LeadDays, string Language, string CreatedAt, string? DisabledAt)
{
    /// <summary>The webhook's signing secret: only in the answer that made or rotated it.</summary>
    public string? Secret { get; init; }
}

/// <summary>One delivery of a subscription: what was sent and how sending it went.</summary>
internal sealed record DeliveryView(
    string DeliveryId, string Kind, string Status, int Attempts, string CreatedAt, string? NextAttemptAt, int? LastStatus, string? LastError,
    string? SentAt, string? ParkedAt, JsonElement Payload);
