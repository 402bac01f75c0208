using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PlatformWatch.Rules.Profiles;

/// <summary>Reads fields of a YAML mapping, recording each problem with its file and line.</summary>
internal sealed class YamlFields(string file, List<ProfileError> errors)
{
    public string File { get; } = file;

    public SourceLocation At(YamlNode node) => new(File, (int)node.Start.Line);

    public SourceLocation At(Mark mark) => new(File, (int)mark.Line);

    public void Error(YamlNode node, string reason) => errors.Add(new ProfileError(At(node), reason));

    public void Error(SourceLocation location, string reason) => errors.Add(new ProfileError(location, reason));

    public static YamlNode? Get(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                return v;
            }
        }

        return null;
    }

    /// <summary>Every key not in the allowed list is an error (a typo would otherwise be silently ignored).</summary>
    public void OnlyKeys(YamlMappingNode map, string what, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                Error(key, $"unknown key '{name}' in {what}; expected one of: {string.Join(", ", allowed)}");
            }
        }
    }

    public string? Text(YamlMappingNode map, string key, string what, bool required = true)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required)
            {
                Error(map, $"{what}: '{key}' is missing");
            }

            return null;
        }

        if (node is not YamlScalarNode { Value: { } value } || string.IsNullOrWhiteSpace(value))
        {
            Error(node, $"{what}: '{key}' must be a non-empty text");
            return null;
        }

        return value.Trim();
    }

    /// <summary>
    /// A text in both languages, <c>{ zh: …, en: … }</c>. A plain text is refused (it names no
    /// language), and so is a mapping that lacks either language.
    /// </summary>
    public Bilingual? Bilingual(YamlMappingNode map, string key, string what, bool required = true)
    {
        var (zh, en, node) = Languages(map, key, what, required);
        if (node is null)
        {
            return null;
        }

        // A language given but empty is already refused as such ('must be a non-empty text').
        if (zh is null && Get(node, Profiles.Languages.Chinese) is null)
        {
            Error(node, $"{what}: '{key}' lacks its Chinese text: give {key}: {{ zh: …, en: … }}");
        }

        if (en is null && Get(node, Profiles.Languages.English) is null)
        {
            Error(node, $"{what}: '{key}' lacks its English text: give {key}: {{ zh: …, en: … }}");
        }

        return zh is null || en is null ? null : new Bilingual(zh, en);
    }

    /// <summary>
    /// A text in one or both languages, <c>{ zh: …, en: … }</c>: each language that is given, and
    /// the mapping's node (null when the key is missing or is not such a mapping).
    /// </summary>
    public (string? Zh, string? En, YamlMappingNode? Node) Languages(YamlMappingNode map, string key, string what, bool required = false)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required)
            {
                Error(map, $"{what}: '{key}' is missing: give it in both languages, {key}: {{ zh: …, en: … }}");
            }

            return (null, null, null);
        }

        if (node is not YamlMappingNode languages)
        {
            Error(node, $"{what}: '{key}' must name its languages, {key}: {{ zh: …, en: … }}; a plain text names none (an English text is written en: …)");
            return (null, null, null);
        }

        OnlyKeys(languages, $"{what}, {key}", Profiles.Languages.Chinese, Profiles.Languages.English);
        return (Text(languages, Profiles.Languages.Chinese, $"{what}, {key}", required: false), Text(languages, Profiles.Languages.English, $"{what}, {key}", required: false), languages);
    }

    public int? WholeNumber(YamlMappingNode map, string key, string what, bool required = true, int min = 0)
    {
        var text = Text(map, key, what, required);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            Error(Get(map, key)!, $"{what}: '{key}' must be a whole number of at least {min}, was '{text}'");
            return null;
        }

        return value;
    }

    public bool? Boolean(YamlMappingNode map, string key, string what)
    {
        var text = Text(map, key, what, required: false);
        return text switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => ErrorNull<bool>(Get(map, key)!, $"{what}: '{key}' must be true or false, was '{text}'"),
        };
    }

    public DateOnly? Date(YamlMappingNode map, string key, string what, bool required = true)
    {
        var text = Text(map, key, what, required);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            Error(Get(map, key)!, $"{what}: '{key}' must be a date YYYY-MM-DD, was '{text}'");
            return null;
        }

        return value;
    }

    public IReadOnlyList<string> TextList(YamlMappingNode map, string key, string what, bool required = false)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required)
            {
                Error(map, $"{what}: '{key}' is missing");
            }

            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"{what}: '{key}' must be a list");
            return [];
        }

        var values = new List<string>();
        foreach (var item in sequence)
        {
            if (item is YamlScalarNode { Value: { } value } && !string.IsNullOrWhiteSpace(value))
            {
                values.Add(value.Trim());
            }
            else
            {
                Error(item, $"{what}: every item of '{key}' must be a non-empty text");
            }
        }

        return values;
    }

    public IEnumerable<YamlMappingNode> MappingList(YamlMappingNode map, string key, string what, bool required = false)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required)
            {
                Error(map, $"{what}: '{key}' is missing");
            }

            yield break;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"{what}: '{key}' must be a list");
            yield break;
        }

        foreach (var item in sequence)
        {
            if (item is YamlMappingNode mapping)
            {
                yield return mapping;
            }
            else
            {
                Error(item, $"{what}: every item of '{key}' must be a mapping");
            }
        }
    }

    private T? ErrorNull<T>(YamlNode node, string reason) where T : struct
    {
        Error(node, reason);
        return null;
    }
}
