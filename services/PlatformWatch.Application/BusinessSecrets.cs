using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// What a platform marked as its business secrets: sections of its self-regulation reports
/// (<c>businessSecretSections</c>) and answers to notices. The owning authority's regulators see
/// them with the mark; an authority that reads the case through a grant (a share, or the read
/// access a referral leaves) sees the mark and not the content.
/// </summary>
public static class BusinessSecrets
{
    private const string Marked = "businessSecretSections";

    /// <summary>The sections an evidence event (a report) marks as business secrets; empty for any other event.</summary>
    public static IReadOnlyList<string> SectionsOf(EvidenceEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Type == nameof(SelfRegulationReportSubmitted) && JsonNode.Parse(e.Payload)?[Marked] is JsonArray names
            ? names.Select(n => n?.GetValue<string>()).OfType<string>().ToList()
            : [];
    }

    /// <summary>The event with the text of each marked section left out (null); the mark stays.</summary>
    public static EvidenceEvent Withhold(EvidenceEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var marked = SectionsOf(e);
        if (marked.Count == 0 || JsonNode.Parse(e.Payload) is not JsonObject payload || payload["sections"] is not JsonObject sections)
        {
            return e;
        }

        foreach (var name in marked.Where(sections.ContainsKey))
        {
            sections[name] = null;
        }

        return e with { Payload = payload.ToJsonString() };
    }

    /// <summary>The notice with the text and documents of each marked answer left out; the mark stays.</summary>
    public static NoticeDetail Withhold(NoticeDetail notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return notice with { Responses = notice.Responses.Select(r => r.BusinessSecret ? r with { Text = "", Documents = [] } : r).ToList() };
    }

    /// <summary>An audit entry about a document marked as a business secret (attached, refused) with only its id and the mark; any other entry as it is.</summary>
    public static AuditEntry Withhold(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Action is "document-attached" or "document-refused" && JsonNode.Parse(entry.Details) is JsonObject details && details["businessSecret"]?.GetValue<bool>() == true
            ? entry with { Details = new JsonObject { ["documentId"] = details["documentId"]?.DeepClone(), ["businessSecret"] = true, ["withheld"] = true }.ToJsonString() }
            : entry;
    }
}
