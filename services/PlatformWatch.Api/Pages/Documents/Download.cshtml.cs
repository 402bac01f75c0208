using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PlatformWatch.Api.Endpoints;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;

namespace PlatformWatch.Api.Pages.Documents;

/// <summary>
/// A document downloaded from the pages (the case page, the portal) with the session: the same
/// checks and answers as <c>GET /api/v1/documents/{id}</c> (an attachment with <c>nosniff</c>;
/// another platform's or another authority's is not found; a stored file that no longer matches
/// its SHA-256 is refused with 409 and logged).
/// </summary>
[Authorize(Policy = Policies.AnyCaller)]
public sealed partial class DownloadModel(DocumentService documents, ILogger<DownloadModel> logger) : PageModel
{
    /// <summary>The document id from the address.</summary>
    [BindProperty(SupportsGet = true)]
    public string DocumentId { get; set; } = "";

    /// <summary>The file, or the status page.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var actor = Caller.From(User).AsActor();
        var found = await documents.DownloadAsync(actor, DocumentId, HttpContext.RequestAborted);
        switch (found.Kind)
        {
            case OutcomeKind.Ok:
                DocumentEndpoints.AttachmentHeaders(Response);
                return File(found.Value!.Content, found.Value.Document.MediaType, found.Value.Document.Name);
            case OutcomeKind.NotFound:
                return NotFound();
            case OutcomeKind.Forbidden:
                return Forbid();
            default:
                Refused(logger, DocumentId, actor.Name, found.Logged);
                return StatusCode(StatusCodes.Status409Conflict);
        }
    }

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Document {DocumentId} was not served to {Actor} (page): {Reason}")]
    private static partial void Refused(ILogger logger, string documentId, string actor, string reason);
}
