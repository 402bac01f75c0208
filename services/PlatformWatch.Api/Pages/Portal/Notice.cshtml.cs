using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Endpoints;
using PlatformWatch.Api.Security;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages.Portal;

/// <summary>
/// A notice as its platform sees it, and the form to answer it. Another platform's notice is
/// "not found", exactly as in the API.
/// </summary>
[Authorize(Policy = Policies.Platform)]
public sealed class NoticeModel(PlatformService platforms, DocumentService documents, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The notice id from the address.</summary>
    [BindProperty(SupportsGet = true)]
    public string NoticeId { get; set; } = "";

    /// <summary>The notice, its findings in the platform's view and the comments shared with the platform.</summary>
    public PlatformNotice Notice { get; private set; } = null!;

    /// <summary>The documents of the notice and of the platform's answers to it.</summary>
    public IReadOnlyList<StoredDocument> Documents { get; private set; } = [];

    /// <summary>The documents one record (the notice, an answer) owns, to list.</summary>
    public IReadOnlyList<DocumentListing> DocumentsOf(string ownerKind, string ownerId) =>
        Documents.Where(d => d.OwnerKind == ownerKind && d.OwnerId == ownerId).Select(d => new DocumentListing(d, Withheld: false)).ToList();

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
                Errors[$"documents[{i}]"] = [DisplayText.Get("notice.error.document")];
                continue;
            }

            docs.Add(new PlatformEndpoints.DocumentRequest(parts[0], parts[1], size, parts[3]));
        }

        new PlatformEndpoints.AnswerRequest(AnswerText, docs, businessSecret).Validate(Errors);
        if (Errors.Count == 0)
        {
            var answered = await platforms.AnswerNoticeAsync(Me.AsActor(), NoticeId, AnswerText, new PlatformEndpoints.AnswerRequest(AnswerText, docs).DocumentsMeta(), businessSecret, HttpContext.RequestAborted);
            if (Settle(answered, "answer", _ => DisplayText.Get("notice.flash.answered"), $"/portal/notices/{Uri.EscapeDataString(NoticeId)}") is { } settled)
            {
                return settled;
            }
        }

        if (!await LoadAsync())
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Attaches a file (multipart) to one of the platform's answers to the notice, marked a business secret or not.</summary>
    public async Task<IActionResult> OnPostAttachAsync([FromForm] string? responseId, IFormFile? file, [FromForm] bool businessSecret = false)
    {
        // Another platform's notice is not found, whatever the form says.
        if (!await LoadAsync())
        {
            return NotFound();
        }

        var form = await DocumentForm.ReadAsync(file, "responseId", responseId, documents, HttpContext.RequestAborted);
        form.Validate(Errors);
        if (Errors.Count == 0)
        {
            var attached = await documents.AttachToResponseAsync(Me.AsActor(), NoticeId, form.OwnerId, form.Name, form.Content, businessSecret, HttpContext.RequestAborted);
            if (Settle(attached, "file", d => DisplayText.Format("notice.flash.attached", d.Name), $"/portal/notices/{Uri.EscapeDataString(NoticeId)}") is { } settled)
            {
                return settled;
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var me = Me.AsActor();
        var notice = await platforms.ReadNoticeAsync(me, NoticeId, HttpContext.RequestAborted);
        Notice = notice.Value!;
        if (notice.IsOk)
        {
            var answers = Notice.Detail.Responses.Select(r => r.ResponseId).ToHashSet(StringComparer.Ordinal);
            Documents = ((await documents.ListOfPlatformAsync(me, HttpContext.RequestAborted)).Value ?? [])
                .Where(d => (d.OwnerKind == DocumentOwner.Notice && d.OwnerId == NoticeId) || (d.OwnerKind == DocumentOwner.Response && answers.Contains(d.OwnerId))).ToList();
        }

        return notice.IsOk;
    }
}
