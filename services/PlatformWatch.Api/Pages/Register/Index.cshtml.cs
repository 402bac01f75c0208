using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Application;

namespace PlatformWatch.Api.Pages.Register;

/// <summary>The public register: every served decision in its redacted form, newest first; no sign-in.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class IndexModel(RegisterService register, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The register.</summary>
    public PublicRegister Register { get; private set; } = null!;

    /// <summary>The list.</summary>
    public async Task OnGetAsync() => Register = await register.ReadAsync(HttpContext.RequestAborted);
}
