using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PlatformWatch.Api;
using PlatformWatch.Hosting;

namespace PlatformWatch.ApiTests;

/// <summary>docs/configuration.md is generated from the options classes and cannot drift from them.</summary>
[TestFixture]
internal sealed partial class Configuration_reference
{
    private const string Start = "<!-- generated: start -->";
    private const string End = "<!-- generated: end -->";
    private const string WriteVariable = "PLATFORMWATCH_WRITE_CONFIG_REFERENCE";

    [Test]
    public void Its_tables_are_those_generated_from_the_options_classes()
    {
        var generated = ConfigurationReference.Markdown(ConfigurationSections.All).Trim();
        var (_, documented, _) = Split(Document());
        Assert.That(documented.Trim(), Is.EqualTo(generated),
            $"docs/configuration.md is out of step with the options classes. Regenerate its tables: {WriteVariable}=1 dotnet test tests/PlatformWatch.ApiTests -c Debug --filter FullyQualifiedName~Configuration");
    }

    [Test]
    public void Every_setting_is_documented_with_a_summary_and_every_documented_setting_exists()
    {
        var settings = ConfigurationSections.All.SelectMany(s => Settings(s.Name, s.Options)).ToList();
        var keys = settings.Where(s => !s.Nested).Select(s => s.Key).ToList();
        var rows = Rows(Split(Document()).Generated);
        var documented = rows.Select(r => r.Setting).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(keys, Is.Not.Empty);
            Assert.That(keys.Except(documented, StringComparer.Ordinal), Is.Empty, "settings of the options classes missing from docs/configuration.md");
            Assert.That(documented.Except(keys, StringComparer.Ordinal), Is.Empty, "settings in docs/configuration.md that no options class has");
            Assert.That(documented, Is.Unique, "settings documented twice");
            Assert.That(rows.Where(r => r.Variable != r.Setting.Replace(":", "__", StringComparison.Ordinal)).Select(r => r.Setting), Is.Empty,
                "environment variables not named Section__Key");
            Assert.That(settings.Where(s => Summary(s.Property).Length == 0).Select(s => s.Key), Is.Empty,
                "settings without an XML doc <summary>");
        });
    }

    [Test]
    public void Nested_options_are_flattened_and_read_only_properties_left_out()
    {
        var markdown = ConfigurationReference.Markdown([("Outer:Part", typeof(SampleOptions))]);
        var rows = Rows(markdown);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.Setting), Is.EqualTo(new[] { "Outer:Part:Name", "Outer:Part:Inner:Waits", "Outer:Part:Inner:Mode" }));
            Assert.That(rows.Select(r => r.Variable), Is.EqualTo(new[] { "Outer__Part__Name", "Outer__Part__Inner__Waits", "Outer__Part__Inner__Mode" }));
            Assert.That(markdown, Does.Contain("| `Outer:Part:Inner:Waits` | `Outer__Part__Inner__Waits` | list of durations | `00:00:01, 00:01:30` | Waits; see `Outer:Part:Inner:Mode`. |"));
            Assert.That(markdown, Does.Contain("| one of: Off\\|On | `On` |"));
            Assert.That(markdown, Does.Contain("| `Outer:Part:Name` | `Outer__Part__Name` | text | (empty) | A name, `x|y`. |".Replace("x|y", "x\\|y", StringComparison.Ordinal)));
        });
    }

    /// <summary>Sample options.</summary>
    public sealed class SampleOptions
    {
        /// <summary>A name, <c>x|y</c>.</summary>
        public string Name { get; set; } = "";

        /// <summary>Nested.</summary>
        public SampleInner Inner { get; set; } = new();

        /// <summary>Read only: not a setting.</summary>
        public int Computed => Name.Length;
    }

    /// <summary>Sample nested options.</summary>
    public sealed class SampleInner
    {
        /// <summary>Waits; see <see cref="Mode"/>.</summary>
        public TimeSpan[] Waits { get; set; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(90)];

        /// <summary>The mode.</summary>
        public SampleMode Mode { get; set; } = SampleMode.On;
    }

    /// <summary>Sample modes.</summary>
    public enum SampleMode
    {
        /// <summary>Off.</summary>
        Off,
        /// <summary>On.</summary>
        On,
    }

    // Every public settable instance property, nested options objects flattened (a nested object is reported too, Nested).
    private static IEnumerable<(string Key, PropertyInfo Property, bool Nested)> Settings(string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var key = prefix + ":" + property.Name;
            var propertyType = property.PropertyType;
            var nested = propertyType.IsClass && propertyType != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(propertyType)
                && propertyType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => p.SetMethod is { IsPublic: true });
            yield return (key, property, nested);
            if (nested)
            {
                foreach (var inner in Settings(key, propertyType))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string Summary(PropertyInfo property)
    {
        var declaring = property.DeclaringType!;
        var file = Path.Combine(AppContext.BaseDirectory, declaring.Assembly.GetName().Name + ".xml");
        var member = "P:" + declaring.FullName!.Replace('+', '.') + "." + property.Name;
        var summary = XDocument.Load(file).Descendants("member").FirstOrDefault(m => (string?)m.Attribute("name") == member)?.Element("summary");
        return summary is null ? "" : string.Concat(summary.DescendantNodes().Select(n => n switch
        {
            XText text => text.Value,
            XElement e when !e.Nodes().Any() => string.Join(" ", e.Attributes().Select(a => a.Value)),
            _ => "",
        })).Trim();
    }

    // The rows of the tables: setting and environment variable, without the code marks.
    private static List<(string Setting, string Variable)> Rows(string markdown) =>
        [.. markdown.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => UnescapedPipe().Split(line))
            .Select(cells => (cells[1].Trim().Trim('`'), cells[2].Trim().Trim('`')))];

    // docs/configuration.md; with PLATFORMWATCH_WRITE_CONFIG_REFERENCE=1 first rewritten with the tables generated now.
    private static string Document()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "configuration.md");
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            var (before, _, after) = Split(Read(path));
            File.WriteAllText(path, before + Start + "\n" + ConfigurationReference.Markdown(ConfigurationSections.All).Trim() + "\n" + End + after);
        }

        return Read(path);
    }

    private static string Read(string path) => File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);

    private static (string Before, string Generated, string After) Split(string text)
    {
        var start = text.IndexOf(Start, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            Assert.Fail($"docs/configuration.md has no '{Start}' … '{End}' section");
        }

        return (text[..start], text[(start + Start.Length)..end], text[(end + End.Length)..]);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlatformWatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no PlatformWatch.sln above " + TestContext.CurrentContext.TestDirectory);
    }

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();
}
