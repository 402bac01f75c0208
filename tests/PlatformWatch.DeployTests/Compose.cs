using System.Text.RegularExpressions;

namespace PlatformWatch.DeployTests;

/// <summary>deploy/compose/compose.yaml, with its ${VARIABLES} taken from the example env files.</summary>
internal static partial class Compose
{
    public const string Folder = "deploy/compose";

    public const string File = Folder + "/compose.yaml";

    /// <summary>The env files an operator copies: the default one, and the PostgreSQL override given after it.</summary>
    public const string EnvExample = Folder + "/.env.example";

    public const string PostgresEnvExample = Folder + "/.env.postgres.example";

    public static Dictionary<string, object?> Root() => Yaml.LoadMap(File);

    public static Dictionary<string, Dictionary<string, object?>> Services() =>
        Root().Child("services")?.ToDictionary(s => s.Key, s => Yaml.Map(s.Value, "service " + s.Key), StringComparer.Ordinal)
        ?? throw new AssertionException($"{File} has no services");

    /// <summary>The variables of env files, later files overriding earlier ones (as repeated --env-file do).</summary>
    public static Dictionary<string, string> Variables(params string[] envFiles)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in envFiles.SelectMany(Repo.EnvFile))
        {
            variables[key] = value;
        }

        return variables;
    }

    /// <summary>A service's image with its ${VARIABLES} taken from the default env example.</summary>
    public static string Image(Dictionary<string, object?> service) =>
        Interpolate(service.Text("image") ?? "", Variables(EnvExample)) ?? throw new AssertionException($"{service.Text("image")}: a variable without a value");

    /// <summary>A service's environment as written (mapping or list form), values not interpolated.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> RawEnvironment(Dictionary<string, object?> service) =>
        service.TryGetValue("environment", out var environment) ? environment switch
        {
            Dictionary<string, object?> map => [.. map.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value as string))],
            List<object?> list => [.. list.OfType<string>().Select(e => e.Split('=', 2)).Select(p => new KeyValuePair<string, string?>(p[0], p.Length > 1 ? p[1] : null))],
            _ => [],
        } : [];

    /// <summary>A service's environment with the values interpolated (null where a variable has no value).</summary>
    public static Dictionary<string, string?> Environment(Dictionary<string, object?> service, IReadOnlyDictionary<string, string> variables) =>
        RawEnvironment(service).ToDictionary(e => e.Key, e => e.Value is null ? null : Interpolate(e.Value, variables), StringComparer.Ordinal);

    /// <summary>Compose's interpolation: $$ is a dollar; ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $VAR.</summary>
    public static string? Interpolate(string text, IReadOnlyDictionary<string, string> variables)
    {
        var unresolved = false;
        var result = Reference().Replace(text, m =>
        {
            if (m.Value == "$$")
            {
                return "$";
            }

            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["bare"].Value;
            var op = m.Groups["op"].Value;
            var set = variables.TryGetValue(name, out var value);
            if (set && !(op.StartsWith(':') && value!.Length == 0))
            {
                return value!;
            }

            if (op.EndsWith('-'))
            {
                return m.Groups["arg"].Value;
            }

            unresolved = true;
            return "";
        });
        return unresolved ? null : result;
    }

    /// <summary>The variables a text refers to, and whether each has a default.</summary>
    public static IEnumerable<(string Name, bool HasDefault)> References(string text) =>
        Reference().Matches(text).Where(m => m.Value != "$$").Select(m => (
            m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["bare"].Value,
            m.Groups["op"].Value.EndsWith('-')));

    /// <summary>Every string in a YAML tree.</summary>
    public static IEnumerable<string> Strings(object? node) => node switch
    {
        string s => [s],
        Dictionary<string, object?> map => map.Values.SelectMany(Strings),
        List<object?> list => list.SelectMany(Strings),
        _ => [],
    };

    /// <summary>A healthcheck's test as one command line (CMD and CMD-SHELL forms, or a string).</summary>
    public static string? HealthcheckCommand(Dictionary<string, object?> service) =>
        service.Child("healthcheck") is { } check && check.TryGetValue("test", out var test)
            ? test switch
            {
                string s => s,
                List<object?> list => string.Join(' ', list.OfType<string>().SkipWhile(w => w is "CMD" or "CMD-SHELL")),
                _ => null,
            }
            : null;

    [GeneratedRegex(@"\$\$|\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?])(?<arg>[^}]*))?\}|\$(?<bare>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Reference();
}
