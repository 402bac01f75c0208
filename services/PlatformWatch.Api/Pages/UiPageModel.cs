using Microsoft.AspNetCore.Mvc.RazorPages;
using PlatformWatch.Api.Security;

namespace PlatformWatch.Api.Pages;

/// <summary>What every page knows: who is signed in, and the time now.</summary>
public abstract class UiPageModel(TimeProvider clock) : PageModel
{
    /// <summary>The signed-in caller.</summary>
    public Caller Me => Caller.From(User);

    /// <summary>The time of this request.</summary>
    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    /// <summary>Refusals of the request's input, by field, shown beside the form.</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>A message shown once on the next page.</summary>
    protected void Flash(string message) => TempData["Flash"] = message;
}
