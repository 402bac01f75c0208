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

    /// <summary>
    /// Subscriptions a round sends to at once (default 8): a slow or silent receiver holds up only its
    /// own deliveries, which go one after another, oldest first.
    /// </summary>
    [Range(1, 64)]
    public int SendConcurrency { get; set; } = 8;

    /// <summary>How long a receiver has to answer a webhook (a slower answer is a failed attempt).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failed attempt; each later wait doubles, up to <see cref="MaxRetryInterval"/>.</summary>
    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after its first attempt a delivery is retried; then it is parked with the reason, to be sent again by hand.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The mail server email notifications are sent through.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The wait before the attempt after <paramref name="attempts"/> failed ones: <see cref="FirstRetryAfter"/> doubled each time, at most <see cref="MaxRetryInterval"/>.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var wait = FirstRetryAfter.Ticks * Math.Pow(2, doublings);
        return TimeSpan.FromTicks((long)Math.Min(wait, MaxRetryInterval.Ticks));
    }
}

/// <summary>How a connection to the mail server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>STARTTLS after connecting (port 587).</summary>
    StartTls,
    /// <summary>TLS from the start (port 465).</summary>
    Tls,
    /// <summary>None (a relay on the same host or a closed network; tests).</summary>
    None,
}

/// <summary>The mail server of email notifications (section <c>Notifications:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>The mail server's host name; unset: email deliveries fail (and are parked after the retry period).</summary>
    public string? Host { get; set; }

    /// <summary>Its port (587 for STARTTLS, 465 for TLS).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>How the connection is secured: <c>StartTls</c>, <c>Tls</c> or <c>None</c>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The user to sign in as, if the server asks for one.</summary>
    public string? User { get; set; }

    /// <summary>Its password (from a secret store or the environment, never a file in the repository).</summary>
    public string? Password { get; set; }

    /// <summary>The sender's address.</summary>
    public string Sender { get; set; } = "platformwatch@localhost";

    /// <summary>The sender's display name.</summary>
    public string SenderName { get; set; } = "PlatformWatch";
}
