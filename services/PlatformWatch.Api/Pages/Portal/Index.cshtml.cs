using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Security;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages.Portal;

/// <summary>A platform's start page: the notices addressed to it, the decisions served on it and the reports it filed.</summary>
[Authorize(Policy = Policies.Platform)]
public sealed class IndexModel(PlatformService platforms, DecisionService decisions, DocumentService documents, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The decisions served on the platform, newest first.</summary>
    public IReadOnlyList<Decision> Decisions { get; private set; } = [];

    /// <summary>The platform's notices, newest first.</summary>
    public IReadOnlyList<NoticeRecord> Notices { get; private set; } = [];

    /// <summary>The platform's reports as processed.</summary>
    public IReadOnlyList<JsonObject> Reports { get; private set; } = [];

    /// <summary>The documents the platform attached to its reports.</summary>
    public IReadOnlyList<StoredDocument> ReportDocuments { get; private set; } = [];

    /// <summary>The documents of one report, to list.</summary>
    public IReadOnlyList<DocumentListing> DocumentsOf(string reportId) =>
        ReportDocuments.Where(d => d.OwnerId == DocumentService.ReportEventId(Me.PlatformId ?? "", reportId)).Select(d => new DocumentListing(d, Withheld: false)).ToList();

    /// <summary>The page.</summary>
    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Forbid();

    /// <summary>Attaches a file (multipart) to one of the platform's reports, marked a business secret or not.</summary>
    public async Task<IActionResult> OnPostAttachAsync([FromForm] string? reportId, IFormFile? file, [FromForm] bool businessSecret = false)
    {
        var form = await DocumentForm.ReadAsync(file, "reportId", reportId, documents, HttpContext.RequestAborted);
        form.Validate(Errors);
        if (Errors.Count == 0)
        {
            // A report not (yet) held is the form's error here, not a missing page.
            var attached = await documents.AttachToReportAsync(Me.AsActor(), form.OwnerId, form.Name, form.Content, businessSecret, HttpContext.RequestAborted);
            if (attached.Kind == OutcomeKind.NotFound)
            {
                Errors["reportId"] = [DisplayText.Format("portal.error.reportNotFound", attached.Reason)];
            }
            else if (Settle(attached, "file", d => DisplayText.Format("portal.flash.attached", d.Name, form.OwnerId), "/portal#reports") is { } settled)
            {
                return settled;
            }
        }

        if (!await LoadAsync())
        {
            return Forbid();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var me = Me.AsActor();
        var notices = await platforms.ListNoticesAsync(me, HttpContext.RequestAborted);
        var reports = await platforms.ListReportsAsync(me, HttpContext.RequestAborted);
        var served = await decisions.ServedAsync(me, HttpContext.RequestAborted);
        if (!notices.IsOk || !reports.IsOk || !served.IsOk)
        {
            return false;
        }

        Decisions = served.Value!;
        Notices = notices.Value!.OrderByDescending(n => n.IssuedAt).ToList();
        Reports = reports.Value!.Select(r => JsonNode.Parse(r.Payload) as JsonObject).OfType<JsonObject>().ToList();
        ReportDocuments = ((await documents.ListOfPlatformAsync(me, HttpContext.RequestAborted)).Value ?? []).Where(d => d.OwnerKind == DocumentOwner.Report).ToList();
        return true;
    }
}
