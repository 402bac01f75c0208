using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace PlatformWatch.Api.Ui;

/// <summary>
/// A sentence of the resources with markup among its arguments (a name with its key id as a title, a
/// link), so that each language keeps its own word order around them: the template's text and the
/// plain arguments are encoded, an <see cref="IHtmlContent"/> argument is written as it is.
/// </summary>
public static partial class HtmlText
{
    /// <summary>The template (<c>{0}</c>, <c>{1}</c>…) filled with <paramref name="args"/>, as HTML.</summary>
    public static IHtmlContent Format(IHtmlHelper html, LocalizedString template, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(args);
        var encoder = html.ViewContext.HttpContext.RequestServices.GetRequiredService<HtmlEncoder>();
        string Write(object? arg)
        {
            switch (arg)
            {
                case null:
                    return "";
                case IHtmlContent content:
                    using (var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture))
                    {
                        content.WriteTo(writer, encoder);
                        return writer.ToString();
                    }

                default:
                    return encoder.Encode(Convert.ToString(arg, System.Globalization.CultureInfo.CurrentCulture) ?? "");
            }
        }

        return new HtmlString(Part().Replace(template.Value, m => m.Groups["n"].Success ? Write(args[int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)]) : encoder.Encode(m.Value)));
    }

    [GeneratedRegex(@"\{(?<n>\d+)\}|[^{]+|\{")]
    private static partial Regex Part();
}
