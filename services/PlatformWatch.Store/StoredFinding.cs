using System.Text.Json;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Store;

/// <summary>A finding as the case database holds it.</summary>
public sealed record StoredFinding
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
    /// <summary>The rule family.</summary>
    public required string Family { get; init; }
    /// <summary>The platform, or null for a market-level finding.</summary>
    public string? PlatformId { get; init; }
    /// <summary>The market, if any.</summary>
    public string? MarketId { get; init; }
    /// <summary>First day of the period.</summary>
    public required DateOnly PeriodStart { get; init; }
    /// <summary>Last day of the period.</summary>
    public required DateOnly PeriodEnd { get; init; }
    /// <summary>First day on which the law was in force and every condition held.</summary>
    public required DateOnly EstablishedFrom { get; init; }
    /// <summary>Last such day.</summary>
    public required DateOnly EstablishedTo { get; init; }
    /// <summary><c>critical</c>, <c>high</c>, <c>medium</c> or <c>info</c>.</summary>
    public required string Severity { get; init; }
    /// <summary><c>active</c>, or <c>withdrawn</c> when later evidence no longer supports it.</summary>
    public required string Status { get; init; }
    /// <summary>The law applied (JSON of <see cref="LegalCitation"/>).</summary>
    public required string LegalBasis { get; init; }
    /// <summary>Measured values (JSON).</summary>
    public required string Measured { get; init; }
    /// <summary>Thresholds compared with (JSON).</summary>
    public required string Threshold { get; init; }
    /// <summary>Evidence event ids (JSON array).</summary>
    public required string Evidence { get; init; }
    /// <summary>The subject whose evaluation produced it.</summary>
    public required string Subject { get; init; }
    /// <summary>The case it belongs to; null for info-level findings, which open no case.</summary>
    public string? CaseId { get; init; }
    /// <summary>When it was (last) raised.</summary>
    public required DateTimeOffset RaisedAt { get; init; }
    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>How many times it changed.</summary>
    public required int Revision { get; init; }

    /// <summary>True when the finding is in force.</summary>
    public bool IsActive => Status == FindingStatus.Active;

    /// <summary>The evidence ids.</summary>
    public IReadOnlyList<string> EvidenceEventIds => JsonSerializer.Deserialize<string[]>(Evidence) ?? [];

    /// <summary>
    /// The message published when the finding is raised. With the engine's <paramref name="derived"/>
    /// finding at hand (the unit of work that raised it), its law and evidence are taken as they are,
    /// not read back from the row's JSON.
    /// </summary>
    public FindingRaised ToFindingRaised(FindingDraft? derived = null) => new()
    {
        FindingId = FindingId,
        RuleId = RuleId,
        RuleVersion = RuleVersion,
        ProfileId = ProfileId,
        PlatformId = PlatformId,
        MarketId = MarketId,
        PeriodStart = PeriodStart,
        PeriodEnd = PeriodEnd,
        Severity = derived?.Severity ?? WireNames.Parse<Severity>(Severity) ?? Contracts.Severity.Info,
        LegalBasis = derived?.Law ?? JsonSerializer.Deserialize<LegalCitation>(LegalBasis, ContractJson.Options)!,
        Measured = JsonSerializer.Deserialize<JsonElement>(Measured),
        Threshold = JsonSerializer.Deserialize<JsonElement>(Threshold),
        EvidenceEventIds = derived?.Evidence ?? EvidenceEventIds,
        CaseId = CaseId,
        RaisedAt = RaisedAt,
        Revision = Revision,
    };

    /// <summary>The message published when an active finding changes (with the engine's finding at hand, as <see cref="ToFindingRaised"/>).</summary>
    public FindingUpdated ToFindingUpdated(FindingDraft? derived = null)
    {
        var raised = ToFindingRaised(derived);
        return new FindingUpdated
        {
            FindingId = raised.FindingId,
            Revision = raised.Revision,
            RuleId = raised.RuleId,
            RuleVersion = raised.RuleVersion,
            ProfileId = raised.ProfileId,
            PlatformId = raised.PlatformId,
            MarketId = raised.MarketId,
            PeriodStart = raised.PeriodStart,
            PeriodEnd = raised.PeriodEnd,
            Severity = raised.Severity,
            LegalBasis = raised.LegalBasis,
            Measured = raised.Measured,
            Threshold = raised.Threshold,
            EvidenceEventIds = raised.EvidenceEventIds,
            CaseId = raised.CaseId,
            RaisedAt = raised.RaisedAt,
            UpdatedAt = UpdatedAt,
        };
    }

    /// <summary>The message published when the finding is withdrawn.</summary>
    public FindingWithdrawn ToFindingWithdrawn() => new()
    {
        FindingId = FindingId,
        Revision = Revision,
        RuleId = RuleId,
        PlatformId = PlatformId,
        MarketId = MarketId,
        PeriodStart = PeriodStart,
        PeriodEnd = PeriodEnd,
        CaseId = CaseId,
        WithdrawnAt = UpdatedAt,
    };
}

/// <summary>The statuses of a stored finding.</summary>
public static class FindingStatus
{
    /// <summary>In force.</summary>
    public const string Active = "active";

    /// <summary>No longer supported by the evidence (kept for the record).</summary>
    public const string Withdrawn = "withdrawn";
}

/// <summary>What happened to a finding in a unit of work.</summary>
public enum FindingChangeKind
{
    /// <summary>New, or active again after a withdrawal.</summary>
    Raised,
    /// <summary>Still active, with new evidence or measurements.</summary>
    Updated,
    /// <summary>No longer supported by the evidence.</summary>
    Withdrawn,
}

/// <summary>
/// A change to a finding: the row as stored and, when the engine derived it in this unit of work
/// (raised or updated), the engine's typed finding, so the announcement and the log take the law and
/// evidence from it instead of the row's JSON.
/// </summary>
public sealed record FindingChange(FindingChangeKind Kind, StoredFinding Finding, FindingDraft? Derived = null);

/// <summary>A case opened in a unit of work.</summary>
public sealed record OpenedCase(string CaseId, string? PlatformId, string Family, string? MarketId, DateTimeOffset OpenedAt);
