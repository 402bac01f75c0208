using Microsoft.AspNetCore.Authorization;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Security;

/// <summary>
/// Who may do what. Deny by default: an endpoint without one of these policies (or an explicit
/// anonymous mark) refuses everyone.
/// </summary>
public static class Policies
{
    /// <summary>Read cases, findings, rules and markets.</summary>
    public const string RegulatorRead = "regulator-read";

    /// <summary>Comment, move cases along (not close), ingest events.</summary>
    public const string RegulatorAnalyst = "regulator-analyst";

    /// <summary>Assign, close, issue notices.</summary>
    public const string RegulatorSupervisor = "regulator-supervisor";

    /// <summary>Administer the system: the authorities and routing table.</summary>
    public const string RegulatorAdmin = "regulator-admin";

    /// <summary>A platform acting on its own data.</summary>
    public const string Platform = "platform";

    /// <summary>Anyone with a credential and a role (regulator or platform).</summary>
    public const string AnyCaller = "any-caller";

    /// <summary>The roles each policy admits.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [RegulatorRead] = [ApiRoles.RegulatorViewer, ApiRoles.RegulatorAnalyst, ApiRoles.RegulatorSupervisor, ApiRoles.RegulatorAdmin],
        [RegulatorAnalyst] = [ApiRoles.RegulatorAnalyst, ApiRoles.RegulatorSupervisor, ApiRoles.RegulatorAdmin],
        [RegulatorSupervisor] = [ApiRoles.RegulatorSupervisor, ApiRoles.RegulatorAdmin],
        [RegulatorAdmin] = [ApiRoles.RegulatorAdmin],
        [Platform] = [ApiRoles.Platform],
        [AnyCaller] = [.. ApiRoles.All],
    };

    /// <summary>Registers the policies and the deny-by-default fallback.</summary>
    public static void Configure(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, roles) in Roles)
        {
            options.AddPolicy(name, policy =>
            {
                policy.RequireAuthenticatedUser();
                policy.RequireClaim(CallerClaims.Role, roles);
                if (name == Platform)
                {
                    policy.RequireClaim(CallerClaims.Platform);
                }
            });
        }

        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireAssertion(_ => false).Build();
    }
}
