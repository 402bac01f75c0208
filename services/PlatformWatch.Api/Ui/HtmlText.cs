using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace PlatformWatch.Api.Ui;

/// <summary>
/// A template of the resources with markup in its places (<c>Market {0}</c> with the id in a
/// <c>&lt;span class="mono"&gt;</c>): the template's words are encoded as text, the arguments are
/// markup the page built, so a translation can move them without the page splitting its sentence.
/// </summary>
public static partial class HtmlText
{
    /// <summary>The template with its placeholders filled by the arguments, in the order the language puts them.</summary>
    public static IHtmlContent Format(string template, params IHtmlContent[] args)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(args);
        var html = new HtmlContentBuilder();
        foreach (var part in Placeholder().Split(template))
        {
            if (part is ['{', .., '}'] && int.TryParse(part.AsSpan(1, part.Length - 2), out var index))
            {
                html.AppendHtml(args[index]);
            }
            else
            {
                html.Append(part);
            }
        }

        return html;
    }

    /// <summary>A value in a monospaced span (ids, hashes).</summary>
    public static IHtmlContent Mono(string value) => new HtmlContentBuilder().AppendHtml("<span class=\"mono\">").Append(value).AppendHtml("</span>");

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
