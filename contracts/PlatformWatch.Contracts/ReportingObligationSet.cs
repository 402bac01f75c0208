namespace PlatformWatch.Contracts;

/// <summary>A regulator's demand for periodic reports.</summary>
public sealed record ReportingObligationSet : IInboundEvent
{
    /// <inheritdoc />
    public required string EventId { get; init; }
    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }
    /// <inheritdoc />
    public required string Source { get; init; }

    /// <summary>The obligation's id.</summary>
    public required string ObligationId { get; init; }
    /// <summary>The platform obliged.</summary>
    public required string PlatformId { get; init; }
    /// <summary>Which rule profile applies.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>The kind of report demanded.</summary>
    public required ReportType ReportType { get; init; }
    /// <summary>When reports fall due.</summary>
    public required IReadOnlyList<DateOnly> DueDates { get; init; }
    /// <summary>Sections every report must have.</summary>
    public IReadOnlyList<string> RequiredSections { get; init; } = [];
    /// <summary>e.g. <c>DMA Art. 11(1)</c>.</summary>
    public required string LegalBasis { get; init; }
}
