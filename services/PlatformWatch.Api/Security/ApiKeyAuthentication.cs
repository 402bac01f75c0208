using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PlatformWatch.Application;

namespace PlatformWatch.Api.Security;

/// <summary>
/// API keys: <c>Authorization: ApiKey pw_…</c> or <c>X-Api-Key: pw_…</c>. The store keeps only a
/// hash; a revoked key fails like an unknown one.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The token in the request, if there is one.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && header.Count == 1)
        {
            return header[0];
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase) ? authorization[(SchemeName.Length + 1)..].Trim() : null;
    }

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (TokenOf(Request) is not { Length: > 0 } token)
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.FindAsync(token, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("unknown or revoked API key");
        }

        var identity = Caller.Identity(SchemeName, key.Role, key.PlatformId, "key:" + key.KeyId, key.AuthorityId);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
        return Task.CompletedTask;
    }
}
