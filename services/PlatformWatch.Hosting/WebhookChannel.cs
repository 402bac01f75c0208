using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Hosting;

/// <summary>How one attempt to send a delivery went.</summary>
/// <param name="Accepted">The receiver took it (a 2xx answer, or the mail server accepted it).</param>
/// <param name="Status">The receiver's HTTP status, if it answered.</param>
/// <param name="Error">Why it failed.</param>
public sealed record DeliveryAttempt(bool Accepted, int? Status, string? Error);

/// <summary>A way to deliver notifications: webhook or email (a real seam: each talks to another kind of server).</summary>
public interface IDeliveryChannel
{
    /// <summary>The subscriptions' channel it serves (<c>webhook</c>, <c>email</c>).</summary>
    string Channel { get; }

    /// <summary>Sends one delivery to its subscription's target.</summary>
    Task<DeliveryAttempt> SendAsync(SubscriptionRecord subscription, DeliveryRecord delivery, CancellationToken ct);
}

/// <summary>
/// Webhooks: the delivery's body POSTed as JSON to the subscription's URL, signed as established
/// providers sign (docs/notifications.md): <c>PlatformWatch-Id</c> (the delivery id, the same at every
/// attempt), <c>PlatformWatch-Timestamp</c> (Unix seconds) and <c>PlatformWatch-Signature</c>
/// (<c>v1=HEX</c>: HMAC-SHA256 with the secret over <c>TIMESTAMP.BODY</c>; during a rotation's overlap
/// a second <c>v1=</c> with the previous secret, space-separated). No redirects are followed, no proxy
/// is used, and each connection's actual address is checked against <see cref="EndpointGuard"/> unless
/// an operator allows internal endpoints.
/// </summary>
public sealed class WebhookChannel : IDeliveryChannel, IDisposable
{
    /// <summary>The header with the delivery id.</summary>
    public const string IdHeader = "PlatformWatch-Id";
    /// <summary>The header with the time of signing (Unix seconds).</summary>
    public const string TimestampHeader = "PlatformWatch-Timestamp";
    /// <summary>The header with the signatures.</summary>
    public const string SignatureHeader = "PlatformWatch-Signature";

    private readonly HttpClient _http;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _clock;

    /// <summary>A channel with its own connections, checked as <paramref name="options"/> say.</summary>
    public WebhookChannel(NotificationOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _clock = clock;
        var allowPrivate = options.AllowPrivateEndpoints;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = options.SendTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("PlatformWatch-Webhooks/1");
    }

    /// <inheritdoc />
    public string Channel => SubscriptionRecord.Webhook;

    /// <inheritdoc />
    public async Task<DeliveryAttempt> SendAsync(SubscriptionRecord subscription, DeliveryRecord delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(delivery);
        if (await EndpointGuard.RefusalAsync(subscription.Target, _options.AllowPrivateEndpoints, ct).ConfigureAwait(false) is { } refused)
        {
            return new DeliveryAttempt(false, null, "endpoint refused: " + refused.English);
        }

        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var now = _clock.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var secrets = new List<string>();
        if (subscription.Secret is { } secret)
        {
            secrets.Add(secret);
        }

        if (subscription.PreviousSecret is { } previous && subscription.PreviousUntil > now)
        {
            secrets.Add(previous);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(IdHeader, delivery.DeliveryId);
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, string.Join(' ', secrets.Select(s => "v1=" + Sign(s, timestamp, body))));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.SendTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new DeliveryAttempt(true, status, null)
                : new DeliveryAttempt(false, status, $"the receiver answered {status} {response.ReasonPhrase}".TrimEnd());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DeliveryAttempt(false, null, $"no answer within {_options.SendTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (HttpRequestException e)
        {
            return new DeliveryAttempt(false, null, $"{e.Message} after {Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        }
    }

    /// <summary>The signature of a body: lowercase hex of HMAC-SHA256 with the secret (its UTF-8 bytes) over <c>TIMESTAMP.BODY</c>.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(timestamp);
        var signed = new byte[timestamp.Length + 1 + body.Length];
        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    // Connects to the first address of the host that is allowed: the check is on the address the
    // connection reaches, so a name that resolves to an internal address (DNS rebinding) is refused.
    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, ct).ConfigureAwait(false);
        var allowed = addresses.Where(a => allowPrivate || !EndpointGuard.IsInternal(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new HttpRequestException($"refused to connect to {endpoint.Host}: it resolves to internal addresses only ({string.Join(", ", addresses.Select(a => a.ToString()))})");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), endpoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
