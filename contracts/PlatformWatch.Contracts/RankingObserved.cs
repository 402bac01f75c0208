namespace PlatformWatch.Contracts;

/// <summary>One results page for one query.</summary>
public sealed record RankingObserved : IInboundEvent
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
    /// <summary>The query behind the page.</summary>
    public required string QueryId { get; init; }
    /// <summary>The results as shown.</summary>
    public required IReadOnlyList<RankedResult> Results { get; init; }
}

/// <summary>One result on a results page.</summary>
public sealed record RankedResult
{
    /// <summary>The item shown.</summary>
    public required string ItemId { get; init; }
    /// <summary>1 = top.</summary>
    public required int Position { get; init; }
    /// <summary>True when the item is the platform's own.</summary>
    public required bool FirstParty { get; init; }
    /// <summary>The monitor's independent quality/relevance score, in [0, 1].</summary>
    public required decimal Relevance { get; init; }
}
