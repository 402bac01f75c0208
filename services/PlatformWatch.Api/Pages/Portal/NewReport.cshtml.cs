using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Endpoints;
using PlatformWatch.Api.Security;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Api.Pages.Portal;

/// <summary>
/// Filing a self-regulation report from a form: the form becomes the same JSON body the API takes
/// and goes through the same checks (<see cref="PlatformEndpoints.PrepareReport"/>), so what the
/// portal accepts the API accepts and the other way round.
/// </summary>
[Authorize(Policy = Policies.Platform)]
public sealed class NewReportModel(EventPublisher publisher, IngestService ingest, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>Rows for sections and claims on the form.</summary>
    public const int Rows = 5;

    /// <summary>The report types of the contract.</summary>
    public static IReadOnlyList<string> ReportTypes { get; } = Enum.GetValues<ReportType>().Select(t => WireNames.Name(t)).ToList();

    /// <summary>The form as filled in.</summary>
    [BindProperty]
    public ReportForm Form { get; set; } = new();

    /// <summary>An empty form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Files the report.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var body = new JsonObject
        {
            ["reportId"] = Form.ReportId?.Trim(),
            ["jurisdiction"] = Form.Jurisdiction?.Trim(),
            ["reportType"] = Form.ReportType,
            ["periodStart"] = Form.PeriodStart?.Trim(),
            ["periodEnd"] = Form.PeriodEnd?.Trim(),
        };
        var sections = new JsonObject();
        var secret = new JsonArray();
        for (var i = 0; i < Rows; i++)
        {
            var (name, text) = (Form.SectionNames.ElementAtOrDefault(i)?.Trim(), Form.SectionTexts.ElementAtOrDefault(i)?.Trim());
            if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(text))
            {
                continue;
            }

            if (string.IsNullOrEmpty(name) || sections.ContainsKey(name))
            {
                Errors[$"sections[{i + 1}]"] = [string.IsNullOrEmpty(name) ? DisplayText.Get("report.error.sectionName") : DisplayText.Format("report.error.sectionTwice", name)];
                continue;
            }

            sections[name] = text ?? "";
            if (Form.SecretRows.Contains(i))
            {
                secret.Add(name);
            }
        }

        var claims = new JsonArray();
        for (var i = 0; i < Rows; i++)
        {
            var (obligation, assertion) = (Form.ClaimObligations.ElementAtOrDefault(i)?.Trim(), Form.ClaimAssertions.ElementAtOrDefault(i)?.Trim());
            if (!string.IsNullOrEmpty(obligation) || !string.IsNullOrEmpty(assertion))
            {
                claims.Add(new JsonObject { ["obligation"] = obligation, ["assertion"] = assertion });
            }
        }

        body["sections"] = sections;
        body["claims"] = claims;
        if (secret.Count > 0)
        {
            body["businessSecretSections"] = secret;
        }

        var (sourceId, refusal) = await ingest.PlatformSourceAsync(Me.AsActor(), HttpContext.RequestAborted);
        if (refusal is not null)
        {
            Errors[refusal.Field] = [refusal.Reason];
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        var draft = PlatformEndpoints.PrepareReport(body, Me, Now, sourceId);
        foreach (var (field, reasons) in draft.Errors)
        {
            Errors[field] = reasons;
        }

        if (Errors.Count > 0 || draft.Event is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            await publisher.PublishAsync([draft.Event], Me.Submitter, HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Errors["report"] = [DisplayText.Format("report.error.queue", e.Message)];
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        Flash(DisplayText.Format("report.flash.filed", Form.ReportId!.Trim()));
        return LocalRedirect("/portal");
    }
}

/// <summary>The report form's fields.</summary>
public sealed class ReportForm
{
    /// <summary>The platform's own id for the report.</summary>
    public string? ReportId { get; set; }

    /// <summary>e.g. CN, EU.</summary>
    public string? Jurisdiction { get; set; }

    /// <summary>One of the contract's report types.</summary>
    public string? ReportType { get; set; }

    /// <summary>yyyy-MM-dd.</summary>
    public string? PeriodStart { get; set; }

    /// <summary>yyyy-MM-dd.</summary>
    public string? PeriodEnd { get; set; }

    /// <summary>Section names, row by row.</summary>
    public List<string?> SectionNames { get; set; } = [];

    /// <summary>Section texts, row by row.</summary>
    public List<string?> SectionTexts { get; set; } = [];

    /// <summary>The rows (from 0) whose section is marked a business secret.</summary>
    public List<int> SecretRows { get; set; } = [];

    /// <summary>Claimed obligations, row by row.</summary>
    public List<string?> ClaimObligations { get; set; } = [];

    /// <summary>Assertions, row by row.</summary>
    public List<string?> ClaimAssertions { get; set; } = [];
}
