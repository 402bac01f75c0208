using System.Net;
using System.Net.Sockets;

namespace PlatformWatch.Application;

/// <summary>
/// Where a webhook may point (server-side request forgery): <c>https</c> only, and never an address
/// of the server's own networks — loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7),
/// link-local (169.254/16, where clouds serve their metadata; fe80::/10), shared (100.64/10),
/// multicast, unspecified or reserved — unless an operator allows them
/// (<see cref="NotificationOptions.AllowPrivateEndpoints"/>). Checked when a subscription is saved and
/// again on the address each connection actually reaches (a name may resolve elsewhere later).
/// </summary>
public static class EndpointGuard
{
    /// <summary>Why <paramref name="url"/> may not be a webhook's endpoint, or null when it may.</summary>
    public static async Task<EndpointRefusal?> RefusalAsync(string url, bool allowPrivate, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return new EndpointRefusal("notify.target.notUrl");
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !allowPrivate)
        {
            return new EndpointRefusal("notify.target.notHttps");
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return new EndpointRefusal("notify.target.credentials");
        }

        if (allowPrivate)
        {
            return null;
        }

        if (uri.IsLoopback || uri.DnsSafeHost.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.DnsSafeHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new EndpointRefusal("notify.target.loopback");
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.DnsSafeHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                addresses = await Dns.GetHostAddressesAsync(uri.DnsSafeHost, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                // A name that does not resolve now is checked again at each connection.
                return null;
            }
        }

        return addresses.FirstOrDefault(IsInternal) is { } found ? new EndpointRefusal("notify.target.internal", found.ToString()) : null;
    }

    /// <summary>Whether an address belongs to the server's own networks (or no network at all).</summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and <= 127, // shared address space (CGNAT)
                169 => b[1] == 254, // link-local, cloud metadata
                172 => b[1] is >= 16 and <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0), // private; IETF protocol assignments
                198 => b[1] is 18 or 19, // benchmarking
                >= 224 => true, // multicast and reserved
                _ => false,
            };
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC // unique local fc00::/7
            || (b[0] == 0x20 && b[1] == 0x02 && IsInternal(new IPAddress(b.AsSpan(2, 4)))) // 6to4 around an internal IPv4
            || (b[0] == 0x00 && b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0); // ::/96, IPv4-compatible
    }
}

/// <summary>Why an endpoint is refused: in English where it is recorded (a delivery's error), in the UI culture where a caller is answered.</summary>
public sealed class EndpointRefusal(string key, params object?[] args)
{
    /// <summary>The reason in English (recorded, logged).</summary>
    public string English => Messages.Invariant(key, args);

    /// <summary>The reason in the current UI culture (an API answer).</summary>
    public string Localized => Messages.Format(key, args);
}
