using System.ComponentModel.DataAnnotations;
using PlatformWatch.Api.Http;

namespace PlatformWatch.Api;

/// <summary>The API's own settings (configuration section <c>Api</c>).</summary>
public sealed class ApiOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Api";

    /// <summary>The largest request body accepted by most endpoints (bytes).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest body of a batch of events (bytes).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public long MaxBatchBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Events in one batch at most.</summary>
    [Range(1, 100_000)]
    public int MaxBatchEvents { get; set; } = 5000;

    /// <summary>Requests one credential (or, unauthenticated, one client address) may make per minute.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>The largest page of a list.</summary>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 200;

    /// <summary>The most findings one export returns.</summary>
    [Range(1, 1_000_000)]
    public int MaxExportRows { get; set; } = 100_000;

    /// <summary>
    /// Whether this process also consumes events (runs the worker). Default: yes on the in-memory
    /// bus (nothing else could), no on RabbitMQ (workers run apart).
    /// </summary>
    public bool? RunWorker { get; set; }

    /// <summary>
    /// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses
    /// (10.0.0.5) or networks (10.0.0.0/8). From them a request takes the client's address (its own
    /// rate limit) and scheme (https: Secure cookies). Default none: the headers are ignored.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        TrustedProxies.Where(p => !ProxyHeaders.TryParse(p, out _))
            .Select(p => new ValidationResult($"not an address or a network (e.g. 10.0.0.0/8): '{p}'", [nameof(TrustedProxies)]));
}

/// <summary>Bearer tokens from an OpenID Connect provider (configuration section <c>Auth:Jwt</c>); off unless set.</summary>
public sealed class JwtOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Auth:Jwt";

    /// <summary>The provider (its discovery document gives the signing keys), e.g. https://login.example.org/realms/regulator.</summary>
    public string? Authority { get; set; }

    /// <summary>The expected issuer, when not taken from the authority.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience the tokens must name.</summary>
    public string? Audience { get; set; }

    /// <summary>A PEM public key (RSA or EC) to validate signatures with, instead of discovery.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>The claim holding the PlatformWatch role.</summary>
    public string RoleClaim { get; set; } = "platformwatch_role";

    /// <summary>The claim holding the platform id of a platform's user.</summary>
    public string PlatformClaim { get; set; } = "platform_id";

    /// <summary>The claim holding the authority id of a regulator (every regulator belongs to one).</summary>
    public string AuthorityClaim { get; set; } = "platformwatch_authority";

    /// <summary>Whether bearer tokens are accepted at all.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKeyPem);
}
