using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PlatformWatch.Application;
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

    /// <summary>
    /// A service's outcome for a form: done (the flash, then back to <paramref name="back"/>), not
    /// found, forbidden, or null with the refusal kept under <paramref name="field"/> to show with the form.
    /// </summary>
    protected IActionResult? Settle<T>(Outcome<T> outcome, string field, Func<T, string> done, string back)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(done);
        switch (outcome.Kind)
        {
            case OutcomeKind.Ok:
                Flash(done(outcome.Value!));
                return LocalRedirect(back);
            case OutcomeKind.NotFound:
                return NotFound();
            case OutcomeKind.Forbidden:
                return Forbid();
            default:
                Errors[field] = [outcome.Reason];
                return null;
        }
    }
}
