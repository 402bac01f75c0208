namespace PlatformWatch.Contracts;

/// <summary>Size and reach of a platform for one financial year.</summary>
public sealed record PlatformProfileReported : IInboundEvent
{
    /// <inheritdoc />
    public required string EventId { get; init; }
    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }
    /// <inheritdoc />
    public required string Source { get; init; }

    /// <summary>The undertaking, at group level.</summary>
    public required string PlatformId { get; init; }
    /// <summary>The financial year, e.g. 2025.</summary>
    public required int FiscalYear { get; init; }
    /// <summary>First day of that financial year; 1 January when absent.</summary>
    public DateOnly? FiscalYearStart { get; init; }
    /// <summary>Turnover per region (<c>EU</c>, <c>CN</c>, <c>WORLD</c>).</summary>
    public IReadOnlyList<RegionalTurnover> Turnover { get; init; } = [];
    /// <summary>Average market capitalisation over the year, optional.</summary>
    public Money? MarketCapitalisation { get; init; }
    /// <summary>The platform's core platform services and their reach.</summary>
    public IReadOnlyList<CorePlatformService> CorePlatformServices { get; init; } = [];
    /// <summary>Annual active users in China (platform grading), optional.</summary>
    public long? AnnualActiveUsersCn { get; init; }
}

/// <summary>Turnover in one region.</summary>
public sealed record RegionalTurnover
{
    /// <summary><c>EU</c>, <c>CN</c> or <c>WORLD</c>.</summary>
    public required string Region { get; init; }
    /// <summary>The amount, exact.</summary>
    public required decimal Amount { get; init; }
    /// <summary>ISO 4217 code.</summary>
    public required string Currency { get; init; }
}

/// <summary>One core platform service and its reach in the year.</summary>
public sealed record CorePlatformService
{
    /// <summary>The service's id, e.g. <c>shopco-marketplace</c>.</summary>
    public required string ServiceId { get; init; }
    /// <summary><c>online-intermediation</c>, <c>search-engine</c>, <c>social-network</c>, <c>operating-system</c>, <c>browser</c>, <c>advertising</c>, …</summary>
    public required string Kind { get; init; }
    /// <summary>Monthly active end users (in the EU, for DMA purposes).</summary>
    public long? MonthlyActiveEndUsers { get; init; }
    /// <summary>Yearly active business users.</summary>
    public long? YearlyActiveBusinessUsers { get; init; }
    /// <summary>Number of member states in which the service is provided.</summary>
    public int? MemberStates { get; init; }
}
