using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PlatformWatch.Api.Pages;

/// <summary>What a page says when something is missing, refused or broken.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    /// <summary>The status code.</summary>
    [BindProperty(SupportsGet = true)]
    public int Code { get; set; }

    /// <summary>The heading.</summary>
    public string Title => Code switch
    {
        404 => "Not found",
        403 => "Not allowed",
        429 => "Too many requests",
        _ => "Something went wrong",
    };

    /// <summary>The explanation.</summary>
    public string Message => Code switch
    {
        404 => "There is nothing here, or nothing you may see.",
        403 => "Your role may not open this page or take this action.",
        429 => "Too many requests with this key in the last minute. Wait a moment and try again.",
        _ => "The request could not be completed. Try again; if it keeps failing, tell the operators.",
    };

    /// <summary>
    /// The page: re-executed for a failed request, with that request's status code; asked for
    /// directly, only the pages the site sends people to (403, where a refused session is sent; 404)
    /// exist, and any other code is not found: nobody gets a 5xx (or a 200) by asking for one.
    /// </summary>
    public void OnGet()
    {
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null && Code is not (StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound))
        {
            Code = StatusCodes.Status404NotFound;
        }

        Response.StatusCode = Code;
    }

    /// <summary>The same for a form that failed.</summary>
    public void OnPost() => OnGet();
}
