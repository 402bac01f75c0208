using Microsoft.AspNetCore.Localization;

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
        options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        return options;
    }

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
