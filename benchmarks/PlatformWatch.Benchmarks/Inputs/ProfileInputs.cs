using System.Globalization;
using PlatformWatch.Contracts;

namespace PlatformWatch.Benchmarks.Inputs;

/// <summary>One platform's yearly profiles.</summary>
internal sealed record ProfileSubject(string PlatformId, IReadOnlyList<PlatformProfileReported> Years);

/// <summary>
/// Yearly platform profiles, as in tests/scenarios/dma-gatekeeper.jsonl: 25 platforms, fiscal years
/// 2021–2024, with EU and worldwide turnover (from 2 to 14 billion, growing 10% a year), market
/// capitalisation for some, one or two core platform services with their users and member states.
/// Some meet the DMA Art. 3(2) thresholds for three years, some for fewer, some never; every fifth
/// reports in USD (converted at the profiles' 2023/2024 rates; 2021/2022 have none: data gaps).
/// </summary>
internal static class ProfileInputs
{
    /// <summary>Platforms.</summary>
    public const int Platforms = 25;

    /// <summary>Fiscal years of each platform.</summary>
    public const int PerPlatform = 4;

    /// <summary>Profiles over all platforms.</summary>
    public const int Profiles = Platforms * PerPlatform;

    /// <summary>Every platform with its years.</summary>
    public static IReadOnlyList<ProfileSubject> Subjects()
    {
        var subjects = new List<ProfileSubject>(Platforms);
        for (var i = 0; i < Platforms; i++)
        {
            var platform = string.Create(CultureInfo.InvariantCulture, $"platform-{i:D2}");
            var currency = i % 5 == 4 ? "USD" : "EUR";
            var years = new List<PlatformProfileReported>(PerPlatform);
            for (var y = 0; y < PerPlatform; y++)
            {
                var year = 2021 + y;
                var growth = 1m + (0.1m * y);
                var eu = decimal.Round((2_000_000_000m + (500_000_000m * i)) * growth, 0);
                years.Add(new PlatformProfileReported
                {
                    EventId = string.Create(CultureInfo.InvariantCulture, $"pp-{platform}-{year}"),
                    OccurredAt = new DateTimeOffset(year + 1, 4, 30, 0, 0, 0, TimeSpan.Zero),
                    Source = "sample-annual-report",
                    PlatformId = platform,
                    FiscalYear = year,
                    Turnover =
                    [
                        new RegionalTurnover { Region = "EU", Amount = eu, Currency = currency },
                        new RegionalTurnover { Region = "WORLD", Amount = eu * 3, Currency = currency },
                    ],
                    MarketCapitalisation = i % 4 == 0 ? new Money { Amount = 60_000_000_000m + (10_000_000_000m * y), Currency = currency } : null,
                    CorePlatformServices = Services(platform, i, y),
                    AnnualActiveUsersCn = i % 3 == 0 ? 300_000_000L + (50_000_000L * y) : null,
                });
            }

            subjects.Add(new ProfileSubject(platform, years));
        }

        return subjects;
    }

    private static List<CorePlatformService> Services(string platform, int i, int y)
    {
        var services = new List<CorePlatformService>
        {
            new()
            {
                ServiceId = $"{platform}-marketplace",
                Kind = "online-intermediation",
                MonthlyActiveEndUsers = 20_000_000L + (3_000_000L * i) + (1_000_000L * y),
                YearlyActiveBusinessUsers = 5_000L + (1_000L * i),
                MemberStates = 1 + (i % 27),
            },
        };
        if (i % 2 == 0)
        {
            services.Add(new CorePlatformService
            {
                ServiceId = $"{platform}-ads",
                Kind = "online-advertising",
                MonthlyActiveEndUsers = 50_000_000L + (1_000_000L * i),
                YearlyActiveBusinessUsers = 12_000L,
                MemberStates = 27,
            });
        }

        return services;
    }
}
