using PlatformWatch.Contracts;

namespace PlatformWatch.Store;

/// <summary>The platform and market an event is about, for indexing evidence.</summary>
public static class EventFacts
{
    /// <summary>The platform the event concerns (the acquirer for an acquisition).</summary>
    public static string? PlatformOf(IInboundEvent inbound) => inbound switch
    {
        MarketShareReported e => e.PlatformId,
        PlatformProfileReported e => e.PlatformId,
        ConductObserved e => e.PlatformId,
        PriceQuoteObserved e => e.PlatformId,
        RankingObserved e => e.PlatformId,
        AcquisitionAnnounced e => e.AcquirerId,
        SelfRegulationReportSubmitted e => e.PlatformId,
        DesignationDecided e => e.PlatformId,
        ReportingObligationSet e => e.PlatformId,
        _ => null,
    };

    /// <summary>The market the event concerns, if any.</summary>
    public static string? MarketOf(IInboundEvent inbound) => inbound switch
    {
        MarketShareReported e => e.MarketId,
        ConductObserved e => e.MarketId,
        PriceQuoteObserved e => e.MarketId,
        RankingObserved e => e.MarketId,
        AcquisitionAnnounced e => e.TargetMarketId,
        DesignationDecided e => e.MarketId,
        _ => null,
    };
}
