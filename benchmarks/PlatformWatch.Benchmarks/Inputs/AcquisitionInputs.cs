using System.Globalization;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Benchmarks.Inputs;

/// <summary>One acquirer's announced deals and what is known about it.</summary>
internal sealed record AcquisitionSubject(string AcquirerId, IReadOnlyList<AcquisitionAnnounced> Deals, PlatformFacts Facts);

/// <summary>
/// Acquisitions, as in tests/scenarios/conduct-cn.jsonl and dma-gatekeeper.jsonl: 6 acquirers (in
/// China two presumed dominant and one small, in the EU two gatekeepers and one not) with 10 deals
/// each signed from January 2024 to August 2025 — the first before the 2024 change of China's
/// notification thresholds — above the thresholds and not notified, below them by a dominant acquirer, intra-group,
/// notified and cleared, closed before clearance, digital-sector targets with and without the
/// DMA Art. 14 information, with and without the shares the merger-HHI benchmark needs. EU parties
/// report turnover in EUR, converted at the profiles' rates of the year before signing. Target markets are the
/// pictures of <see cref="MarketInputs"/>.
/// </summary>
internal static class AcquisitionInputs
{
    /// <summary>Acquirers.</summary>
    public const int Acquirers = 6;

    /// <summary>Deals of each acquirer.</summary>
    public const int PerAcquirer = 10;

    /// <summary>Deals over all acquirers.</summary>
    public const int Deals = Acquirers * PerAcquirer;

    /// <summary>Every acquirer with its deals.</summary>
    public static IReadOnlyList<AcquisitionSubject> Subjects() =>
    [
        Of("shopco", "cn-online-retail", large: true, euro: false, Build.DominantIn("shopco", "cn-online-retail"), 0),
        Of("quickbite", "cn-food-delivery", large: true, euro: false, Build.DominantIn("quickbite", "cn-food-delivery"), 1),
        Of("dealmart", "cn-online-retail", large: false, euro: false, PlatformFacts.None("dealmart"), 2),
        Of("bazaarly", "eu-online-marketplaces", large: true, euro: true, Build.Gatekeeper("bazaarly"), 3),
        Of("appmart", "eu-app-stores", large: true, euro: true, Build.Gatekeeper("appmart"), 4),
        Of("shopsy", "eu-online-marketplaces", large: false, euro: true, PlatformFacts.None("shopsy"), 5),
    ];

    private static AcquisitionSubject Of(string acquirer, string market, bool large, bool euro, PlatformFacts facts, int a)
    {
        var deals = new List<AcquisitionAnnounced>(PerAcquirer);
        for (var k = 0; k < PerAcquirer; k++)
        {
            var signed = new DateOnly(2024, 1, 10).AddMonths((2 * k) + (a % 2));
            var closing = signed.AddMonths(2);
            var target = string.Create(CultureInfo.InvariantCulture, $"{acquirer}-target-{k}");
            var deal = new AcquisitionAnnounced
            {
                EventId = string.Create(CultureInfo.InvariantCulture, $"aq-{acquirer}-{k:D2}"),
                OccurredAt = Build.Midnight(signed),
                Source = "press",
                AcquirerId = acquirer,
                TargetId = target,
                SignedAt = signed,
                ClosingAt = closing,
                ControlAcquired = true,
                IntraGroup = false,
                Parties = [Acquirer(acquirer, large, euro), Target(target, small: k % 3 == 1, euro)],
                TargetServices = ["online-intermediation"],
                TargetMarketId = market,
            };
            deals.Add((k % PerAcquirer) switch
            {
                0 => deal with { AcquirerShare = 0.35m, TargetShare = 0.08m },
                1 => deal with { TargetServices = ["logistics"] },
                2 => deal with { IntraGroup = true, TargetServices = ["cloud"] },
                3 => deal with { Notifications = [new MergerNotification { Authority = "SAMR", FiledAt = signed.AddDays(-20), ClearedAt = closing.AddDays(-5) }, new MergerNotification { Authority = "EC-DMA-ART14", FiledAt = signed.AddDays(-10) }] },
                4 => deal with { Notifications = [new MergerNotification { Authority = "SAMR", FiledAt = signed.AddDays(5), ClearedAt = closing.AddDays(30) }] },
                5 => deal with { TargetServices = ["online-intermediation", "data-collection"], AcquirerShare = 0.12m, TargetShare = 0.03m },
                6 => deal with { TargetServices = ["data-collection"], ClosingAt = null, Notifications = [new MergerNotification { Authority = "EC-DMA-ART14", FiledAt = signed.AddDays(-10) }] },
                7 => deal with { AcquirerShare = 0.22m, TargetShare = 0.05m },
                8 => deal with { ControlAcquired = false },
                _ => deal with { ClosingAt = null },
            });
        }

        return new AcquisitionSubject(acquirer, deals, facts);
    }

    private static AcquisitionParty Acquirer(string id, bool large, bool euro) => euro
        ? new AcquisitionParty { PartyId = id, TurnoverWorld = Eur(large ? 30_000_000_000m : 900_000_000m), TurnoverEu = Eur(large ? 12_000_000_000m : 600_000_000m), TurnoverCn = Eur(large ? 1_200_000_000m : 20_000_000m) }
        : new AcquisitionParty { PartyId = id, TurnoverWorld = Cny(large ? 600_000_000_000m : 3_500_000_000m), TurnoverCn = Cny(large ? 500_000_000_000m : 3_000_000_000m) };

    private static AcquisitionParty Target(string id, bool small, bool euro) => euro
        ? new AcquisitionParty { PartyId = id, TurnoverWorld = Eur(small ? 30_000_000m : 450_000_000m), TurnoverEu = Eur(small ? 25_000_000m : 300_000_000m), TurnoverCn = Eur(small ? 5_000_000m : 150_000_000m) }
        : new AcquisitionParty { PartyId = id, TurnoverWorld = Cny(small ? 200_000_000m : 3_000_000_000m), TurnoverCn = Cny(small ? 200_000_000m : 2_500_000_000m) };

    private static Money Cny(decimal amount) => new() { Amount = amount, Currency = "CNY" };

    private static Money Eur(decimal amount) => new() { Amount = amount, Currency = "EUR" };
}
