using System.Text.Json;

namespace PlatformWatch.Contracts;

/// <summary>A practice of a platform seen by monitoring, a complaint, an inspection or an investigation.</summary>
public sealed record ConductObserved : IInboundEvent
{
    /// <inheritdoc />
    public required string EventId { get; init; }
    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }
    /// <inheritdoc />
    public required string Source { get; init; }

    /// <summary>The undertaking, at group level.</summary>
    public required string PlatformId { get; init; }
    /// <summary>The relevant market, optional.</summary>
    public string? MarketId { get; init; }
    /// <summary>Which rule profile applies.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>The practice.</summary>
    public required ConductKind Conduct { get; init; }
    /// <summary>First day the practice was seen, optional.</summary>
    public DateOnly? ObservedFrom { get; init; }
    /// <summary>Last day the practice was seen, optional.</summary>
    public DateOnly? ObservedTo { get; init; }
    /// <summary>Who the practice is aimed at, optional.</summary>
    public Counterparty? Counterparty { get; init; }
    /// <summary>Merchants or users affected, optional.</summary>
    public long? AffectedCount { get; init; }
    /// <summary>Punitive measures used to enforce the practice.</summary>
    public IReadOnlyList<Enforcement> Enforcement { get; init; } = [];
    /// <summary>Inducements offered for it.</summary>
    public IReadOnlyList<Incentive> Incentives { get; init; } = [];
    /// <summary>Conduct-specific detail: string, number or boolean values.</summary>
    public IReadOnlyDictionary<string, JsonElement> Attributes { get; init; } = new Dictionary<string, JsonElement>();
    /// <summary>Documents, URLs, complaint ids.</summary>
    public IReadOnlyList<EvidenceItem> Evidence { get; init; } = [];
}

/// <summary>A piece of evidence behind an observation.</summary>
public sealed record EvidenceItem
{
    /// <summary>e.g. <c>complaint</c>, <c>document</c>, <c>url</c>.</summary>
    public required string Kind { get; init; }
    /// <summary>Where to find it.</summary>
    public required string Reference { get; init; }
    /// <summary>What it shows, optional.</summary>
    public string? Description { get; init; }
}
