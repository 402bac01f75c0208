using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The DMA sample's report case with business secrets (with the authorities of
/// <c>authorities.json</c>): bazaarly files an Art. 11 report lacking a required section, with its
/// <c>measures</c> section marked as a business secret, and answers the notice on that case with an
/// answer marked as one, carrying a document. Owned by the DMA unit; a supervisor key for each
/// authority asked.
/// </summary>
internal sealed record SecretReportCase(string CaseId, string NoticeId, string ReportEventId, string Owner, IReadOnlyDictionary<string, string> Supervisors)
{
    /// <summary>Files the report and the answer; supervisors of the owner and of <paramref name="authorities"/>.</summary>
    public static async Task<SecretReportCase> FileAsync(ApiWorld world, string reportId, string secretSection, string openSection, string secretAnswer, object document, params string[] authorities)
    {
        ArgumentNullException.ThrowIfNull(world);
        using var platform = world.Client(ApiRoles.Platform);
        using var filed = await platform.PostAsJsonAsync("/api/v1/platform/reports", new JsonObject
        {
            ["reportId"] = reportId,
            ["jurisdiction"] = "EU",
            ["reportType"] = "dma-art11-compliance",
            ["periodStart"] = "2025-03-07",
            ["periodEnd"] = "2026-03-06",
            ["sections"] = new JsonObject { ["measures"] = secretSection, ["data-portability"] = openSection },
            ["businessSecretSections"] = new JsonArray("measures"),
        });
        Assert.That(filed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await filed.Content.ReadAsStringAsync());
        var reportEventId = (await filed.Content.ReadFromJsonAsync<JsonObject>())!["eventId"]!.GetValue<string>();
        Assert.That(await world.WaitForEventAsync(reportEventId, TimeSpan.FromSeconds(30)), Is.True, "the report is processed");

        // The report lacks a required section: the sections rule puts it in evidence on the DMA-11 case.
        var finding = (await world.Store.Findings.ListAsync(new FindingQuery { PlatformId = ApiWorld.PlatformA, RuleId = "DMA-11-SECTIONS", Limit = 100 }))
            .Single(f => f.EvidenceEventIds.Contains(reportEventId));
        var caseId = finding.CaseId!;
        var noticeId = caseId == world.CaseA ? world.NoticeA : (await world.NoticeToAsync(ApiWorld.PlatformA, caseId)).NoticeId;
        using var answered = await platform.PostAsJsonAsync($"/api/v1/platform/notices/{noticeId}/responses", new
        {
            text = secretAnswer,
            businessSecret = true,
            documents = new[] { document },
        });
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await answered.Content.ReadAsStringAsync());

        var owner = (await world.Store.Cases.GetAsync(caseId))!.Case.OwnerAuthorityId;
        var supervisors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var authority in authorities.Prepend(owner))
        {
            supervisors[authority] = (await world.Store.Keys.CreateApiKeyAsync("supervisor of " + authority, ApiRoles.RegulatorSupervisor, null, authority, "test")).Token;
        }

        return new SecretReportCase(caseId, noticeId, reportEventId, owner, supervisors);
    }
}
