using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Rules.Profiles;

/// <summary>The loaded profiles, and which rules apply to an event of a jurisdiction.</summary>
public sealed class ProfileSet
{
    private readonly Dictionary<string, RuleProfile> _byId;
    private readonly Dictionary<string, RuleDefinition> _rulesById;
    private readonly Dictionary<string, IReadOnlyList<RuleDefinition>> _byJurisdiction = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _penaltyZh = new(StringComparer.Ordinal);
    private readonly Lock _cacheLock = new();

    /// <summary>A set of profiles that loaded without errors.</summary>
    public ProfileSet(IReadOnlyList<RuleProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        Profiles = profiles;
        _byId = profiles.ToDictionary(p => p.Id, StringComparer.Ordinal);
        _rulesById = profiles.SelectMany(p => p.Rules).ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var penalty in profiles.SelectMany(p => p.Rules).SelectMany(r => r.Law.Concat(r.WhenDominant)).SelectMany(v => v.Penalties))
        {
            _penaltyZh.TryAdd(penalty.Citation, penalty.CitationZh);
            if (penalty.Aggravated is { } aggravated)
            {
                _penaltyZh.TryAdd(aggravated.Citation, aggravated.CitationZh);
            }
        }

        Hash = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join('\n', profiles.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id + "=" + p.ContentHash)))));
    }

    /// <summary>The profiles, in load order.</summary>
    public IReadOnlyList<RuleProfile> Profiles { get; }

    /// <summary>Every rule of every profile.</summary>
    public IEnumerable<RuleDefinition> AllRules => Profiles.SelectMany(p => p.Rules);

    /// <summary>One hash for the whole set (of the profiles' own hashes).</summary>
    public string Hash { get; }

    /// <summary>A profile by id, or null.</summary>
    public RuleProfile? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>A rule by id, or null.</summary>
    public RuleDefinition? FindRule(string id) => _rulesById.GetValueOrDefault(id);

    /// <summary>
    /// The Chinese citation of a penalty provision the profiles name by its English citation
    /// (<c>AML 2022 Art. 57</c> → <c>《中华人民共和国反垄断法》（2022年修正）第五十七条</c>), for the
    /// citations a decision recorded in English; null when no profile names it.
    /// </summary>
    public string? PenaltyCitationZh(string citation) => _penaltyZh.GetValueOrDefault(citation);

    /// <summary>
    /// The rules that evaluate an event of a jurisdiction: those of the profiles naming it, of
    /// the profiles they include, and of the profiles for every jurisdiction (<c>common</c>).
    /// </summary>
    public IReadOnlyList<RuleDefinition> RulesFor(string jurisdiction)
    {
        lock (_cacheLock)
        {
            if (_byJurisdiction.TryGetValue(jurisdiction, out var cached))
            {
                return cached;
            }

            var profiles = new List<RuleProfile>();
            foreach (var profile in Profiles)
            {
                if (profile.EveryJurisdiction || profile.Jurisdictions.Contains(jurisdiction, StringComparer.Ordinal))
                {
                    AddWithIncludes(profile, profiles);
                }
            }

            var rules = profiles.SelectMany(p => p.Rules).ToList();
            _byJurisdiction[jurisdiction] = rules;
            return rules;
        }
    }

    /// <summary>
    /// The source precedence for figures of these jurisdictions: that of the first profile (in
    /// load order) that names one of them and declares one; else that of the first profile for
    /// every jurisdiction that declares one; else the default.
    /// </summary>
    public SourcePrecedence PrecedenceFor(IEnumerable<string> jurisdictions)
    {
        ArgumentNullException.ThrowIfNull(jurisdictions);
        var named = jurisdictions.ToHashSet(StringComparer.Ordinal);
        return Profiles.FirstOrDefault(p => !p.EveryJurisdiction && p.SourcePrecedence is not null && p.Jurisdictions.Any(named.Contains))?.SourcePrecedence
            ?? Profiles.FirstOrDefault(p => p.EveryJurisdiction && p.SourcePrecedence is not null)?.SourcePrecedence
            ?? SourcePrecedence.Default;
    }

    /// <summary>The rules for events that name no jurisdiction (acquisitions, platform profiles): every profile's.</summary>
    public IReadOnlyList<RuleDefinition> RulesForEveryJurisdiction() => AllRules.ToList();

    private void AddWithIncludes(RuleProfile profile, List<RuleProfile> into)
    {
        if (into.Contains(profile))
        {
            return;
        }

        into.Add(profile);
        foreach (var include in profile.Includes)
        {
            if (_byId.TryGetValue(include, out var included))
            {
                AddWithIncludes(included, into);
            }
        }
    }
}
