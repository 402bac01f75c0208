using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PlatformWatch.Api.Ui;

namespace PlatformWatch.Api.Pages;

/// <summary>Ends the session (a form POST, so another site cannot sign a user out by a link).</summary>
[AllowAnonymous]
public sealed class SignOutModel : PageModel
{
    /// <summary>Back to the sign-in form.</summary>
    public IActionResult OnGet() => LocalRedirect("/signin");

    /// <summary>Signs out.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(UiSession.Scheme);
        return LocalRedirect("/signin?signedOut=true");
    }
}
