namespace PlatformWatch.DeployTests;

/// <summary>A systemd unit file read as INI: sections of Key=Value lines, keys that may repeat, comments and continuations.</summary>
internal sealed class SystemdUnit
{
    private readonly Dictionary<string, List<KeyValuePair<string, string>>> _sections;

    private SystemdUnit(string path, Dictionary<string, List<KeyValuePair<string, string>>> sections)
    {
        PathInRepo = path;
        _sections = sections;
    }

    public string PathInRepo { get; }

    public IEnumerable<string> Sections => _sections.Keys;

    public static SystemdUnit Load(string relative)
    {
        var sections = new Dictionary<string, List<KeyValuePair<string, string>>>(StringComparer.Ordinal);
        List<KeyValuePair<string, string>>? current = null;
        var pending = "";
        var number = 0;
        foreach (var raw in Repo.Read(relative).Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            line = pending + line;
            pending = "";
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                var name = line[1..^1];
                Assert.That(sections.ContainsKey(name), Is.False, $"{relative}:{number}: section [{name}] twice");
                current = sections[name] = [];
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            Assert.That(current, Is.Not.Null, $"{relative}:{number}: a setting before any [section]");
            Assert.That(eq, Is.GreaterThan(0), $"{relative}:{number}: '{line}' is not Key=Value");
            current!.Add(new(line[..eq].Trim(), line[(eq + 1)..].Trim()));
        }

        Assert.That(pending, Is.Empty, $"{relative}: ends with a continuation");
        return new SystemdUnit(relative, sections);
    }

    /// <summary>Every value of a key in a section, in order.</summary>
    public IReadOnlyList<string> Values(string section, string key) =>
        _sections.TryGetValue(section, out var entries) ? [.. entries.Where(e => e.Key == key).Select(e => e.Value)] : [];

    /// <summary>The value in force (the last), or null.</summary>
    public string? Value(string section, string key)
    {
        var values = Values(section, key);
        return values.Count == 0 ? null : values[^1];
    }

    /// <summary>The variables of Environment= lines ("A=1 B=2", quotes allowed), with a specifier such as %i replaced.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment(string instance) =>
        [.. Values("Service", "Environment")
            .SelectMany(Dockerfile.Words)
            .Select(w => w.Replace("%i", instance, StringComparison.Ordinal).Replace("%I", instance, StringComparison.Ordinal))
            .Select(w =>
            {
                var eq = w.IndexOf('=', StringComparison.Ordinal);
                Assert.That(eq, Is.GreaterThan(0), $"{PathInRepo}: Environment '{w}' is not NAME=VALUE");
                return new KeyValuePair<string, string>(w[..eq], w[(eq + 1)..]);
            })];
}
