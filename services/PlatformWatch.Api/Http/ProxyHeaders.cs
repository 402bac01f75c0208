using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace PlatformWatch.Api.Http;

/// <summary>
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, believed only from the proxies named in
/// <see cref="ApiOptions.TrustedProxies"/> (none by default: anyone can send the headers). From a
/// trusted proxy the request takes the client's address (its own rate limit) and scheme (HTTPS:
/// Secure cookies); through a chain of trusted proxies, the address the first of them saw.
/// </summary>
public static class ProxyHeaders
{
    /// <summary>Sets the forwarded-headers options to the trusted proxies (addresses, or networks in CIDR notation).</summary>
    public static void Configure(ForwardedHeadersOptions options, IEnumerable<string> trusted)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(trusted);
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = null;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in trusted)
        {
            if (!TryParse(entry, out var network))
            {
                throw new ArgumentException($"not an address or network: '{entry}'", nameof(trusted));
            }

            options.KnownIPNetworks.Add(network);
        }
    }

    /// <summary>An address (<c>10.0.0.5</c>, <c>::1</c>) as a network of one, or a network in CIDR notation (<c>10.0.0.0/8</c>).</summary>
    public static bool TryParse(string? entry, out System.Net.IPNetwork network)
    {
        network = default;
        var text = entry?.Trim() ?? "";
        if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
        {
            network = new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }

        return System.Net.IPNetwork.TryParse(text, out network);
    }
}
