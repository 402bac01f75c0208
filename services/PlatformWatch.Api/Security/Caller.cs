using System.Security.Claims;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Security;

/// <summary>The claims every way of signing in produces, whatever the credential.</summary>
public static class CallerClaims
{
    /// <summary>The PlatformWatch role (one of <see cref="ApiRoles.All"/>).</summary>
    public const string Role = "pw:role";

    /// <summary>The platform a platform's credential belongs to.</summary>
    public const string Platform = "pw:platform";

    /// <summary>The authority a regulator's credential belongs to.</summary>
    public const string Authority = "pw:authority";

    /// <summary>Who acts, as recorded in the audit trail: <c>key:k…</c> or <c>oidc:subject</c>.</summary>
    public const string Actor = "pw:actor";

    /// <summary>What the rate limit counts against.</summary>
    public const string Partition = "pw:partition";
}

/// <summary>The authenticated caller of a request.</summary>
public sealed record Caller(string Role, string? PlatformId, string Actor, string? AuthorityId = null)
{
    /// <summary>Who submits what the caller sends, as events keep it: <c>api-key:ID</c> for a key, <c>token:SUBJECT</c> for a bearer token.</summary>
    public string Submitter => Application.Actor.SubmitterOf(Actor);

    /// <summary>Whether the caller is one of the regulator's roles.</summary>
    public bool IsRegulator => ApiRoles.IsRegulator(Role);

    /// <summary>The caller as the application services take it (a supervisor's role may close cases).</summary>
    public Actor AsActor() => new(Actor, Role, AuthorityId, PlatformId, Policies.Roles[Policies.RegulatorSupervisor].Contains(Role, StringComparer.Ordinal));

    /// <summary>The caller of an authenticated request (the endpoints run only after authorisation).</summary>
    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var role = user.FindFirstValue(CallerClaims.Role) ?? throw new InvalidOperationException("an authorised request without a role");
        return new Caller(role, user.FindFirstValue(CallerClaims.Platform), user.FindFirstValue(CallerClaims.Actor) ?? "unknown", user.FindFirstValue(CallerClaims.Authority));
    }

    /// <summary>The identity of a credential: role, platform, actor.</summary>
    public static ClaimsIdentity Identity(string scheme, string role, string? platformId, string actor, string? authorityId = null)
    {
        var claims = new List<Claim> { new(CallerClaims.Role, role), new(CallerClaims.Actor, actor), new(CallerClaims.Partition, actor) };
        if (platformId is not null)
        {
            claims.Add(new Claim(CallerClaims.Platform, platformId));
        }

        if (authorityId is not null)
        {
            claims.Add(new Claim(CallerClaims.Authority, authorityId));
        }

        return new ClaimsIdentity(claims, scheme, CallerClaims.Actor, CallerClaims.Role);
    }
}
