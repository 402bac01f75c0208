using System.Globalization;
using System.Text.Json.Nodes;

namespace PlatformWatch.Store;

/// <summary>
/// A finding as the command line and the API show it (CONTRACTS.md, "Findings as the CLI prints
/// them"): every field, with nulls where a field does not apply.
/// </summary>
public static class FindingJson
{
    /// <summary>The JSON object of one finding.</summary>
    public static JsonObject Of(StoredFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new JsonObject
        {
            ["findingId"] = finding.FindingId,
            ["ruleId"] = finding.RuleId,
            ["ruleVersion"] = finding.RuleVersion,
            ["profileId"] = finding.ProfileId,
            ["profileHash"] = finding.ProfileHash,
            ["platformId"] = finding.PlatformId,
            ["marketId"] = finding.MarketId,
            ["periodStart"] = Date(finding.PeriodStart),
            ["periodEnd"] = Date(finding.PeriodEnd),
            ["establishedFrom"] = Date(finding.EstablishedFrom),
            ["establishedTo"] = Date(finding.EstablishedTo),
            ["severity"] = finding.Severity,
            ["status"] = finding.Status,
            ["caseId"] = finding.CaseId,
            ["measured"] = JsonNode.Parse(finding.Measured),
            ["threshold"] = JsonNode.Parse(finding.Threshold),
            ["evidenceEventIds"] = JsonNode.Parse(finding.Evidence),
            ["legalBasis"] = JsonNode.Parse(finding.LegalBasis),
            ["raisedAt"] = finding.RaisedAt.ToString("O", CultureInfo.InvariantCulture),
            ["updatedAt"] = finding.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["revision"] = finding.Revision,
        };
    }

    /// <summary>A date as the contracts write it.</summary>
    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
