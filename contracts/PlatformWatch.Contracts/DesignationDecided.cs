namespace PlatformWatch.Contracts;

/// <summary>A regulator's decision about a platform's status.</summary>
public sealed record DesignationDecided : IInboundEvent
{
    /// <inheritdoc />
    public required string EventId { get; init; }
    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }
    /// <inheritdoc />
    public required string Source { get; init; }

    /// <summary>The decision's id.</summary>
    public required string DesignationId { get; init; }
    /// <summary>The platform concerned.</summary>
    public required string PlatformId { get; init; }
    /// <summary>Which rule profile applies.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>What was decided.</summary>
    public required DesignationKind Kind { get; init; }
    /// <summary>The designated core platform services, optional.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];
    /// <summary>The market, for <c>dominant</c>.</summary>
    public string? MarketId { get; init; }
    /// <summary>When it was decided.</summary>
    public required DateOnly DecidedAt { get; init; }
    /// <summary>When obligations start to apply (DMA: six months after designation).</summary>
    public required DateOnly ObligationsFrom { get; init; }
    /// <summary>When the decision was revoked, optional.</summary>
    public DateOnly? RevokedAt { get; init; }
    /// <summary>e.g. <c>DMA Art. 3(4)</c>.</summary>
    public required string LegalBasis { get; init; }
}
