using System.Globalization;
using PlatformWatch.Contracts;
using YamlDotNet.RepresentationModel;

namespace PlatformWatch.Rules.Profiles;

// The penalties of a legal version (RULES.md "Penalty exposure"):
//   penalties:
//     - article: { zh: 第五十七条, en: Art. 57 }   # instrument: the version's own unless named
//       sales: { region: CN, minPercent: 1, maxPercent: 10 }
//       aggravated: { article: { zh: 第六十三条, en: Art. 63 }, minTimes: 2, maxTimes: 5 }
//       confiscation: true
// and min/max (fixed amounts), serious { min, max, sales }, withoutEffect, withoutSales. The
// article is given in both languages, as a rule's law is: the citation is the instrument's short
// name and the English article, and in Chinese the instrument's Chinese title and the Chinese article.
public static partial class ProfileLoader
{
    private static readonly string[] PenaltyKeys = ["instrument", "article", "min", "max", "sales", "serious", "aggravated", "withoutEffect", "withoutSales", "confiscation"];
    private static readonly string[] TierKeys = ["min", "max", "sales"];
    private static readonly string[] SalesKeys = ["region", "minPercent", "maxPercent"];
    private static readonly string[] AggravatedKeys = ["instrument", "article", "minTimes", "maxTimes", "maxPercent"];

    private static List<PenaltyProvision> ReadPenalties(YamlMappingNode entry, LegalVersion version, string what, Dictionary<string, InstrumentEntry> instruments, YamlFields y)
    {
        var penalties = new List<PenaltyProvision>();
        foreach (var node in y.MappingList(entry, "penalties", what))
        {
            y.OnlyKeys(node, $"{what}, penalties", PenaltyKeys);
            var (name, title) = PenaltyInstrument(node, version, what, instruments, y);
            var article = y.Bilingual(node, "article", $"{what}, penalties");
            var at = $"{what}, penalty {name} {article?.En}";
            var ordinary = ReadTier(node, at, y, ordinary: true);
            var serious = YamlFields.Get(node, "serious") is YamlMappingNode s ? ReadTier(s, $"{at}, serious", y, ordinary: false) : null;
            if (YamlFields.Get(node, "serious") is { } notMap and not YamlMappingNode)
            {
                y.Error(notMap, $"{at}: 'serious' must be a mapping {{ min, max, sales }}");
            }

            var aggravated = ReadAggravation(node, (name, title), ordinary?.Sales?.Region ?? serious?.Sales?.Region, at, instruments, y);
            var withoutSales = PenaltyMoney(node, "withoutSales", at, y);
            if (withoutSales is not null && ordinary?.Sales is null)
            {
                y.Error(node, $"{at}: 'withoutSales' is the ceiling when there were no sales; it needs 'sales'");
            }

            if (name is null || title is null || article is null || ordinary is null)
            {
                continue;
            }

            penalties.Add(new PenaltyProvision
            {
                Citation = $"{name} {article.En}",
                CitationZh = title + article.Zh,
                LawVersion = name,
                Ordinary = ordinary,
                Serious = serious,
                Aggravated = aggravated,
                WithoutEffect = PenaltyMoney(node, "withoutEffect", at, y),
                WithoutSales = withoutSales,
                Confiscation = y.Boolean(node, "confiscation", at) ?? false,
            });
        }

        return penalties;
    }

    // The instrument's short name and Chinese title: the version's own unless the penalty names one.
    private static (string? Name, string? TitleZh) PenaltyInstrument(YamlMappingNode node, LegalVersion version, string what, Dictionary<string, InstrumentEntry> instruments, YamlFields y)
    {
        if (y.Text(node, "instrument", $"{what}, penalties", required: false) is not { } key)
        {
            return (version.Name, version.Instrument.Zh);
        }

        if (instruments.TryGetValue(key, out var instrument))
        {
            return (instrument.Name, instrument.Title.Zh);
        }

        y.Error(YamlFields.Get(node, "instrument")!, $"{what}, penalties: unknown instrument '{key}'; define it under 'instruments'");
        return (null, null);
    }

    // A range: fixed min/max, a share of sales, or both; an ordinary range needs an upper limit.
    private static PenaltyTier? ReadTier(YamlMappingNode node, string what, YamlFields y, bool ordinary)
    {
        if (!ordinary)
        {
            y.OnlyKeys(node, what, TierKeys);
        }

        var min = PenaltyMoney(node, "min", what, y);
        var max = PenaltyMoney(node, "max", what, y);
        var sales = ReadSales(node, what, y);
        if (max is null && sales is null)
        {
            y.Error(node, $"{what}: a range needs 'max' (a fixed amount), 'sales' (a share of turnover), or both");
            return null;
        }

        if (min is not null && max is not null && (min.Currency != max.Currency || min.Amount > max.Amount))
        {
            y.Error(node, $"{what}: 'min' ({min.Amount} {min.Currency}) must be in the currency of 'max' and not above it ({max.Amount} {max.Currency})");
            return null;
        }

        return new PenaltyTier { Min = min, Max = max, Sales = sales };
    }

    private static SalesShare? ReadSales(YamlMappingNode node, string what, YamlFields y)
    {
        if (YamlFields.Get(node, "sales") is not { } sales)
        {
            return null;
        }

        if (sales is not YamlMappingNode map)
        {
            y.Error(sales, $"{what}: 'sales' must be {{ region, minPercent, maxPercent }}");
            return null;
        }

        y.OnlyKeys(map, $"{what}, sales", SalesKeys);
        var region = y.Text(map, "region", $"{what}, sales");
        var low = Percent(map, "minPercent", $"{what}, sales", y, required: false) ?? 0m;
        var high = Percent(map, "maxPercent", $"{what}, sales", y, required: true);
        if (high is not null && low > high)
        {
            y.Error(map, $"{what}, sales: minPercent {low} is above maxPercent {high}");
            return null;
        }

        return region is null || high is null ? null : new SalesShare(region, low, high.Value);
    }

    private static PenaltyAggravation? ReadAggravation(YamlMappingNode node, (string? Name, string? TitleZh) penalty, string? region, string what, Dictionary<string, InstrumentEntry> instruments, YamlFields y)
    {
        if (YamlFields.Get(node, "aggravated") is not { } value)
        {
            return null;
        }

        if (value is not YamlMappingNode map)
        {
            y.Error(value, $"{what}: 'aggravated' must be {{ article: {{ zh, en }}, minTimes, maxTimes }} or {{ article: {{ zh, en }}, maxPercent }}");
            return null;
        }

        var at = $"{what}, aggravated";
        y.OnlyKeys(map, at, AggravatedKeys);
        var key = y.Text(map, "instrument", at, required: false);
        InstrumentEntry? instrument = null;
        if (key is not null && !instruments.TryGetValue(key, out instrument))
        {
            y.Error(YamlFields.Get(map, "instrument")!, $"{at}: unknown instrument '{key}'; define it under 'instruments'");
            return null;
        }

        var article = y.Bilingual(map, "article", at);
        var minTimes = Number(map, "minTimes", at, y);
        var maxTimes = Number(map, "maxTimes", at, y);
        var maxPercent = Percent(map, "maxPercent", at, y, required: false);
        if ((maxTimes is null) == (maxPercent is null))
        {
            y.Error(map, $"{at}: give either 'maxTimes' (a multiple of the maximum) or 'maxPercent' (a share of sales)");
            return null;
        }

        if (minTimes is not null && maxTimes is null)
        {
            y.Error(map, $"{at}: 'minTimes' goes with 'maxTimes'");
            return null;
        }

        if (maxPercent is not null && region is null)
        {
            y.Error(map, $"{at}: 'maxPercent' is a share of sales; the penalty needs 'sales' to name the region");
            return null;
        }

        return article is null || (instrument?.Name ?? penalty.Name) is not { } law || (instrument?.Title.Zh ?? penalty.TitleZh) is not { } title ? null : new PenaltyAggravation
        {
            Citation = $"{law} {article.En}",
            CitationZh = title + article.Zh,
            MinTimes = minTimes,
            MaxTimes = maxTimes,
            Sales = maxPercent is { } p ? new SalesShare(region!, 0m, p) : null,
        };
    }

    private static Money? PenaltyMoney(YamlMappingNode node, string key, string what, YamlFields y)
    {
        if (YamlFields.Get(node, key) is not { } value)
        {
            return null;
        }

        if (value is YamlMappingNode map)
        {
            y.OnlyKeys(map, $"{what}, {key}", "amount", "currency");
            var amount = Number(map, "amount", $"{what}, {key}", y);
            var currency = y.Text(map, "currency", $"{what}, {key}");
            if (amount is not null && currency is { Length: 3 } && currency.All(char.IsAsciiLetterUpper))
            {
                return new Money { Amount = amount.Value, Currency = currency };
            }
        }

        y.Error(value, $"{what}: '{key}' must be {{ amount: …, currency: … }} with a non-negative amount and an ISO 4217 currency");
        return null;
    }

    private static decimal? Percent(YamlMappingNode map, string key, string what, YamlFields y, bool required)
    {
        if (YamlFields.Get(map, key) is null)
        {
            if (required)
            {
                y.Error(map, $"{what}: '{key}' is missing");
            }

            return null;
        }

        var value = Number(map, key, what, y);
        if (value > 100m)
        {
            y.Error(YamlFields.Get(map, key)!, $"{what}: '{key}' is a percentage from 0 to 100, was {value}");
            return null;
        }

        return value;
    }

    // A non-negative decimal, written exactly (no exponent).
    private static decimal? Number(YamlMappingNode map, string key, string what, YamlFields y)
    {
        if (YamlFields.Get(map, key) is not { } node)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        y.Error(node, $"{what}: '{key}' must be a non-negative number, was '{(node as YamlScalarNode)?.Value}'");
        return null;
    }
}
