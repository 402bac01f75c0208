using System.Globalization;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Benchmarks.Inputs;

/// <summary>One platform's conduct observations and what is known about it.</summary>
internal sealed record ConductSubject(string PlatformId, IReadOnlyList<ConductObserved> Observations, PlatformFacts Facts);

/// <summary>
/// Conduct: 8 platforms — in China two presumed dominant and two not, in the EU two designated
/// gatekeepers and two not — with 24 observations each over April 2024 to March 2026, two rounds of
/// twelve kinds per jurisdiction modelled on tests/scenarios (exclusivity with punitive enforcement
/// or incentives only, default-selected ties, refusals, below-cost and excessive pricing, missing
/// opt-outs; anti-steering, parity clauses, data combination, consent re-prompts, tying, interoperability).
/// Some meet their rule, some do not.
/// </summary>
internal static class ConductInputs
{
    /// <summary>Platforms observed.</summary>
    public const int Platforms = 8;

    /// <summary>Observations of each platform.</summary>
    public const int PerPlatform = 24;

    /// <summary>Observations over all platforms.</summary>
    public const int Observations = Platforms * PerPlatform;

    /// <summary>Every platform with its observations.</summary>
    public static IReadOnlyList<ConductSubject> Subjects()
    {
        var subjects = new List<ConductSubject>
        {
            Chinese("shopco", "cn-online-retail", Build.DominantIn("shopco", "cn-online-retail")),
            Chinese("quickbite", "cn-food-delivery", Build.DominantIn("quickbite", "cn-food-delivery")),
            Chinese("bargainly", "cn-online-retail", PlatformFacts.None("bargainly")),
            Chinese("yumgo", "cn-food-delivery", PlatformFacts.None("yumgo")),
            European("bazaarly", "eu-online-marketplaces", Build.Gatekeeper("bazaarly")),
            European("appmart", "eu-app-stores", Build.Gatekeeper("appmart")),
            European("shopsy", "eu-online-marketplaces", PlatformFacts.None("shopsy")),
            European("eatnow", "eu-food-delivery", PlatformFacts.None("eatnow")),
        };
        return subjects;
    }

    private static ConductSubject Chinese(string platform, string market, PlatformFacts facts)
    {
        var list = new List<ConductObserved>(PerPlatform);
        for (var k = 0; k < PerPlatform; k++)
        {
            var (from, to) = Window(k, k % 12 == 5 ? 4 : 2);
            var e = Observation(platform, market, "CN", k, from, to);
            list.Add((k % 12) switch
            {
                0 => e with { Conduct = ConductKind.ExclusiveDealing, Counterparty = Counterparty.Merchants, AffectedCount = 1200, Enforcement = [Enforcement.SearchDownranking, Enforcement.StoreBlocking], Evidence = [new EvidenceItem { Kind = "complaint", Reference = $"C-2025-{k:D4}", Description = "merchant told to leave a rival platform or lose search traffic" }] },
                1 => e with { Conduct = ConductKind.ExclusiveDealing, Counterparty = Counterparty.Merchants, Incentives = [Incentive.Subsidy] },
                2 => e with { Conduct = ConductKind.Tying, Counterparty = Counterparty.Consumers, Attributes = Build.Attributes("""{"tyingProduct":"checkout","tiedProduct":"shipping-insurance","defaultSelected":true,"tiedKind":"other"}""") },
                3 => e with { Conduct = ConductKind.RefusalToDeal, Counterparty = Counterparty.Competitors, Attributes = Build.Attributes("""{"subject":"api-access","response":"denied"}""") },
                4 => e with { Conduct = ConductKind.BelowCostPricing, Attributes = Build.Attributes("""{"price":8.5,"averageVariableCost":9.2,"averageTotalCost":11.0}""") },
                5 => e with { Conduct = ConductKind.BelowCostPricing, Attributes = Build.Attributes("""{"price":10.0,"averageVariableCost":9.2,"averageTotalCost":11.0}""") },
                6 => e with { Conduct = ConductKind.ExcessivePricing, Attributes = Build.Attributes("""{"priceChangePct":28,"costChangePct":6}""") },
                7 => e with { Conduct = ConductKind.NonPersonalisedOptionMissing, Counterparty = Counterparty.Consumers },
                8 => e with { Conduct = ConductKind.UnreasonableRestriction, Counterparty = Counterparty.Merchants, Enforcement = [Enforcement.TrafficLimit] },
                9 => e with { Conduct = ConductKind.Tying, Counterparty = Counterparty.Consumers, Attributes = Build.Attributes("""{"tyingProduct":"checkout","tiedProduct":"coupons","defaultSelected":false,"tiedKind":"other"}""") },
                10 => e with { Conduct = ConductKind.RefusalToDeal, Counterparty = Counterparty.Merchants, Attributes = Build.Attributes("""{"subject":"data-export","response":"granted"}""") },
                _ => e with { Conduct = ConductKind.ExclusiveDealing, Counterparty = Counterparty.Developers },
            });
        }

        return new ConductSubject(platform, list, facts);
    }

    private static ConductSubject European(string platform, string market, PlatformFacts facts)
    {
        var list = new List<ConductObserved>(PerPlatform);
        for (var k = 0; k < PerPlatform; k++)
        {
            var (from, to) = Window(k, 3);
            var e = Observation(platform, market, "EU", k, from, to);
            var refused = new DateOnly(2024 + (k / 12), 5, 2);
            list.Add((k % 12) switch
            {
                0 => e with { Conduct = ConductKind.AntiSteering, Counterparty = Counterparty.Merchants, Attributes = Build.Attributes("""{"linkOutAllowed":false,"offerInfoAllowed":true,"feeOnSteeredTransactions":false}""") },
                1 => e with { Conduct = ConductKind.ParityClause, Attributes = Build.Attributes("""{"scope":"wide"}""") },
                2 => e with { Conduct = ConductKind.DataCombination, MarketId = null, Attributes = Build.Attributes("""{"sourceServices":"marketplace,payments","targetService":"ads","consentObtained":false}""") },
                3 => e with { Conduct = ConductKind.DataCombination, MarketId = null, Attributes = Build.Attributes("""{"sourceServices":"marketplace,payments","targetService":"ads","consentObtained":true}""") },
                4 or 5 => e with
                {
                    Conduct = ConductKind.ConsentReprompt,
                    MarketId = null,
                    ObservedFrom = null,
                    ObservedTo = null,
                    OccurredAt = Build.Midnight(refused.AddMonths(k % 12 == 4 ? 2 : 6)),
                    Attributes = Build.Attributes(string.Create(CultureInfo.InvariantCulture, $$"""{"purpose":"ads-personalisation","refusedAt":"{{refused:yyyy-MM-dd}}","repromptedAt":"{{refused.AddMonths(k % 12 == 4 ? 2 : 6):yyyy-MM-dd}}"}""")),
                },
                6 => e with { Conduct = ConductKind.Tying, Counterparty = Counterparty.Developers, Attributes = Build.Attributes("""{"tyingProduct":"app-store","tiedProduct":"in-app-payments","tiedKind":"payment"}""") },
                7 => e with { Conduct = ConductKind.RefusalToDeal, Counterparty = Counterparty.Developers, Attributes = Build.Attributes("""{"subject":"interoperability","response":"no-reply"}""") },
                8 => e with { Conduct = ConductKind.RefusalToDeal, Counterparty = Counterparty.Developers, Attributes = Build.Attributes("""{"subject":"interoperability","response":"granted"}""") },
                9 => e with { Conduct = ConductKind.AntiSteering, Counterparty = Counterparty.Merchants, Attributes = Build.Attributes("""{"linkOutAllowed":true,"offerInfoAllowed":true,"feeOnSteeredTransactions":false}""") },
                10 => e with { Conduct = ConductKind.ParityClause, ObservedFrom = new DateOnly(2023, 10, 1), ObservedTo = new DateOnly(2023, 12, 31), Attributes = Build.Attributes("""{"scope":"narrow"}""") },
                _ => e with { Conduct = ConductKind.Tying, Counterparty = Counterparty.Consumers, Attributes = Build.Attributes("""{"tyingProduct":"browser","tiedProduct":"engine","tiedKind":"browser-engine"}""") },
            });
        }

        return new ConductSubject(platform, list, facts);
    }

    // Observation k covers `months` months from April 2024 + k months.
    private static (DateOnly From, DateOnly To) Window(int k, int months)
    {
        var from = new DateOnly(2024, 4, 1).AddMonths(k);
        return (from, from.AddMonths(months).AddDays(-1));
    }

    private static ConductObserved Observation(string platform, string market, string jurisdiction, int k, DateOnly from, DateOnly to) => new()
    {
        EventId = string.Create(CultureInfo.InvariantCulture, $"co-{platform}-{k:D3}"),
        OccurredAt = Build.Midnight(to.AddDays(1)),
        Source = "merchant-complaints",
        PlatformId = platform,
        MarketId = market,
        Jurisdiction = jurisdiction,
        Conduct = ConductKind.ExclusiveDealing,
        ObservedFrom = from,
        ObservedTo = to,
    };
}
