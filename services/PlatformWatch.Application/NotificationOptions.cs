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
}
