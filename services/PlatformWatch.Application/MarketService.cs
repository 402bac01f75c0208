using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// What regulators read of markets and rules: a market's structure (aggregates of the figures
/// reported, the same for every regulator) and the history of the rule profiles put in force.
/// </summary>
public sealed class MarketService(CaseStore store, ActiveProfiles profiles)
{
    /// <summary>
    /// A market's structure from the figures reported for it, each kind of source's latest, with the
    /// figure that counts chosen by the active profiles' source precedence; not found when none were.
    /// </summary>
    public async Task<Outcome<MarketPicture>> ReadAsync(Actor actor, string marketId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var rows = await store.Ingestion.GetMarketSharesAsync(marketId, ct).ConfigureAwait(false);
        return rows.Count == 0 ? Outcome<MarketPicture>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.market", marketId)) : Outcome<MarketPicture>.Ok(profiles.Engine.Picture(marketId, rows.Select(r => new ShareFigure(
            r.MarketId, WireNames.Parse<ShareMetric>(r.Metric) ?? throw new InvalidOperationException($"unknown metric {r.Metric}"), new DateRange(r.PeriodStart, r.PeriodEnd), r.PlatformId, r.Share, r.Jurisdiction, r.EventId, r.OccurredAt)
        {
            Source = r.Source,
            Kind = WireNames.Parse<SourceKind>(r.SourceKind) ?? SourceKind.Unclassified,
        })));
    }

    /// <summary>When each rule profile was put in force, by whom, newest first.</summary>
    public async Task<Outcome<IReadOnlyList<ProfileActivation>>> ActivationsAsync(Actor actor, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Outcome<IReadOnlyList<ProfileActivation>>.Ok(await store.Profiles.ListActivationsAsync(limit, ct).ConfigureAwait(false));
    }
}
