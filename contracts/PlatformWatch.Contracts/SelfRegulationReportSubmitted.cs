using System.Text.Json.Serialization;

namespace PlatformWatch.Contracts;

/// <summary>A report that a platform files, through the API or from a filing system.</summary>
public sealed record SelfRegulationReportSubmitted : IInboundEvent
{
    /// <inheritdoc />
    public required string EventId { get; init; }
    /// <inheritdoc />
    public required DateTimeOffset OccurredAt { get; init; }
    /// <inheritdoc />
    public required string Source { get; init; }

    /// <summary>The report's id.</summary>
    public required string ReportId { get; init; }
    /// <summary>The platform filing it.</summary>
    public required string PlatformId { get; init; }
    /// <summary>Which rule profile applies.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>The kind of report.</summary>
    public required ReportType ReportType { get; init; }
    /// <summary>First day the report covers.</summary>
    public required DateOnly PeriodStart { get; init; }
    /// <summary>Last day the report covers.</summary>
    public required DateOnly PeriodEnd { get; init; }
    /// <summary>When it was submitted.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }
    /// <summary>Section name → text.</summary>
    public IReadOnlyDictionary<string, string> Sections { get; init; } = new Dictionary<string, string>();
    /// <summary>What the platform asserts about its obligations.</summary>
    public IReadOnlyList<ReportClaim> Claims { get; init; } = [];
    /// <summary>
    /// Optional: the names of the <see cref="Sections"/> the platform marks as business secrets.
    /// Regulators of the owning authority see them with the mark; nothing meant for others carries
    /// their text. Absent (not written) when the report marks none.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? BusinessSecretSections { get; init; }
}

/// <summary>One assertion in a report, e.g. obligation <c>exclusive-dealing</c>, assertion <c>none</c>.</summary>
public sealed record ReportClaim
{
    /// <summary>The obligation or conduct the claim is about.</summary>
    public required string Obligation { get; init; }
    /// <summary>What the platform asserts, e.g. <c>none</c>.</summary>
    public required string Assertion { get; init; }
}
