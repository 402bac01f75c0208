namespace PlatformWatch.Contracts.Wire;

/// <summary>The inbound contracts by the name used in the <c>type</c> property of event files.</summary>
public static class InboundContracts
{
    /// <summary>Every inbound contract of version 1.</summary>
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(MarketShareReported),
        typeof(PlatformProfileReported),
        typeof(ConductObserved),
        typeof(PriceQuoteObserved),
        typeof(RankingObserved),
        typeof(AcquisitionAnnounced),
        typeof(SelfRegulationReportSubmitted),
        typeof(DesignationDecided),
        typeof(ReportingObligationSet),
    ];

    private static readonly Dictionary<string, Type> ByNameMap = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The contract of a type name, or null.</summary>
    public static Type? Find(string name) => ByNameMap.GetValueOrDefault(name);

    /// <summary>The type name written in event files.</summary>
    public static string NameOf(IInboundEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.GetType().Name;
    }
}
