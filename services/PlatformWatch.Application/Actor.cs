using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// Who calls an application service: the name the audit trail records, the role, the authority of
/// a regulator and the platform of a platform's credential. The API builds it from its caller, the
/// command line as an operator (<see cref="Operator"/>), who works every case.
/// </summary>
/// <param name="Name">Who acts, as recorded in the audit trail (<c>key:k…</c>, <c>oidc:subject</c>, an operator's name).</param>
/// <param name="Role">The role (<c>operator</c> for the command line).</param>
/// <param name="AuthorityId">The authority of a regulator.</param>
/// <param name="PlatformId">The platform of a platform's credential.</param>
/// <param name="MaySupervise">Whether the role may take a supervisor's decisions (closing a case).</param>
public sealed record Actor(string Name, string Role, string? AuthorityId = null, string? PlatformId = null, bool MaySupervise = false)
{
    /// <summary>The role of whoever runs the command line on the database itself (no API role is named so).</summary>
    public const string OperatorRole = "command-line-operator";

    /// <summary>An operator at the command line: no authority, every case, every decision.</summary>
    public static Actor Operator(string name) => new(name, OperatorRole, MaySupervise: true);

    /// <summary>Whether the actor is an operator (sees and works every case).</summary>
    public bool IsOperator => Role == OperatorRole;

    /// <summary>Whether the actor has one of the regulator's roles.</summary>
    public bool IsRegulator => ApiRoles.IsRegulator(Role);

    /// <summary>Who submits what the actor sends, as events keep it: <c>api-key:ID</c> for a key, <c>token:SUBJECT</c> for a bearer token.</summary>
    public string Submitter => SubmitterOf(Name);

    /// <summary>The submitter of an actor named <paramref name="name"/> (<c>key:ID</c> → <c>api-key:ID</c>, <c>oidc:SUBJECT</c> → <c>token:SUBJECT</c>).</summary>
    public static string SubmitterOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            _ when name.StartsWith("key:", StringComparison.Ordinal) => "api-key:" + name["key:".Length..],
            _ when name.StartsWith("oidc:", StringComparison.Ordinal) => "token:" + name["oidc:".Length..],
            _ => name,
        };
    }
}
