using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages;

/// <summary>Sign in with an API key; a session cookie then carries its role and platform.</summary>
[AllowAnonymous]
public sealed class SignInModel(KeyService keys, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>Where to go once signed in (a local address only).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Whether the user has just signed out.</summary>
    [BindProperty(SupportsGet = true)]
    public bool SignedOut { get; set; }

    /// <summary>Why signing in failed.</summary>
    public string? Error { get; private set; }

    /// <summary>The form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Checks the key and opens the session.</summary>
    public async Task<IActionResult> OnPostAsync([FromForm] string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            Error = DisplayText.Get("signin.enterKey");
            return Page();
        }

        var record = await UiSession.SignInAsync(HttpContext, keys, key);
        if (record is null)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Error = DisplayText.Get("signin.unknownKey");
            return Page();
        }

        if (ReturnUrl is { Length: > 0 } back && Url.IsLocalUrl(back))
        {
            return LocalRedirect(back);
        }

        return LocalRedirect(ApiRoles.IsRegulator(record.Role) ? "/" : "/portal");
    }
}
