using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using PlatformWatch.Api;
using PlatformWatch.Hosting;
using PlatformWatch.Store;

namespace PlatformWatch.DeployTests;

/// <summary>
/// Which environment variables name a real setting: <c>Section__Key</c> resolved against the public
/// settable properties of the options classes, plus the variables of the framework and of the upstream images.
/// </summary>
internal static class Settings
{
    /// <summary>The configuration sections bound to an options class: the list the configuration reference documents.</summary>
    public static IReadOnlyList<(string Section, Type Options)> OptionsSections => ConfigurationSections.All;

    /// <summary>The worker's health and metrics port when Observability__HttpPort is not set.</summary>
    public static int ObservabilityDefaultHttpPort => new ObservabilityOptions().HttpPort;

    /// <summary>Variables read by .NET, ASP.NET Core and PlatformWatch outside the options classes.</summary>
    public static readonly IReadOnlySet<string> FrameworkVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_HTTP_PORTS",

        // The root key "Urls" of appsettings.json: unprefixed, it outranks appsettings.json (ASPNETCORE_URLS does not).
        "Urls",
        "PLATFORMWATCH_AUDIT_KEY",
    };

    /// <summary>Prefixes of framework variable families.</summary>
    public static readonly IReadOnlyList<string> FrameworkPrefixes = ["DOTNET_", "Logging__LogLevel__"];

    /// <summary>Variables the upstream images read (RabbitMQ, PostgreSQL, SQL Server and its sqlcmd).</summary>
    public static readonly IReadOnlySet<string> UpstreamImageVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        "RABBITMQ_DEFAULT_USER", "RABBITMQ_DEFAULT_PASS", "RABBITMQ_DEFAULT_VHOST",
        "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB",
        "ACCEPT_EULA", "MSSQL_SA_PASSWORD", "MSSQL_PID", "SQLCMDPASSWORD",
    };

    /// <summary>Null when the variable names a real setting; else why not.</summary>
    public static string? Problem(string name)
    {
        if (FrameworkVariables.Contains(name) || UpstreamImageVariables.Contains(name) || FrameworkPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal) && name.Length > p.Length))
        {
            return null;
        }

        var parts = name.Split("__");

        foreach (var (section, options) in OptionsSections.OrderByDescending(s => s.Section.Length))
        {
            var sectionParts = section.Split(':');
            if (parts.Length > sectionParts.Length && parts.Take(sectionParts.Length).SequenceEqual(sectionParts, StringComparer.Ordinal))
            {
                return PathProblem(options, parts[sectionParts.Length..]) is { } problem ? $"{name}: {problem}" : null;
            }
        }

        return $"{name}: not a setting of {string.Join(", ", OptionsSections.Select(s => s.Section.Replace(":", "__", StringComparison.Ordinal)))} nor a known framework or image variable";
    }

    // The rest of a key below an options class: a property, an array index, a nested property.
    private static string? PathProblem(Type type, string[] path)
    {
        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance);
        if (property is null || property.SetMethod is not { IsPublic: true })
        {
            var known = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name);
            return $"{type.Name} has no settable property '{path[0]}' (known: {string.Join(", ", known)})";
        }

        var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (propertyType.IsArray || (propertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(propertyType)))
        {
            return path.Length == 2 && int.TryParse(path[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
                ? null
                : $"{type.Name}.{property.Name} is a list: give its elements as {property.Name}__0, {property.Name}__1 …";
        }

        if (propertyType.IsClass && propertyType != typeof(string))
        {
            return path.Length > 1 ? PathProblem(propertyType, path[1..]) : $"{type.Name}.{property.Name} is a section, not a value";
        }

        return path.Length == 1 ? null : $"{type.Name}.{property.Name} is a value, not a section";
    }

    /// <summary>
    /// Binds the settings whose values are known onto their options classes, as the services do, refusing
    /// unknown keys, and validates them (their [Range] and [Required]): every failure, each with the reason.
    /// </summary>
    public static IReadOnlyList<string> BindingProblems(IEnumerable<KeyValuePair<string, string?>> variables)
    {
        // Later values win, as in an environment.
        var known = variables.Where(v => v.Value is not null).GroupBy(v => v.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(known.Select(v => new KeyValuePair<string, string?>(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value)))
            .Build();
        var problems = new List<string>();
        foreach (var (section, type) in OptionsSections)
        {
            var node = configuration.GetSection(section);
            if (!node.GetChildren().Any())
            {
                continue;
            }

            try
            {
                var bound = node.Get(type, o => o.ErrorOnUnknownConfiguration = true) ?? Activator.CreateInstance(type)!;
                var results = new List<ValidationResult>();
                if (!Validator.TryValidateObject(bound, new ValidationContext(bound), results, validateAllProperties: true))
                {
                    problems.AddRange(results.Select(r => $"{section}: {r.ErrorMessage}"));
                }
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"{section}: {e.Message}{(e.InnerException is { } inner ? " " + inner.Message : "")}");
            }
        }

        if (known.FirstOrDefault(v => v.Key == StoreOptions.Section + "__Provider").Value is { } provider && !CliProviders.Contains(provider))
        {
            problems.Add($"Store__Provider: '{provider}' is bound by the services but refused by the command line's --provider (expected {string.Join(", ", CliProviders)})");
        }

        return problems;
    }

    /// <summary>What <c>platformwatch … --provider</c> accepts (the services bind the same names, case-insensitively).</summary>
    public static readonly IReadOnlyList<string> CliProviders = ["sqlite", "postgres", "sqlserver"];
}
