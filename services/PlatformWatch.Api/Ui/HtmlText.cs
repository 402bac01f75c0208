using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace PlatformWatch.Api.Ui;

/// <summary>
/// A sentence of the resources with markup among its arguments (<c>Market {0}</c> with the id in a
/// <c>&lt;span class="mono"&gt;</c>, a name with its key id as a title, a link), so that each language
/// keeps its own word order around them: the template's words and the plain arguments are encoded as
/// text, an <see cref="IHtmlContent"/> argument is written as the page built it.
/// </summary>
public static partial class HtmlText
{
    /// <summary>The template (<c>{0}</c>, <c>{1}</c>…) filled with <paramref name="args"/>, in the order the language puts them.</summary>
    public static IHtmlContent Format(string template, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(args);
        var html = new HtmlContentBuilder();
        foreach (var part in Placeholder().Split(template))
        {
            if (part is ['{', .., '}'] && int.TryParse(part.AsSpan(1, part.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                _ = args[index] switch
                {
                    null => html,
                    IHtmlContent content => html.AppendHtml(content),
                    var plain => html.Append(Convert.ToString(plain, CultureInfo.CurrentCulture)),
                };
            }
            else
            {
                html.Append(part);
            }
        }

        return html;
    }

    /// <summary>A value in a monospaced span (ids, hashes, values typed as they are), not for translation.</summary>
    public static IHtmlContent Mono(string value) => new HtmlContentBuilder().AppendHtml("<span class=\"mono\" translate=\"no\">").Append(value).AppendHtml("</span>");

    /// <summary>
    /// A text whose names in backquotes (<c>`level`</c>: a parameter, a field, a value, a formula, as
    /// written) are each shown <see cref="Mono"/>, without the backquotes, and not translated; the rest encoded.
    /// </summary>
    public static IHtmlContent Names(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var html = new HtmlContentBuilder();
        var parts = text.Split('`');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 0)
            {
                html.Append(parts[i]);
            }
            else if (i == parts.Length - 1)
            {
                html.Append("`" + parts[i]); // an opening backquote without its closing one
            }
            else
            {
                html.AppendHtml(Mono(parts[i]));
            }
        }

        return html;
    }

    /// <summary>A link to a local address.</summary>
    public static IHtmlContent Link(string href, string text) =>
        new HtmlContentBuilder().AppendHtml("<a href=\"").Append(href).AppendHtml("\">").Append(text).AppendHtml("</a>");

    /// <summary>A time as people read it, in a <c>&lt;time&gt;</c> whose <c>datetime</c> keeps ISO 8601 for machines.</summary>
    public static IHtmlContent Time(DateTimeOffset time) =>
        new HtmlContentBuilder().AppendHtml("<time datetime=\"").Append(Formats.Iso(time)).AppendHtml("\">").Append(Formats.DateTime(time)).AppendHtml("</time>");

    /// <summary>A day as people read it, in a <c>&lt;time&gt;</c> whose <c>datetime</c> keeps ISO 8601 (yyyy-MM-dd).</summary>
    public static IHtmlContent Day(DateOnly day) =>
        new HtmlContentBuilder().AppendHtml("<time datetime=\"").Append(PlatformWatch.Rules.Engine.Exact.Date(day)).AppendHtml("\">").Append(Formats.Date(day)).AppendHtml("</time>");

    /// <summary>The day (UTC) of a time, as <see cref="Day(DateOnly)"/>.</summary>
    public static IHtmlContent Day(DateTimeOffset time) => Day(DateOnly.FromDateTime(time.UtcDateTime));

    [GeneratedRegex(@"(\{\d+\})")]
    private static partial Regex Placeholder();
}
