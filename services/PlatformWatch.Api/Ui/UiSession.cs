using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Ui;

/// <summary>
/// Signing in to the web pages: the user presents an API key once, and a session cookie
/// (HttpOnly, SameSite=Strict, Secure over HTTPS, eight hours sliding) carries the key's role,
/// platform and authority. Every request checks that the key is still valid and still has them, so
/// revoking or moving a key ends its sessions at once. The
/// cookie is honoured by the pages only: the JSON API under /api takes keys and bearer tokens,
/// never cookies, so it needs no protection against cross-site requests.
/// </summary>
public static class UiSession
{
    /// <summary>The cookie scheme.</summary>
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The claim naming the API key a session was opened with.</summary>
    public const string KeyClaim = "pw:key";

    /// <summary>Registers the cookie scheme.</summary>
    public static AuthenticationBuilder AddUiSession(this AuthenticationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "platformwatch.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.AccessDeniedPath = "/status/403";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnValidatePrincipal = ValidateAsync;
        });
    }

    /// <summary>Opens a session for the key behind a token; null (and no session) when the token is unknown or revoked.</summary>
    public static async Task<ApiKeyRecord?> SignInAsync(HttpContext http, KeyService keys, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(keys);
        var key = await keys.FindAsync(token.Trim(), http.RequestAborted);
        if (key is null)
        {
            return null;
        }

        var identity = Caller.Identity(Scheme, key.Role, key.PlatformId, "key:" + key.KeyId, key.AuthorityId);
        identity.AddClaim(new Claim(KeyClaim, key.KeyId));
        await http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
        return key;
    }

    // A session lives only as long as its key is what it was: revoked, deleted, given another role
    // or platform, or moved to another authority (authorities set moves the keys of a dropped
    // default authority), the session ends; the key, signed in again, acts as what it is now.
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var keyId = context.Principal?.FindFirstValue(KeyClaim);
        var keys = context.HttpContext.RequestServices.GetRequiredService<KeyService>();
        var key = keyId is null ? null : await keys.GetAsync(keyId, context.HttpContext.RequestAborted);
        if (key is null || key.IsRevoked
            || key.Role != context.Principal!.FindFirstValue(CallerClaims.Role)
            || key.PlatformId != context.Principal!.FindFirstValue(CallerClaims.Platform)
            || key.AuthorityId != context.Principal!.FindFirstValue(CallerClaims.Authority))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
