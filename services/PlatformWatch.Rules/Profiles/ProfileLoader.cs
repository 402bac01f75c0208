using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Types;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PlatformWatch.Rules.Profiles;

/// <summary>A profile file's name and content (the loader does no I/O of its own).</summary>
public sealed record ProfileSource(string Path, byte[] Content);

/// <summary>The outcome of loading profiles: the set when there were no errors, and every error.</summary>
public sealed record ProfileLoadResult(ProfileSet? Set, IReadOnlyList<ProfileError> Errors)
{
    /// <summary>True when every file loaded cleanly.</summary>
    public bool Succeeded => Set is not null && Errors.Count == 0;
}

/// <summary>
/// Loads rule profiles from YAML and checks them: unknown keys and rule types, missing or bad
/// parameters, duplicate ids, unknown instruments and includes. Every error names file and line;
/// a set with any error is refused whole.
/// </summary>
public static partial class ProfileLoader
{
    private static readonly string[] ProfileKeys = ["profile", "title", "jurisdictions", "everyJurisdiction", "include", "dominanceFrom", "instruments", "rules", "designations", "fxRates", "sourcePrecedence"];
    private static readonly string[] RuleKeys = ["id", "type", "version", "severity", "family", "enabled", "title", "summary", "parameters", "policy", "law", "whenDominant"];
    private static readonly string[] LawKeys = ["instrument", "article", "quote", "link", "inForceFrom", "inForceTo", "parameters", "also", "penalties"];
    private static readonly string[] CitedKeys = ["instrument", "article", "quote", "link", "inForceFrom", "inForceTo"];
    private static readonly string[] DominantKeys = [.. CitedKeys, "penalties"];
    private static readonly string[] InstrumentKeys = ["name", "title", "authentic", "link", "inForceFrom", "inForceTo"];
    private static readonly string[] DesignationKeys = ["platformId", "kind", "marketId", "services", "decidedAt", "obligationsFrom", "revokedAt", "legalBasis"];
    private static readonly string[] FxKeys = ["year", "currency", "base", "rate"];

    // The encodings a byte-order mark can name, UTF-32 LE before UTF-16 LE (its mark begins with theirs).
    private static readonly Encoding[] MarkedEncodings = [Encoding.UTF32, new UTF32Encoding(bigEndian: true, byteOrderMark: true), Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode];

    /// <summary>Loads and checks a set of profile files.</summary>
    public static ProfileLoadResult Load(IEnumerable<ProfileSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var errors = new List<ProfileError>();
        var profiles = new List<(RuleProfile Profile, SourceLocation At, List<(string Id, SourceLocation At)> RuleIds)>();
        foreach (var source in sources)
        {
            if (LoadOne(source, errors) is { } loaded)
            {
                profiles.Add(loaded);
            }
        }

        CheckAcrossFiles(profiles, errors);
        return errors.Count == 0
            ? new ProfileLoadResult(new ProfileSet(profiles.Select(p => p.Profile).ToList()), errors)
            : new ProfileLoadResult(null, errors);
    }

    private static (RuleProfile, SourceLocation, List<(string, SourceLocation)>)? LoadOne(ProfileSource source, List<ProfileError> errors)
    {
        var y = new YamlFields(source.Path, errors);
        YamlStream stream;
        try
        {
            stream = [];
            using var reader = new StringReader(Decode(source.Content));
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            y.Error(y.At(e.Start), "not valid YAML: " + e.Message);
            return null;
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            y.Error(new SourceLocation(source.Path, 1), "a profile file holds one YAML mapping (profile, title, jurisdictions, rules …)");
            return null;
        }

        y.OnlyKeys(root, "the profile", ProfileKeys);
        var id = y.Text(root, "profile", "the profile") ?? "?";
        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(source.Content));
        var everyJurisdiction = y.Boolean(root, "everyJurisdiction", "the profile") ?? false;
        var jurisdictions = y.TextList(root, "jurisdictions", "the profile", required: !everyJurisdiction);
        var instruments = ReadInstruments(root, y);
        var rules = new List<RuleDefinition>();
        var ruleIds = new List<(string, SourceLocation)>();
        foreach (var node in y.MappingList(root, "rules", "the profile", required: true))
        {
            // Every id written counts for duplicates, even of a rule with other errors.
            if (YamlFields.Get(node, "id") is YamlScalarNode { Value: { Length: > 0 } ruleId })
            {
                ruleIds.Add((ruleId.Trim(), y.At(node)));
            }

            if (ReadRule(node, id, hash, instruments, y) is { } rule)
            {
                rules.Add(rule);
            }
        }

        var profile = new RuleProfile
        {
            Id = id,
            Title = y.Bilingual(root, "title", "the profile", required: false) ?? new Bilingual(id, id),
            Jurisdictions = jurisdictions,
            EveryJurisdiction = everyJurisdiction,
            Includes = y.TextList(root, "include", "the profile"),
            DominanceFrom = y.TextList(root, "dominanceFrom", "the profile"),
            Rules = rules,
            Designations = y.MappingList(root, "designations", "the profile").Select(n => ReadDesignation(n, y)).OfType<ProfileDesignation>().ToList(),
            FxRates = y.MappingList(root, "fxRates", "the profile").Select(n => ReadFxRate(n, y)).OfType<FxRate>().ToList(),
            SourcePrecedence = ReadSourcePrecedence(root, y),
            ContentHash = hash,
            SourcePath = source.Path,
        };
        return (profile, y.At(YamlFields.Get(root, "profile") ?? root), ruleIds);
    }

    // The text a StreamReader for UTF-8 reads from the bytes: a byte-order mark picks the encoding
    // and is dropped, no mark means UTF-8, invalid bytes become U+FFFD. Decoded here, not by a
    // StreamReader, because the engine uses no type that can open a file (ArchitectureTests).
    private static string Decode(byte[] content)
    {
        foreach (var encoding in MarkedEncodings)
        {
            var mark = encoding.Preamble;
            if (content.AsSpan().StartsWith(mark))
            {
                return encoding.GetString(content.AsSpan(mark.Length));
            }
        }

        return Encoding.UTF8.GetString(content);
    }

    // Every entry a known kind, none twice, 'unclassified' (always last) only at the end; the kinds
    // not listed rank below the listed ones. Null when the profile declares none.
    private static SourcePrecedence? ReadSourcePrecedence(YamlMappingNode root, YamlFields y)
    {
        const string What = "the profile";
        if (YamlFields.Get(root, "sourcePrecedence") is not { } node)
        {
            return null;
        }

        if (node is not YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            y.Error(node, $"{What}: 'sourcePrecedence' must be a list of source kinds, highest first (leave it out for the default: {SourcePrecedence.Default})");
            return null;
        }

        var kinds = new List<SourceKind>();
        var seen = new Dictionary<SourceKind, SourceLocation>();
        var ok = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var text = (item as YamlScalarNode)?.Value?.Trim();
            if (text is null || WireNames.Parse<SourceKind>(text) is not { } kind)
            {
                y.Error(item, $"{What}: 'sourcePrecedence' names unknown source kind '{text}'; expected one of: {string.Join(", ", SourcePrecedence.Default.Ranked.Select(WireNames.Name))}");
                ok = false;
                continue;
            }

            if (!seen.TryAdd(kind, y.At(item)))
            {
                y.Error(item, $"{What}: 'sourcePrecedence' names '{text}' twice (first at {seen[kind]})");
                ok = false;
                continue;
            }

            if (kind == SourceKind.Unclassified && i != sequence.Children.Count - 1)
            {
                y.Error(item, $"{What}: 'sourcePrecedence' may name 'unclassified' only last: it always ranks below every other kind");
                ok = false;
                continue;
            }

            kinds.Add(kind);
        }

        return ok ? SourcePrecedence.From(kinds) : null;
    }

    // Provisions cited alongside a rule's law ('also', 'whenDominant'): instrument and article, no
    // parameters; those cited when dominant carry their own penalties (they replace the law's).
    private static List<LegalVersion> ReadCited(YamlMappingNode node, string key, string what, Dictionary<string, InstrumentEntry> instruments, YamlFields y)
    {
        var cited = new List<LegalVersion>();
        var dominant = key == "whenDominant";
        foreach (var entry in y.MappingList(node, key, what))
        {
            y.OnlyKeys(entry, $"{what}, {key}", dominant ? DominantKeys : CitedKeys);
            if (ReadProvision(entry, $"{what}, {key}", instruments, y) is { } provision)
            {
                cited.Add(dominant ? provision with { Penalties = ReadPenalties(entry, provision, $"{what}, {key}", instruments, y) } : provision);
            }
        }

        return cited;
    }

    private sealed record InstrumentEntry(string Name, Bilingual Title, string Authentic, string? Link, DateRange InForce);

    private static Dictionary<string, InstrumentEntry> ReadInstruments(YamlMappingNode root, YamlFields y)
    {
        var result = new Dictionary<string, InstrumentEntry>(StringComparer.Ordinal);
        if (YamlFields.Get(root, "instruments") is not { } node)
        {
            return result;
        }

        if (node is not YamlMappingNode map)
        {
            y.Error(node, "'instruments' must be a mapping of key → { name, title: { zh, en }, authentic, link, inForceFrom, inForceTo }");
            return result;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "?";
            var what = $"instrument '{key}'";
            if (valueNode is not YamlMappingNode entry)
            {
                y.Error(valueNode, $"{what} must be a mapping");
                continue;
            }

            y.OnlyKeys(entry, what, InstrumentKeys);
            var name = y.Text(entry, "name", what);
            var title = y.Bilingual(entry, "title", what);
            var authentic = y.Text(entry, "authentic", what);
            if (authentic is not null and not (Languages.Chinese or Languages.English))
            {
                y.Error(YamlFields.Get(entry, "authentic")!, $"{what}: 'authentic' names the language whose text is the law, {Languages.Chinese} or {Languages.English}, was '{authentic}'");
                authentic = null;
            }

            var from = y.Date(entry, "inForceFrom", what, required: false);
            var to = y.Date(entry, "inForceTo", what, required: false);
            if (from is { } f && to is { } t && t < f)
            {
                y.Error(entry, $"{what}: inForceTo is before inForceFrom");
            }

            if (name is not null && title is not null && authentic is not null)
            {
                result[key] = new InstrumentEntry(name, title, authentic, y.Text(entry, "link", what, required: false), new DateRange(from ?? DateRange.BeginningOfTime, to ?? DateRange.EndOfTime));
            }
        }

        return result;
    }

    private static RuleDefinition? ReadRule(YamlMappingNode node, string profileId, string profileHash, Dictionary<string, InstrumentEntry> instruments, YamlFields y)
    {
        var id = y.Text(node, "id", "a rule");
        var what = id is null ? "a rule" : $"rule {id}";
        y.OnlyKeys(node, what, RuleKeys);
        var typeName = y.Text(node, "type", what);
        var type = typeName is null ? null : RuleTypeCatalog.Find(typeName);
        if (typeName is not null && type is null)
        {
            y.Error(YamlFields.Get(node, "type")!, $"{what}: unknown rule type '{typeName}'; known types: {string.Join(", ", RuleTypeCatalog.All.Select(t => t.Name))}");
        }

        var version = y.WholeNumber(node, "version", what, min: 1);
        var severityText = y.Text(node, "severity", what);
        Severity? severity = severityText is null ? null : WireNames.Parse<Severity>(severityText);
        if (severityText is not null && severity is null)
        {
            y.Error(YamlFields.Get(node, "severity")!, $"{what}: unknown severity '{severityText}'; expected one of: {string.Join(", ", WireNames.Names<Severity>())}");
        }

        var parameters = type is null ? null : ReadParameters(YamlFields.Get(node, "parameters"), type, what, y, complete: true, node);
        var policy = y.TextList(node, "policy", what).ToHashSet(StringComparer.Ordinal);
        foreach (var name in policy)
        {
            if (type is not null && type.Parameters.All(p => p.Name != name))
            {
                y.Error(YamlFields.Get(node, "policy")!, $"{what}: 'policy' names '{name}', which is not a parameter of type {type.Name}");
            }
        }

        var law = new List<LegalVersion>();
        foreach (var entry in y.MappingList(node, "law", what, required: true))
        {
            if (ReadLaw(entry, type, what, instruments, y) is { } legal)
            {
                law.Add(legal);
            }
        }

        law.Sort((a, b) => a.InForce.Start.CompareTo(b.InForce.Start));
        for (var i = 1; i < law.Count; i++)
        {
            if (law[i].InForce.Overlaps(law[i - 1].InForce))
            {
                y.Error(YamlFields.Get(node, "law")!, $"{what}: legal versions '{law[i - 1].Name}' and '{law[i].Name}' are in force at the same time");
            }
        }

        if (YamlFields.Get(node, "law") is YamlSequenceNode { Children.Count: 0 } emptyLaw)
        {
            y.Error(emptyLaw, $"{what}: 'law' must name at least one legal version");
        }

        var title = y.Bilingual(node, "title", what);
        var summary = y.Bilingual(node, "summary", what);
        if (id is null || type is null || version is null || severity is null || parameters is null || title is null || summary is null)
        {
            return null;
        }

        return new RuleDefinition
        {
            Id = id,
            Type = type.Name,
            Version = version.Value,
            Severity = severity.Value,
            Family = y.Text(node, "family", what, required: false) ?? DefaultFamily(id),
            Enabled = y.Boolean(node, "enabled", what) ?? true,
            Title = title,
            Summary = summary,
            Parameters = parameters,
            PolicyParameters = policy,
            Law = law,
            WhenDominant = ReadCited(node, "whenDominant", what, instruments, y),
            ProfileId = profileId,
            ProfileHash = profileHash,
            Location = y.At(node),
        };
    }

    // The first two parts of the id: CN-AML24-SINGLE → CN-AML24; DMA-11-REPORT-LATE → DMA-11; GEN-HHI-LEVEL → GEN-HHI.
    private static string DefaultFamily(string id)
    {
        var parts = id.Split('-');
        return parts.Length > 2 ? $"{parts[0]}-{parts[1]}" : id;
    }

    private static LegalVersion? ReadLaw(YamlMappingNode entry, RuleType? type, string what, Dictionary<string, InstrumentEntry> instruments, YamlFields y)
    {
        y.OnlyKeys(entry, $"{what}, law", LawKeys);
        var overrides = type is null || YamlFields.Get(entry, "parameters") is not { } p ? null : ReadParameters(p, type, what, y, complete: false, entry);
        var also = ReadCited(entry, "also", what, instruments, y);
        return ReadProvision(entry, $"{what}, law", instruments, y) is { } provision
            ? provision with { Parameters = overrides, Also = also, Penalties = ReadPenalties(entry, provision, $"{what}, law", instruments, y) }
            : null;
    }

    private static LegalVersion? ReadProvision(YamlMappingNode entry, string what, Dictionary<string, InstrumentEntry> instruments, YamlFields y)
    {
        var key = y.Text(entry, "instrument", what);
        var article = y.Bilingual(entry, "article", what);
        InstrumentEntry? instrument = null;
        if (key is not null && !instruments.TryGetValue(key, out instrument))
        {
            y.Error(YamlFields.Get(entry, "instrument")!, $"{what}: unknown instrument '{key}'; define it under 'instruments'");
        }

        var from = y.Date(entry, "inForceFrom", what, required: false);
        var to = y.Date(entry, "inForceTo", what, required: false);
        if (instrument is null || article is null)
        {
            return null;
        }

        var inForce = new DateRange(from ?? instrument.InForce.Start, to ?? instrument.InForce.End);
        if (inForce.End < inForce.Start)
        {
            y.Error(entry, $"{what}: '{instrument.Name}' ends before it starts");
            return null;
        }

        var (quoteZh, quoteEn, quote) = y.Languages(entry, "quote", what);
        if (quote is not null && (instrument.Authentic == Languages.Chinese ? quoteZh : quoteEn) is null)
        {
            y.Error(quote, $"{what}: the quote gives no text in {instrument.Authentic}, the language in which {instrument.Name} is authentic (a translation is given with the authentic text, never alone)");
        }

        return new LegalVersion
        {
            Name = instrument.Name,
            Instrument = instrument.Title,
            Article = article,
            Authentic = instrument.Authentic,
            QuoteZh = quoteZh,
            QuoteEn = quoteEn,
            Link = y.Text(entry, "link", what, required: false) ?? instrument.Link,
            InForce = inForce,
        };
    }

    private static RuleParameters? ReadParameters(YamlNode? node, RuleType type, string what, YamlFields y, bool complete, YamlNode owner)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var ok = true;
        if (node is not null and not YamlMappingNode)
        {
            y.Error(node, $"{what}: 'parameters' must be a mapping");
            return null;
        }

        var map = node as YamlMappingNode;
        if (map is not null)
        {
            y.OnlyKeys(map, $"{what}, parameters of type {type.Name}", type.Parameters.Select(p => p.Name).ToArray());
        }

        foreach (var spec in type.Parameters)
        {
            var valueNode = map is null ? null : YamlFields.Get(map, spec.Name);
            if (valueNode is null)
            {
                if (complete && spec.Required)
                {
                    y.Error(map ?? owner, $"{what}: parameter '{spec.Name}' is missing ({spec.Meaning})");
                    ok = false;
                }

                continue;
            }

            if (ReadParameter(valueNode, spec, what, y) is { } value)
            {
                values[spec.Name] = value;
            }
            else
            {
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        var parameters = new RuleParameters(values);
        if (complete)
        {
            foreach (var problem in type.Check(parameters))
            {
                y.Error(map ?? owner, $"{what}: {problem}");
                ok = false;
            }
        }

        return ok ? parameters : null;
    }

    private static object? ReadParameter(YamlNode node, ParameterSpec spec, string what, YamlFields y)
    {
        var text = (node as YamlScalarNode)?.Value?.Trim();
        switch (spec.Kind)
        {
            case ParameterKind.Fraction:
            case ParameterKind.Number:
                var rational = Rational.TryParse(text);
                if (rational is not { } r || r < Rational.Zero || (spec.Kind == ParameterKind.Fraction && r > Rational.FromInteger(1)))
                {
                    y.Error(node, spec.Kind == ParameterKind.Fraction
                        ? $"{what}: parameter '{spec.Name}' must be a fraction between 0 and 1 such as 2/3 or 0.5, was '{text}'"
                        : $"{what}: parameter '{spec.Name}' must be a number of at least 0 such as 1800 or 0.25, was '{text}'");
                    return null;
                }

                return r;
            case ParameterKind.WholeNumber:
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
                {
                    y.Error(node, $"{what}: parameter '{spec.Name}' must be a whole number of at least 0, was '{text}'");
                    return null;
                }

                return whole;
            case ParameterKind.Text:
                if (string.IsNullOrWhiteSpace(text))
                {
                    y.Error(node, $"{what}: parameter '{spec.Name}' must be a non-empty text");
                    return null;
                }

                return text;
            case ParameterKind.TextList:
                if (node is not YamlSequenceNode sequence || sequence.Any(i => i is not YamlScalarNode { Value: not null }))
                {
                    y.Error(node, $"{what}: parameter '{spec.Name}' must be a list of texts");
                    return null;
                }

                return sequence.Select(i => ((YamlScalarNode)i).Value!.Trim()).ToList();
            case ParameterKind.Money:
                if (node is not YamlMappingNode money)
                {
                    y.Error(node, $"{what}: parameter '{spec.Name}' must be {{ amount: …, currency: … }}");
                    return null;
                }

                var amountText = y.Text(money, "amount", $"{what}, parameter '{spec.Name}'");
                var currency = y.Text(money, "currency", $"{what}, parameter '{spec.Name}'");
                if (!decimal.TryParse(amountText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                    || currency is null || currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
                {
                    y.Error(node, $"{what}: parameter '{spec.Name}' must have a non-negative amount and an ISO 4217 currency");
                    return null;
                }

                return new Money { Amount = amount, Currency = currency };
            case ParameterKind.Severity:
                if (text is null || WireNames.Parse<Severity>(text) is not { } severity)
                {
                    y.Error(node, $"{what}: parameter '{spec.Name}' must be one of: {string.Join(", ", WireNames.Names<Severity>())}, was '{text}'");
                    return null;
                }

                return severity;
            default:
                throw new InvalidOperationException($"parameter kind {spec.Kind} has no reader");
        }
    }

    private static ProfileDesignation? ReadDesignation(YamlMappingNode node, YamlFields y)
    {
        const string What = "a designation";
        y.OnlyKeys(node, What, DesignationKeys);
        var platform = y.Text(node, "platformId", What);
        var kindText = y.Text(node, "kind", What);
        DesignationKind? kind = kindText is null ? null : WireNames.Parse<DesignationKind>(kindText);
        if (kindText is not null && kind is null)
        {
            y.Error(YamlFields.Get(node, "kind")!, $"{What}: unknown kind '{kindText}'; expected one of: {string.Join(", ", WireNames.Names<DesignationKind>())}");
        }

        var decided = y.Date(node, "decidedAt", What);
        var from = y.Date(node, "obligationsFrom", What);
        var basis = y.Text(node, "legalBasis", What);
        if (platform is null || kind is null || decided is null || from is null || basis is null)
        {
            return null;
        }

        return new ProfileDesignation(platform, kind.Value, y.Text(node, "marketId", What, required: false), y.TextList(node, "services", What), decided.Value, from.Value, y.Date(node, "revokedAt", What, required: false), basis);
    }

    private static FxRate? ReadFxRate(YamlMappingNode node, YamlFields y)
    {
        const string What = "an fxRates entry";
        y.OnlyKeys(node, What, FxKeys);
        var year = y.WholeNumber(node, "year", What, min: 1900);
        var currency = y.Text(node, "currency", What);
        var basis = y.Text(node, "base", What);
        var rateText = y.Text(node, "rate", What);
        if (rateText is not null && (!decimal.TryParse(rateText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate <= 0))
        {
            y.Error(YamlFields.Get(node, "rate")!, $"{What}: 'rate' must be a positive number, was '{rateText}'");
            return null;
        }

        return year is null || currency is null || basis is null || rateText is null ? null : new FxRate(year.Value, currency, basis, decimal.Parse(rateText, CultureInfo.InvariantCulture));
    }

    private static void CheckAcrossFiles(List<(RuleProfile Profile, SourceLocation At, List<(string Id, SourceLocation At)> RuleIds)> profiles, List<ProfileError> errors)
    {
        var ids = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var rules = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (profile, at, ruleIds) in profiles)
        {
            if (!ids.TryAdd(profile.Id, at))
            {
                errors.Add(new ProfileError(at, $"duplicate profile id '{profile.Id}' (first at {ids[profile.Id]})"));
            }

            foreach (var (ruleId, ruleAt) in ruleIds)
            {
                if (!rules.TryAdd(ruleId, ruleAt))
                {
                    errors.Add(new ProfileError(ruleAt, $"duplicate rule id '{ruleId}' (first at {rules[ruleId]})"));
                }
            }
        }

        foreach (var (profile, at, _) in profiles)
        {
            foreach (var ruleId in profile.DominanceFrom.Where(r => !rules.ContainsKey(r)))
            {
                errors.Add(new ProfileError(at, $"profile '{profile.Id}': dominanceFrom names '{ruleId}', which is not a loaded rule"));
            }

            foreach (var include in profile.Includes)
            {
                if (!ids.ContainsKey(include))
                {
                    errors.Add(new ProfileError(at, $"profile '{profile.Id}' includes '{include}', which is not loaded"));
                }
            }
        }
    }
}
