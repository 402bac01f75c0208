using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Security;

/// <summary>
/// Bearer tokens from the regulator's OpenID Connect provider, as an alternative to API keys. The
/// token's role and platform claims (names configurable) become the same claims an API key gives;
/// a token without a known role is refused.
/// </summary>
public static class JwtSetup
{
    /// <summary>Configures the bearer scheme from <paramref name="jwt"/>.</summary>
    public static void Configure(JwtBearerOptions options, JwtOptions jwt)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(jwt);
        options.MapInboundClaims = false;
        options.Authority = string.IsNullOrWhiteSpace(jwt.Authority) ? null : jwt.Authority;
        options.Audience = jwt.Audience;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = !string.IsNullOrWhiteSpace(jwt.Issuer) || options.Authority is not null,
            ValidIssuer = jwt.Issuer,
            ValidateAudience = !string.IsNullOrWhiteSpace(jwt.Audience),
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        if (!string.IsNullOrWhiteSpace(jwt.SigningKeyPem))
        {
            options.TokenValidationParameters.IssuerSigningKey = PublicKey(jwt.SigningKeyPem);
        }

        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var principal = context.Principal!;
                var role = principal.FindFirst(jwt.RoleClaim)?.Value;
                var platform = principal.FindFirst(jwt.PlatformClaim)?.Value;
                var authority = principal.FindFirst(jwt.AuthorityClaim)?.Value;
                var subject = principal.FindFirst("sub")?.Value;
                if (role is null || !ApiRoles.All.Contains(role, StringComparer.Ordinal) || subject is null)
                {
                    context.Fail($"the token needs a '{jwt.RoleClaim}' claim naming a PlatformWatch role and a subject");
                    return Task.CompletedTask;
                }

                if ((role == ApiRoles.Platform) != (platform is not null))
                {
                    context.Fail($"a '{ApiRoles.Platform}' token needs exactly one '{jwt.PlatformClaim}' claim, other roles none");
                    return Task.CompletedTask;
                }

                if (ApiRoles.IsRegulator(role) != (authority is not null))
                {
                    context.Fail($"a regulator's token needs exactly one '{jwt.AuthorityClaim}' claim naming its authority, a platform's none");
                    return Task.CompletedTask;
                }

                context.Principal = new ClaimsPrincipal(Caller.Identity(JwtBearerDefaults.AuthenticationScheme, role, platform, "oidc:" + subject, authority));
                return Task.CompletedTask;
            },
            OnChallenge = context =>
            {
                // The problem body is written by the status-code pages like every other 401.
                context.HandleResponse();
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
                return Task.CompletedTask;
            },
        };
    }

    // An EC key when the PEM holds one, else RSA.
    private static SecurityKey PublicKey(string pem)
    {
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (CryptographicException)
        {
            ec.Dispose();
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa);
    }
}
