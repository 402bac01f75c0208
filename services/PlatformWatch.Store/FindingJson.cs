using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Store;

/// <summary>
/// A finding as the command line and the API show it (CONTRACTS.md, "Findings as the CLI prints
/// them"): every field, with nulls where a field does not apply.
/// </summary>
public static class FindingJson
{
    /// <summary>The typed document of one finding (what the API answers with).</summary>
    public static FindingDocument Document(StoredFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new FindingDocument
        {
            FindingId = finding.FindingId,
            RuleId = finding.RuleId,
            RuleVersion = finding.RuleVersion,
            ProfileId = finding.ProfileId,
            ProfileHash = finding.ProfileHash,
            PlatformId = finding.PlatformId,
            MarketId = finding.MarketId,
            PeriodStart = Date(finding.PeriodStart),
            PeriodEnd = Date(finding.PeriodEnd),
            EstablishedFrom = Date(finding.EstablishedFrom),
            EstablishedTo = Date(finding.EstablishedTo),
            Severity = finding.Severity,
            Status = finding.Status,
            CaseId = finding.CaseId,
            Measured = JsonNode.Parse(finding.Measured),
            Threshold = JsonNode.Parse(finding.Threshold),
            EvidenceEventIds = JsonSerializer.Deserialize<IReadOnlyList<string>>(finding.Evidence) ?? [],
            LegalBasis = JsonNode.Parse(finding.LegalBasis),
            RaisedAt = finding.RaisedAt.ToString("O", CultureInfo.InvariantCulture),
            UpdatedAt = finding.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
            Revision = finding.Revision,
        };
    }

    /// <summary>The JSON object of one finding.</summary>
    public static JsonObject Of(StoredFinding finding) => JsonSerializer.SerializeToNode(Document(finding), ContractJson.Options)!.AsObject();

    /// <summary>A date as the contracts write it.</summary>
    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A finding as the command line prints it and the API answers with it.</summary>
public record FindingDocument
{
    /// <summary>Stable id derived from the finding's key.</summary>
    public required string FindingId { get; init; }
    /// <summary>The rule.</summary>
    public required string RuleId { get; init; }
    /// <summary>The version of the rule's definition.</summary>
    public required int RuleVersion { get; init; }
    /// <summary>The profile the rule came from.</summary>
    public required string ProfileId { get; init; }
    /// <summary>That profile's content hash when the finding was last evaluated.</summary>
    public required string ProfileHash { get; init; }
    /// <summary>The platform, or null for a market-level finding.</summary>
    public required string? PlatformId { get; init; }
    /// <summary>The market, if any.</summary>
    public required string? MarketId { get; init; }
    /// <summary>First day of the period (yyyy-MM-dd).</summary>
    public required string PeriodStart { get; init; }
    /// <summary>Last day of the period.</summary>
    public required string PeriodEnd { get; init; }
    /// <summary>First day on which the law was in force and every condition held.</summary>
    public required string EstablishedFrom { get; init; }
    /// <summary>Last such day.</summary>
    public required string EstablishedTo { get; init; }
    /// <summary><c>critical</c>, <c>high</c>, <c>medium</c> or <c>info</c>.</summary>
    public required string Severity { get; init; }
    /// <summary><c>active</c> or <c>withdrawn</c>.</summary>
    public required string Status { get; init; }
    /// <summary>The case it belongs to.</summary>
    public required string? CaseId { get; init; }
    /// <summary>What was measured, per rule type.</summary>
    public required JsonNode? Measured { get; init; }
    /// <summary>The thresholds it was measured against.</summary>
    public required JsonNode? Threshold { get; init; }
    /// <summary>The events it rests on.</summary>
    public required IReadOnlyList<string> EvidenceEventIds { get; init; }
    /// <summary>The law applied: citation, quote, link.</summary>
    public required JsonNode? LegalBasis { get; init; }
    /// <summary>When it was first raised (ISO 8601).</summary>
    public required string RaisedAt { get; init; }
    /// <summary>When it last changed.</summary>
    public required string UpdatedAt { get; init; }
    /// <summary>How many times it changed.</summary>
    public required int Revision { get; init; }
}
