using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Application;

namespace PlatformWatch.Api.Pages.Register;

/// <summary>One publication of the public register; one withheld, withdrawn or never served is not found. No sign-in.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class PublicationModel(RegisterService register, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The decision id from the address.</summary>
    [BindProperty(SupportsGet = true)]
    public string DecisionId { get; set; } = "";

    /// <summary>The publication.</summary>
    public Publication Publication { get; private set; } = null!;

    /// <summary>The publication.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        if ((await register.ReadAsync(HttpContext.RequestAborted)).Publications.FirstOrDefault(p => p.DecisionId == DecisionId) is not { } found)
        {
            return NotFound();
        }

        Publication = found;
        return Page();
    }
}
