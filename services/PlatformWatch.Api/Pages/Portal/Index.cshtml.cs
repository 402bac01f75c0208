using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using PlatformWatch.Api.Security;
using PlatformWatch.Contracts;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages.Portal;

/// <summary>A platform's start page: the notices addressed to it and the reports it filed.</summary>
[Authorize(Policy = Policies.Platform)]
public sealed class IndexModel(CaseStore store, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The platform's notices, newest first.</summary>
    public IReadOnlyList<NoticeRecord> Notices { get; private set; } = [];

    /// <summary>The platform's reports as processed.</summary>
    public IReadOnlyList<JsonObject> Reports { get; private set; } = [];

    /// <summary>The page.</summary>
    public async Task OnGetAsync()
    {
        var platform = Me.PlatformId!;
        Notices = (await store.Cases.ListNoticesAsync(platformId: platform, ct: HttpContext.RequestAborted)).OrderByDescending(n => n.IssuedAt).ToList();
        Reports = (await store.Ingestion.ListPlatformEventsAsync(platform, nameof(SelfRegulationReportSubmitted), HttpContext.RequestAborted))
            .Select(r => JsonNode.Parse(r.Payload) as JsonObject).OfType<JsonObject>().ToList();
    }
}
