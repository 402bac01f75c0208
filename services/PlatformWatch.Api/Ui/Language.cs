using Microsoft.AspNetCore.Localization;
using StringWithQualityHeaderValue = Microsoft.Net.Http.Headers.StringWithQualityHeaderValue;

namespace PlatformWatch.Api.Ui;

/// <summary>
/// The language of a request and the switch that remembers it. The request localization middleware
/// takes the culture from the <see cref="CookieRequestCultureProvider"/> cookie, else from
/// <c>Accept-Language</c>, else English. The layout's switch is a link to the same page with
/// <c>?lang=zh-CN</c> (or <c>en</c>): this middleware stores the choice in the cookie for a year and
/// redirects (303) to the page without the parameter, so the choice holds for every later request of
/// the browser. An unsupported <c>lang</c> is ignored.
/// </summary>
public sealed class Language(RequestDelegate next)
{
    /// <summary>The query parameter of the switch.</summary>
    public const string Parameter = "lang";

    /// <summary>The options of the request localization: the supported cultures, cookie first, then Accept-Language.</summary>
    public static RequestLocalizationOptions Options()
    {
        var cultures = UiText.Cultures.ToArray();
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(cultures[0])
            .AddSupportedCultures(cultures)
            .AddSupportedUICultures(cultures);
        options.RequestCultureProviders = [new CookieRequestCultureProvider(), new CustomRequestCultureProvider(context => Task.FromResult(FromAcceptLanguage(context.Request)))];
        return options;
    }

    /// <summary>The culture of a request's Accept-Language, or null (then English).</summary>
    public static ProviderCultureResult? FromAcceptLanguage(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var ranges) && Match(ranges) is { } culture
            ? new ProviderCultureResult(culture)
            : null;
    }

    /// <summary>
    /// The supported culture the ranges of an Accept-Language ask for, by quality (the order given
    /// among equals; q=0 refused). English is any <c>en</c>; zh-CN is any Simplified Chinese: <c>zh</c>,
    /// <c>zh-CN</c>, <c>zh-SG</c>, <c>zh-Hans</c> and its regions. Traditional Chinese (<c>zh-TW</c>,
    /// <c>zh-HK</c>, <c>zh-MO</c>, <c>zh-Hant…</c>) gets zh-CN only when no range asks for a language the UI
    /// has: its readers read Simplified Chinese more readily than English, but a browser that also
    /// accepts English (<c>zh-TW, en;q=0.8</c>) gets English, which it did ask for.
    /// </summary>
    public static string? Match(IEnumerable<StringWithQualityHeaderValue> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var wanted = ranges.Where(r => (r.Quality ?? 1) > 0).Select((r, i) => (Tag: r.Value.Value ?? "", Quality: r.Quality ?? 1, Order: i))
            .OrderByDescending(r => r.Quality).ThenBy(r => r.Order).Select(r => r.Tag.ToLowerInvariant()).ToList();
        return wanted.Select(Direct).FirstOrDefault(c => c is not null)
            ?? (wanted.Any(IsTraditionalChinese) ? "zh-CN" : null);
    }

    private static string? Direct(string tag) =>
        Is(tag, "en") ? "en" : tag is "zh" or "zh-cn" or "zh-sg" || Is(tag, "zh-hans") ? "zh-CN" : null;

    private static bool IsTraditionalChinese(string tag) => tag is "zh-tw" or "zh-hk" or "zh-mo" || Is(tag, "zh-hant");

    // A tag is a language range or one of its subtags (en-GB is en).
    private static bool Is(string tag, string range) => tag == range || tag.StartsWith(range + "-", StringComparison.Ordinal);

    /// <summary>The URL of the current page in another language (the switch's link).</summary>
    public static string SwitchUrl(HttpRequest request, string culture)
    {
        var query = QueryString.Create(request.Query.Where(q => q.Key != Parameter).Append(new(Parameter, culture)));
        return request.PathBase + request.Path + query;
    }

    /// <summary>Remembers a switch's choice and sends the browser back to the page without it.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || request.Query[Parameter] is not [{ } culture] || !UiText.Cultures.Contains(culture))
        {
            return next(context);
        }

        context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = request.IsHttps, Path = "/" });
        var rest = QueryString.Create(request.Query.Where(q => q.Key != Parameter));
        context.Response.Redirect(request.PathBase + request.Path + rest);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        return Task.CompletedTask;
    }
}
