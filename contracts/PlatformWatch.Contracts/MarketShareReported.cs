namespace PlatformWatch.Contracts;

/// <summary>One platform's share of one relevant market in one period.</summary>
public sealed record MarketShareReported : IInboundEvent
{
    /// <inheritdoc />
    public required string EventId { get; init; }
    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }
    /// <inheritdoc />
    public required string Source { get; init; }

    /// <summary>Relevant market (product × geography), e.g. <c>cn-online-food-delivery</c>.</summary>
    public required string MarketId { get; init; }
    /// <summary><c>CN</c>, <c>EU</c>, …: which rule profile applies.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>First day of the period the share covers.</summary>
    public required DateOnly PeriodStart { get; init; }
    /// <summary>Last day of the period the share covers.</summary>
    public required DateOnly PeriodEnd { get; init; }
    /// <summary>The undertaking, at group level.</summary>
    public required string PlatformId { get; init; }
    /// <summary>What the share measures.</summary>
    public required ShareMetric Metric { get; init; }
    /// <summary>The share, in [0, 1].</summary>
    public required decimal Share { get; init; }
    /// <summary>The absolute figure behind the share, optional.</summary>
    public Figure? Value { get; init; }
}
