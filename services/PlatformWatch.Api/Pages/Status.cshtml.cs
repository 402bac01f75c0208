using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PlatformWatch.Api.Ui;

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
    public string Title => DisplayText.Get(Key + ".title");

    /// <summary>The explanation.</summary>
    public string Message => DisplayText.Get(Key + ".message");

    // The texts of a code (error.404.title, error.404.message); any other code: error.other.
    private string Key => Code is 404 or 403 or 429 ? $"error.{Code}" : "error.other";

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
