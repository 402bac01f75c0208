using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;

namespace PlatformWatch.Api.Pages.Portal;

/// <summary>A decision served on the platform. Another platform's decision, or one not served, is "not found", exactly as in the API.</summary>
[Authorize(Policy = Policies.Platform)]
public sealed class DecisionModel(DecisionService decisions, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The decision id from the address.</summary>
    [BindProperty(SupportsGet = true)]
    public string DecisionId { get; set; } = "";

    /// <summary>The decision.</summary>
    public Decision Decision { get; private set; } = null!;

    /// <summary>The decision.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var served = await decisions.ServedAsync(Me.AsActor(), DecisionId, HttpContext.RequestAborted);
        if (!served.IsOk)
        {
            return NotFound();
        }

        Decision = served.Value!;
        return Page();
    }
}
