using YamlDotNet.RepresentationModel;

namespace PlatformWatch.DeployTests;

/// <summary>
/// YAML as plain values: a mapping is a <see cref="Dictionary{TKey, TValue}"/> of string to value, a
/// sequence a <see cref="List{T}"/>, a scalar a string (null for a plain null). Aliases are followed and
/// merge keys (<c>&lt;&lt;: *anchor</c>, as docker compose files use them) are merged, explicit keys winning.
/// </summary>
internal static class Yaml
{
    /// <summary>Every document of a (multi-document) YAML file.</summary>
    public static IReadOnlyList<object?> LoadAll(string relative)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(Repo.Read(relative)))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(d => Plain(d.RootNode))];
    }

    /// <summary>The one document of a YAML file.</summary>
    public static Dictionary<string, object?> LoadMap(string relative)
    {
        var documents = LoadAll(relative);
        Assert.That(documents, Has.Count.EqualTo(1), $"{relative}: one document expected");
        return Map(documents[0], relative);
    }

    public static Dictionary<string, object?> Map(object? value, string what) =>
        value as Dictionary<string, object?> ?? throw new AssertionException($"{what}: a mapping expected, found {Describe(value)}");

    public static Dictionary<string, object?>? MapOrNull(object? value) => value as Dictionary<string, object?>;

    public static List<object?> List(object? value) => value as List<object?> ?? [];

    public static Dictionary<string, object?>? Child(this Dictionary<string, object?>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value as Dictionary<string, object?> : null;

    public static List<object?> Items(this Dictionary<string, object?>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? List(value) : [];

    public static string? Text(this Dictionary<string, object?>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value as string : null;

    /// <summary>Follows a path of keys through nested mappings.</summary>
    public static Dictionary<string, object?>? At(this Dictionary<string, object?>? map, params string[] path) =>
        path.Aggregate(map, (current, key) => current.Child(key));

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        string s => $"'{s}'",
        List<object?> => "a sequence",
        _ => value.GetType().Name,
    };

    private static object? Plain(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL"
            ? null
            : scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(Plain).ToList(),
        YamlMappingNode mapping => PlainMap(mapping),
        _ => throw new InvalidDataException($"unexpected YAML node {node.NodeType} at {node.Start}"),
    };

    private static Dictionary<string, object?> PlainMap(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (name == "<<")
            {
                continue;
            }

            result[name] = Plain(value);
        }

        // Merge keys: the merged mappings fill in what the mapping does not say itself (earlier ones first).
        var merge = mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "<<" }).Value;
        var sources = merge switch
        {
            null => [],
            YamlMappingNode single => [single],
            YamlSequenceNode many => many.Children.OfType<YamlMappingNode>().ToList(),
            _ => throw new InvalidDataException($"a merge key must name a mapping or a list of them, at {merge.Start}"),
        };
        foreach (var source in sources)
        {
            foreach (var (key, value) in PlainMap(source))
            {
                result.TryAdd(key, value);
            }
        }

        return result;
    }
}
