using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages.Portal;

/// <summary>A platform's start page: the notices addressed to it, the decisions served on it and the reports it filed.</summary>
[Authorize(Policy = Policies.Platform)]
public sealed class IndexModel(PlatformService platforms, DecisionService decisions, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The decisions served on the platform, newest first.</summary>
    public IReadOnlyList<Decision> Decisions { get; private set; } = [];

    /// <summary>The platform's notices, newest first.</summary>
    public IReadOnlyList<NoticeRecord> Notices { get; private set; } = [];

    /// <summary>The platform's reports as processed.</summary>
    public IReadOnlyList<JsonObject> Reports { get; private set; } = [];

    /// <summary>The page.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var me = Me.AsActor();
        var notices = await platforms.ListNoticesAsync(me, HttpContext.RequestAborted);
        var reports = await platforms.ListReportsAsync(me, HttpContext.RequestAborted);
        var served = await decisions.ServedAsync(me, HttpContext.RequestAborted);
        if (!notices.IsOk || !reports.IsOk || !served.IsOk)
        {
            return Forbid();
        }

        Decisions = served.Value!;
        Notices = notices.Value!.OrderByDescending(n => n.IssuedAt).ToList();
        Reports = reports.Value!.Select(r => JsonNode.Parse(r.Payload) as JsonObject).OfType<JsonObject>().ToList();
        return Page();
    }
}
