using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Endpoints;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages.Portal;

/// <summary>
/// A notice as its platform sees it, and the form to answer it. Another platform's notice is
/// "not found", exactly as in the API.
/// </summary>
[Authorize(Policy = Policies.Platform)]
public sealed class NoticeModel(PlatformService platforms, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The notice id from the address.</summary>
    [BindProperty(SupportsGet = true)]
    public string NoticeId { get; set; } = "";

    /// <summary>The notice, its findings in the platform's view and the comments shared with the platform.</summary>
    public PlatformNotice Notice { get; private set; } = null!;

    /// <summary>The answer typed so far (kept when it was refused).</summary>
    public string AnswerText { get; private set; } = "";

    /// <summary>Whether the answer being typed is marked a business secret (kept when it was refused).</summary>
    public bool AnswerIsSecret { get; private set; }

    /// <summary>Whether the notice can still be answered.</summary>
    public bool Open => Notice.Detail.Notice.Status == NoticeStatus.AwaitingResponse && Notice.Detail.Notice.ResponseDueAt >= Now;

    /// <summary>The notice.</summary>
    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    /// <summary>Answers the notice: text, the metadata of documents (name, type, size, SHA-256) one per line, and whether it is a business secret.</summary>
    public async Task<IActionResult> OnPostAsync([FromForm] string? text, [FromForm] string? documents, [FromForm] bool businessSecret = false)
    {
        AnswerText = text ?? "";
        AnswerIsSecret = businessSecret;
        var docs = new List<PlatformEndpoints.DocumentRequest>();
        var lines = (documents ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length != 4 || !long.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
            {
                Errors[$"documents[{i}]"] = ["write each document as: name; media type; size in bytes; SHA-256"];
                continue;
            }

            docs.Add(new PlatformEndpoints.DocumentRequest(parts[0], parts[1], size, parts[3]));
        }

        new PlatformEndpoints.AnswerRequest(AnswerText, docs, businessSecret).Validate(Errors);
        if (Errors.Count == 0)
        {
            var answered = await platforms.AnswerNoticeAsync(Me.AsActor(), NoticeId, AnswerText, new PlatformEndpoints.AnswerRequest(AnswerText, docs).DocumentsMeta(), businessSecret, HttpContext.RequestAborted);
            switch (answered.Kind)
            {
                case OutcomeKind.Ok:
                    Flash("Your answer has been sent to the regulator.");
                    return LocalRedirect($"/portal/notices/{Uri.EscapeDataString(NoticeId)}");
                case OutcomeKind.NotFound:
                    return NotFound();
                case OutcomeKind.Forbidden:
                    return Forbid();
                default:
                    Errors["answer"] = [answered.Reason];
                    break;
            }
        }

        if (!await LoadAsync())
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var notice = await platforms.ReadNoticeAsync(Me.AsActor(), NoticeId, HttpContext.RequestAborted);
        Notice = notice.Value!;
        return notice.IsOk;
    }
}
