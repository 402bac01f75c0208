using System.ComponentModel.DataAnnotations;

namespace PlatformWatch.Application;

/// <summary>Notifications by webhook and email (section <c>Notifications</c>, docs/notifications.md).</summary>
public sealed class NotificationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Notifications";

    /// <summary>
    /// Allows webhook endpoints over plain <c>http</c> and on loopback, private, link-local and other
    /// internal addresses (tests, closed networks). Off: only <c>https</c> to public addresses, so a
    /// subscription cannot make the server call into its own network (server-side request forgery).
    /// </summary>
    public bool AllowPrivateEndpoints { get; set; }

    /// <summary>How many subscriptions one owner (a platform, a credential, an authority) may have in force (default 20).</summary>
    public int MaxSubscriptionsPerOwner { get; set; } = 20;

    /// <summary>How often a process looks for messages to fan out and deliveries due that other processes wrote (its own commits wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Outbox messages fanned out, and deliveries sent, per round.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a receiver has to answer a webhook (a slower answer is a failed attempt).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failed attempt; each later wait doubles, up to <see cref="MaxRetryInterval"/>.</summary>
    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after its first attempt a delivery is retried; then it is parked with the reason, to be sent again by hand.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The wait before the attempt after <paramref name="attempts"/> failed ones: <see cref="FirstRetryAfter"/> doubled each time, at most <see cref="MaxRetryInterval"/>.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var wait = FirstRetryAfter.Ticks * Math.Pow(2, doublings);
        return TimeSpan.FromTicks((long)Math.Min(wait, MaxRetryInterval.Ticks));
    }
}
