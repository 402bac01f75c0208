using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PlatformWatch.Hosting;

/// <summary>
/// Writes the configuration reference (docs/configuration.md) from the options classes themselves:
/// for each section a markdown table of its settings with the environment variable, the type, the
/// default (from a new instance) and the meaning (the property's XML doc summary).
/// </summary>
public static partial class ConfigurationReference
{
    /// <summary>The markdown tables of the given sections (name as in the configuration, e.g. <c>Auth:Jwt</c>; options class), in order.</summary>
    public static string Markdown(IEnumerable<(string Name, Type Options)> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var docs = new Dictionary<Assembly, XDocument>();
        var blocks = new List<string>();
        foreach (var (name, options) in sections)
        {
            var block = new StringBuilder();
            block.Append("### ").Append(name).Append('\n');
            var about = Summary(docs, options, "T:" + XmlName(options), options, name);
            if (about.Length > 0)
            {
                block.Append('\n').Append(about).Append('\n');
            }

            block.Append('\n')
                .Append("| Setting | Environment variable | Type | Default | Meaning |\n")
                .Append("|---|---|---|---|---|\n");
            foreach (var row in Rows(docs, name, options, Instance(options), depth: 0))
            {
                block.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
            }

            blocks.Add(block.ToString().TrimEnd('\n'));
        }

        return string.Join("\n\n", blocks);
    }

    // The settings of an options class: public instance properties with a public setter, in declaration order.
    private static IEnumerable<PropertyInfo> Settable(Type options) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken);

    // An options object of its own (a class with settable properties, not text or a list): flattened as Section:Prop:Sub.
    private static bool IsNested(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && ElementType(type) is null && Settable(type).Any();

    private static IEnumerable<string[]> Rows(Dictionary<Assembly, XDocument> docs, string prefix, Type options, object? instance, int depth)
    {
        if (depth > 8)
        {
            throw new NotSupportedException($"options nested more than 8 deep at '{prefix}' (a cycle?)");
        }

        foreach (var property in Settable(options))
        {
            var key = prefix + ":" + property.Name;
            var value = instance is null ? null : property.GetValue(instance);
            if (IsNested(property.PropertyType))
            {
                foreach (var row in Rows(docs, key, property.PropertyType, value ?? Instance(property.PropertyType), depth + 1))
                {
                    yield return row;
                }

                continue;
            }

            var declaring = property.DeclaringType ?? options;
            yield return
            [
                Code(key),
                Code(key.Replace(":", "__", StringComparison.Ordinal)),
                Describe(property.PropertyType),
                Default(value),
                Summary(docs, declaring, "P:" + XmlName(declaring) + "." + property.Name, options, prefix),
            ];
        }
    }

    private static object? Instance(Type type) =>
        type.IsValueType || type.GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance(type) : null;

    // The friendly name of a setting's type.
    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return "one of: " + string.Join("|", Enum.GetNames(type));
        }

        if (ElementType(type) is { } element)
        {
            element = Nullable.GetUnderlyingType(element) ?? element;
            return element.IsEnum ? "list, each one of: " + string.Join("|", Enum.GetNames(element)) : "list of " + Plural(element);
        }

        return Single(type) ?? throw Unsupported(type);
    }

    private static string? Single(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.String => "text",
        TypeCode.Boolean => "true/false",
        TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "whole number",
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "number",
        _ when type == typeof(TimeSpan) => "duration (hh:mm:ss)",
        _ when type == typeof(Uri) => "URI",
        _ => null,
    };

    private static string Plural(Type element) => Single(element) switch
    {
        "text" => "text",
        "true/false" => "true/false values",
        "duration (hh:mm:ss)" => "durations",
        { } one => one + "s",
        null => throw Unsupported(element),
    };

    private static NotSupportedException Unsupported(Type type) =>
        new($"settings of type {type} have no friendly name yet: add one to {typeof(ConfigurationReference).FullName}.Describe");

    // The element type of a list the binder fills (array, List<T>, IEnumerable<T> …); null for anything else.
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var element])
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(ICollection<>) || definition == typeof(IEnumerable<>)
                || definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>) || definition == typeof(HashSet<>) || definition == typeof(ISet<>))
            {
                return element;
            }
        }

        return null;
    }

    // The default as shown: code for values, words for nothing.
    private static string Default(object? value) => value switch
    {
        null => "(none)",
        string { Length: 0 } => "(empty)",
        string text => Code(text),
        IEnumerable items => items.Cast<object?>().Select(Text).ToList() is { Count: > 0 } list ? Code(string.Join(", ", list)) : "(none)",
        _ => Code(Text(value)),
    };

    private static string Text(object? value) => value switch
    {
        null => "",
        bool flag => flag ? "true" : "false",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // A markdown code span, whatever backticks the text holds.
    private static string Code(string text) => text.Contains('`', StringComparison.Ordinal) ? "`` " + text + " ``" : "`" + text + "`";

    // A table cell: one line, pipes escaped.
    private static string Cell(string text) => text.Replace("\n", " ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

    // The member name in the XML doc file: nested types joined with '.', as the compiler writes them.
    private static string XmlName(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    private static string Summary(Dictionary<Assembly, XDocument> docs, Type declaring, string member, Type options, string prefix)
    {
        if (!docs.TryGetValue(declaring.Assembly, out var doc))
        {
            doc = docs[declaring.Assembly] = Load(declaring.Assembly);
        }

        var summary = doc.Root?.Element("members")?.Elements("member")
            .FirstOrDefault(m => string.Equals((string?)m.Attribute("name"), member, StringComparison.Ordinal))?.Element("summary");
        return summary is null ? "" : Whitespace().Replace(Render(summary, options, prefix), " ").Trim();
    }

    private static XDocument Load(Assembly assembly)
    {
        var file = assembly.GetName().Name + ".xml";
        var candidates = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(assembly.Location) ?? "" };
        var path = candidates.Where(d => d.Length > 0).Select(d => Path.Combine(d, file)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"the XML doc file {file} is not beside the program (GenerateDocumentationFile on?)", file);
        return XDocument.Load(path);
    }

    // The summary as markdown: <c> as code, <see cref> as the name (a setting of the same section as its key), <see langword> as code.
    private static string Render(XElement element, Type options, string prefix)
    {
        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText plain:
                    text.Append(plain.Value.Replace("<", "&lt;", StringComparison.Ordinal));
                    break;
                case XElement { Name.LocalName: "c" or "code" } code:
                    text.Append(Code(code.Value));
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see when !see.IsEmpty:
                    text.Append(Render(see, options, prefix));
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see:
                    text.Append(See(see, options, prefix));
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    text.Append(Code((string?)reference.Attribute("name") ?? ""));
                    break;
                case XElement { Name.LocalName: "para" or "br" } paragraph:
                    text.Append(' ').Append(Render(paragraph, options, prefix)).Append(' ');
                    break;
                case XElement other:
                    text.Append(Render(other, options, prefix));
                    break;
            }
        }

        return text.ToString();
    }

    private static string See(XElement see, Type options, string prefix)
    {
        if ((string?)see.Attribute("langword") is { } word)
        {
            return Code(word);
        }

        if ((string?)see.Attribute("href") is { } href)
        {
            return href;
        }

        var cref = (string?)see.Attribute("cref") ?? "";
        var name = cref.Split('(')[0];
        var own = "P:" + XmlName(options) + ".";
        if (name.StartsWith(own, StringComparison.Ordinal) && Settable(options).Any(p => p.Name == name[own.Length..]))
        {
            return Code(prefix + ":" + name[own.Length..]);
        }

        return Code(name[(name.LastIndexOf('.') + 1)..]);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
