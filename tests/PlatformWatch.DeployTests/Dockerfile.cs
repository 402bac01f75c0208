using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PlatformWatch.DeployTests;

/// <summary>One instruction of a Dockerfile: its keyword, its arguments (continuations joined), its line and stage.</summary>
internal sealed record Instruction(string Keyword, string Arguments, int Line, int Stage);

/// <summary>A Dockerfile, read as docker reads it: comments and line continuations, stages, exec and shell forms.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<Instruction> instructions)
    {
        PathInRepo = path;
        Instructions = instructions;
    }

    public string PathInRepo { get; }

    public IReadOnlyList<Instruction> Instructions { get; }

    public int FinalStage => Instructions.Max(i => i.Stage);

    public IEnumerable<Instruction> Final => Instructions.Where(i => i.Stage == FinalStage);

    public static Dockerfile Load(string relative)
    {
        var instructions = new List<Instruction>();
        var stage = -1;
        var buffer = new StringBuilder();
        var start = 0;
        var lines = Repo.Read(relative).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            if (buffer.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (buffer.Length > 0 && line.TrimStart().StartsWith('#'))
            {
                continue; // a comment inside a continued instruction
            }

            if (buffer.Length == 0)
            {
                start = n + 1;
            }

            var trimmed = line.TrimEnd();
            if (trimmed.EndsWith('\\'))
            {
                buffer.Append(trimmed[..^1]).Append(' ');
                continue;
            }

            buffer.Append(trimmed);
            var text = buffer.ToString().Trim();
            buffer.Clear();
            var space = text.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new Instruction(keyword, space < 0 ? "" : text[(space + 1)..].Trim(), start, Math.Max(stage, 0)));
        }

        Assert.That(buffer.Length, Is.Zero, $"{relative}: the last instruction ends with a continuation");
        return new Dockerfile(relative, instructions);
    }

    /// <summary>The arguments of an exec-form instruction (a JSON array of strings), or null for the shell form.</summary>
    public static IReadOnlyList<string>? ExecForm(string arguments)
    {
        if (!arguments.TrimStart().StartsWith('['))
        {
            return null;
        }

        return JsonSerializer.Deserialize<List<string>>(arguments);
    }

    /// <summary>Leading --flag and --flag=value options of an instruction, and what follows them.</summary>
    public static (Dictionary<string, string> Flags, string Remainder) Flags(string arguments)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = arguments.TrimStart();
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var end = rest.IndexOfAny([' ', '\t']);
            var flag = end < 0 ? rest : rest[..end];
            var eq = flag.IndexOf('=', StringComparison.Ordinal);
            flags[eq < 0 ? flag[2..] : flag[2..eq]] = eq < 0 ? "" : flag[(eq + 1)..];
            rest = end < 0 ? "" : rest[end..].TrimStart();
        }

        return (flags, rest);
    }

    /// <summary>The sources and destination of a COPY or ADD, and the stage it copies from (null: the build context).</summary>
    public static (IReadOnlyList<string> Sources, string Destination, string? From) Copy(Instruction copy)
    {
        var (flags, rest) = Flags(copy.Arguments);
        var words = ExecForm(rest) ?? Words(rest);
        return ([.. words.Take(words.Count - 1)], words[^1], flags.TryGetValue("from", out var from) ? from : null);
    }

    /// <summary>KEY=VALUE pairs of an ENV, LABEL or ARG instruction (the legacy "ENV KEY VALUE" form too).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Pairs(Instruction instruction)
    {
        var words = Words(instruction.Arguments);
        if (words.Count >= 1 && !words[0].Contains('=', StringComparison.Ordinal))
        {
            return instruction.Keyword == "ARG" ? [new(words[0], "")] : [new(words[0], string.Join(' ', words.Skip(1)))];
        }

        return [.. words.Select(w =>
        {
            var eq = w.IndexOf('=', StringComparison.Ordinal);
            return new KeyValuePair<string, string>(w[..eq], w[(eq + 1)..]);
        })];
    }

    /// <summary>Whitespace-separated words; double or single quotes keep spaces and are removed.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char? quote = null;
        var any = false;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                any = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (any || word.Length > 0)
                {
                    words.Add(word.ToString());
                }

                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
            }
        }

        if (any || word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}

/// <summary>A .dockerignore: patterns relative to the build context, later ones winning, ! re-including.</summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude, string Text)> _patterns;

    private DockerIgnore(List<(Regex, bool, string)> patterns) => _patterns = patterns;

    public IEnumerable<string> Patterns => _patterns.Select(p => (p.Exclude ? "" : "!") + p.Text);

    public static DockerIgnore Load(string relative) => new([.. Repo.Read(relative).Split('\n')
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l =>
        {
            var exclude = !l.StartsWith('!');
            var text = (exclude ? l : l[1..]).Trim().Trim('/');
            return (Glob(text), exclude, text);
        })]);

    /// <summary>Whether a path of the build context (or a folder above it) is left out.</summary>
    public bool Excludes(string path)
    {
        path = path.Trim('/');
        var excluded = false;
        foreach (var (pattern, exclude, _) in _patterns)
        {
            if (Prefixes(path).Any(p => pattern.IsMatch(p)))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }

    private static IEnumerable<string> Prefixes(string path)
    {
        var parts = path.Split('/');
        for (var i = 1; i <= parts.Length; i++)
        {
            yield return string.Join('/', parts.Take(i));
        }
    }

    // Go's filepath.Match syntax plus **, as docker reads it.
    private static Regex Glob(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
