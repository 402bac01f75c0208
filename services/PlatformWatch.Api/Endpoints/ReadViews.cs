using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Endpoints;

/// <summary>The caller: its role, its platform (platform credentials) and who it is in the audit trail.</summary>
internal sealed record MeView(string Role, string? PlatformId, string Actor);

/// <summary>The rule profiles in force and the hash of the set.</summary>
internal sealed record ProfilesView(string Hash, IReadOnlyList<ProfileView> Items);

/// <summary>A rule profile: its jurisdictions, content hash and how many rules and designations it holds.</summary>
internal sealed record ProfileView(string Id, string Title, string TitleZh, IReadOnlyList<string> Jurisdictions, bool EveryJurisdiction, string ContentHash, int Rules, int Designations);

/// <summary>When a profile was put in force, by whom, with its content hash.</summary>
internal sealed record ActivationView(string ProfileId, string ContentHash, string SetHash, string Reason, string ActivatedBy, string ActivatedAt);

/// <summary>A rule with its latest legal basis.</summary>
internal record RuleSummaryView(string Id, string Type, int Version, string Severity, string Family, string Profile, bool Enabled, LawView? LegalBasis);

/// <summary>A rule in full: its summary, the test of its type with the parameters, and every legal version.</summary>
internal sealed record RuleView : RuleSummaryView
{
    public RuleView(RuleSummaryView summary)
        : base(summary)
    {
    }

    public required string Summary { get; init; }

    /// <summary>The test of the rule's type (absent for a type the catalogue does not describe).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Test { get; init; }

    /// <summary>The type's parameters with this rule's values (absent with the test).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RuleParameterView>? Parameters { get; init; }

    public required IReadOnlyList<LawView> Law { get; init; }

    public required IReadOnlyList<LawView> WhenDominant { get; init; }
}

/// <summary>A parameter of a rule: what it means, its value (text, list or money), and whether it is a policy choice.</summary>
internal sealed record RuleParameterView(string Name, string Meaning, JsonNode? Value, bool Policy);

/// <summary>A version of a rule's legal basis, in force from and to (null: open-ended), with the provisions applied beside it.</summary>
internal sealed record LawView(string Name, string Instrument, string Article, string? Quote, string? Link, string? InForceFrom, string? InForceTo, IReadOnlyList<LawView> Also);

/// <summary>A market's structure per metric and period.</summary>
internal sealed record MarketView(string MarketId, IReadOnlyList<string> Jurisdictions, IReadOnlyList<MetricView> Metrics);

/// <summary>One metric's periods.</summary>
internal sealed record MetricView(string Metric, IReadOnlyList<MarketPeriodView> Periods);

/// <summary>
/// One period: the shares that count, the known coverage and remainder, HHI and CR3/CR4. The
/// figures are exact: a JSON number when decimal, else the text <c>n/d</c>.
/// </summary>
internal sealed record MarketPeriodView(
    string PeriodStart, string PeriodEnd, IReadOnlyList<MarketShareView> Shares, JsonNode Known, JsonNode Remainder, JsonNode Hhi, JsonNode Cr3, JsonNode Cr4);

/// <summary>A platform's share that counts, with the figures of other kinds of source it outranks.</summary>
internal sealed record MarketShareView(string PlatformId, decimal Share, string EventId, string Source, string SourceKind, IReadOnlyList<OutrankedShare> Outranks);

/// <summary>A figure outranked by the source precedence.</summary>
internal sealed record OutrankedShare(decimal Share, string EventId, string Source, string SourceKind);

/// <summary>A finding in the export, with the source and submitter of each evidence event.</summary>
internal sealed record ExportedFinding : FindingDocument
{
    [SetsRequiredMembers]
    public ExportedFinding(FindingDocument finding, IReadOnlyList<EvidenceOrigin> evidence)
        : base(finding)
    {
        Evidence = evidence;
    }

    public IReadOnlyList<EvidenceOrigin> Evidence { get; init; }
}

/// <summary>Where an evidence event came from.</summary>
internal sealed record EvidenceOrigin(string EventId, string? Source, string? Submitter);
