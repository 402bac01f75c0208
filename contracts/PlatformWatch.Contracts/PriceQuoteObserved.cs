namespace PlatformWatch.Contracts;

/// <summary>One price shown to one kind of user.</summary>
public sealed record PriceQuoteObserved : IInboundEvent
{
    /// <inheritdoc />
    public required string EventId { get; init; }
    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }
    /// <inheritdoc />
    public required string Source { get; init; }

    /// <summary>The undertaking, at group level.</summary>
    public required string PlatformId { get; init; }
    /// <summary>The relevant market.</summary>
    public required string MarketId { get; init; }
    /// <summary>Which rule profile applies.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Same product and options.</summary>
    public required string ProductId { get; init; }
    /// <summary>What must be equal to compare prices, e.g. <c>2026-03-01T12/shanghai/1</c>.</summary>
    public required string Bucket { get; init; }
    /// <summary>The user profile, e.g. <c>new-user</c>, <c>returning-ios</c>.</summary>
    public required string Cohort { get; init; }
    /// <summary>The price shown.</summary>
    public required Money Price { get; init; }
    /// <summary>A declared reason for the price, optional (e.g. <c>new-user-promotion</c>).</summary>
    public string? Justification { get; init; }
}
