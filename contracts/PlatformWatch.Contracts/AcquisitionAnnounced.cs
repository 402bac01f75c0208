namespace PlatformWatch.Contracts;

/// <summary>A concentration: acquisition of control, merger, joint venture.</summary>
public sealed record AcquisitionAnnounced : IInboundEvent
{
    /// <inheritdoc />
    public required string EventId { get; init; }
    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }
    /// <inheritdoc />
    public required string Source { get; init; }

    /// <summary>The acquirer, at group level.</summary>
    public required string AcquirerId { get; init; }
    /// <summary>The target.</summary>
    public required string TargetId { get; init; }
    /// <summary>When the agreement was signed.</summary>
    public required DateOnly SignedAt { get; init; }
    /// <summary>When it closed or will close, optional.</summary>
    public DateOnly? ClosingAt { get; init; }
    /// <summary>Whether control is acquired.</summary>
    public required bool ControlAcquired { get; init; }
    /// <summary>A transaction inside one group (exempt from notification).</summary>
    public required bool IntraGroup { get; init; }
    /// <summary>The parties and their turnover in the previous financial year.</summary>
    public IReadOnlyList<AcquisitionParty> Parties { get; init; } = [];
    /// <summary>Notifications filed with authorities.</summary>
    public IReadOnlyList<MergerNotification> Notifications { get; init; } = [];
    /// <summary>The target's services, e.g. <c>online-intermediation</c>, <c>data-collection</c>.</summary>
    public IReadOnlyList<string> TargetServices { get; init; } = [];
    /// <summary>The target's market, optional (for ΔHHI).</summary>
    public string? TargetMarketId { get; init; }
    /// <summary>The acquirer's share of the target market, optional.</summary>
    public decimal? AcquirerShare { get; init; }
    /// <summary>The target's share of the target market, optional.</summary>
    public decimal? TargetShare { get; init; }
}

/// <summary>One party to a concentration, with its turnover of the previous financial year.</summary>
public sealed record AcquisitionParty
{
    /// <summary>The party, at group level.</summary>
    public required string PartyId { get; init; }
    /// <summary>Worldwide turnover; absent means not reported, never zero.</summary>
    public Money? TurnoverWorld { get; init; }
    /// <summary>Turnover in China; absent means not reported.</summary>
    public Money? TurnoverCn { get; init; }
    /// <summary>Turnover in the EU; absent means not reported.</summary>
    public Money? TurnoverEu { get; init; }
}

/// <summary>A notification of a concentration to an authority.</summary>
public sealed record MergerNotification
{
    /// <summary>e.g. <c>SAMR</c>, <c>EC-DMA-ART14</c>, <c>EC-EUMR</c>.</summary>
    public required string Authority { get; init; }
    /// <summary>When it was filed, optional.</summary>
    public DateOnly? FiledAt { get; init; }
    /// <summary>When it was cleared, optional.</summary>
    public DateOnly? ClearedAt { get; init; }
}
