using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Store;

/// <summary>
/// The source registry as an operator writes it (a JSON file for <c>platformwatch sources set</c>,
/// or the body of <c>PUT /api/v1/sources</c>): CONTRACTS.md "Sources and submitters".
/// </summary>
public sealed record SourceSpec
{
    /// <summary>Every source the system accepts.</summary>
    public IReadOnlyList<SourceSpecEntry?>? Sources { get; init; }

    /// <summary>Reads a spec from JSON; refuses unknown fields so a typo never silently widens what is accepted.</summary>
    public static SourceSpec Parse(string json) =>
        JsonSerializer.Deserialize<SourceSpec>(json, SpecJson) ?? throw new JsonException("the document is empty");

    /// <summary>The spec as JSON, in the form <see cref="Parse"/> reads.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SpecJson);

    /// <summary>The spec of a registry.</summary>
    public static SourceSpec Of(SourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return new SourceSpec
        {
            Sources = registry.All.Select(s => (SourceSpecEntry?)new SourceSpecEntry
            {
                Id = s.SourceId,
                Name = s.Name,
                Kind = WireNames.Name(s.Kind),
                PlatformId = s.PlatformId,
                Jurisdictions = s.Jurisdictions,
                Submitters = s.Submitters,
            }).ToList(),
        };
    }

    private static readonly JsonSerializerOptions SpecJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        WriteIndented = true,
    };
}

/// <summary>One source of a <see cref="SourceSpec"/>; a field not set is left out wherever it is written (the file, the API).</summary>
public sealed record SourceSpecEntry
{
    /// <summary>The value events carry in <c>source</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }
    /// <summary>For people.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }
    /// <summary><c>decision</c>, <c>regulator</c>, <c>statistics-office</c>, <c>platform</c> or <c>third-party</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }
    /// <summary>Kind <c>platform</c> only: the one platform the source speaks for.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PlatformId { get; init; }
    /// <summary>The jurisdictions its events may concern (<c>CN</c>, <c>EU</c>, or <c>*</c> for all).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Jurisdictions { get; init; }
    /// <summary>The credentials allowed to submit its events: <c>api-key:ID</c>, <c>token:SUBJECT</c>, <c>amqp:USER</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Submitters { get; init; }
}

/// <summary>A registered source.</summary>
public sealed record SourceEntry(string SourceId, string Name, SourceKind Kind, string? PlatformId, IReadOnlyList<string> Jurisdictions, IReadOnlyList<string> Submitters);

/// <summary>A source as the database holds it (lists as JSON arrays).</summary>
public sealed record SourceRow
{
    /// <summary>The id.</summary>
    public required string SourceId { get; init; }
    /// <summary>Its place in the document.</summary>
    public int Position { get; init; }
    /// <summary>The name.</summary>
    public required string Name { get; init; }
    /// <summary>The kind's wire name.</summary>
    public required string Kind { get; init; }
    /// <summary>Kind platform: its platform.</summary>
    public string? PlatformId { get; init; }
    /// <summary>JSON array.</summary>
    public string Jurisdictions { get; init; } = "[]";
    /// <summary>JSON array.</summary>
    public string Submitters { get; init; } = "[]";
    /// <summary>When the registry was set.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One change of the source registry, as it is kept.</summary>
public sealed record SourceChangeRecord
{
    /// <summary>The change.</summary>
    public required string ChangeId { get; init; }
    /// <summary>When.</summary>
    public required DateTimeOffset ChangedAt { get; init; }
    /// <summary>Who (<c>api-key:ID</c>, <c>cli:USER</c> …).</summary>
    public required string ChangedBy { get; init; }
    /// <summary>The document put in force.</summary>
    public required string Document { get; init; }
    /// <summary>How many sources it holds.</summary>
    public int Sources { get; init; }
    /// <summary>Sources that were not registered before.</summary>
    public int Added { get; init; }
    /// <summary>Sources it drops.</summary>
    public int Removed { get; init; }
    /// <summary>Sources kept with another name, kind, platform, jurisdictions or submitters.</summary>
    public int Changed { get; init; }
}

/// <summary>How an event came in: who submitted it, and whether as the operator of the command line.</summary>
/// <param name="Submitter"><c>api-key:ID</c>, <c>token:SUBJECT</c>, <c>amqp:USER</c> or <c>cli:ACTOR</c>.</param>
/// <param name="IsOperator">The command line's operator may submit for any registered source.</param>
public sealed record Submission(string Submitter, bool IsOperator = false)
{
    /// <summary>An event from the command line (<c>cli:ACTOR</c>), submitted as the operator.</summary>
    public static Submission Cli(string actor) => new("cli:" + actor, true);
}

/// <summary>
/// The sources the system accepts, or none set (every source accepted, as <c>unclassified</c>).
/// Checks an event against CONTRACTS.md "Sources and submitters".
/// </summary>
public sealed partial class SourceRegistry
{
    private readonly Dictionary<string, SourceEntry> _byId;

    private SourceRegistry(bool isSet, IReadOnlyList<SourceEntry> all)
    {
        IsSet = isSet;
        All = all;
        _byId = all.ToDictionary(s => s.SourceId, StringComparer.Ordinal);
    }

    /// <summary>No registry: everything is accepted, as unclassified.</summary>
    public static SourceRegistry None { get; } = new(false, []);

    /// <summary>Whether a registry was ever set (then it is the list of sources accepted).</summary>
    public bool IsSet { get; }

    /// <summary>The sources, in document order.</summary>
    public IReadOnlyList<SourceEntry> All { get; }

    /// <summary>A source by id, or null.</summary>
    public SourceEntry? Find(string sourceId) => _byId.GetValueOrDefault(sourceId);

    /// <summary>The kind a figure of this source counts as: unclassified without a registry or for an unknown source.</summary>
    public SourceKind KindOf(string sourceId) => Find(sourceId)?.Kind ?? SourceKind.Unclassified;

    /// <summary>
    /// Why an event is refused (the reason for the field <c>source</c>), or null when it is accepted:
    /// not registered, a submitter the source does not allow (the command line's operator may submit
    /// for any registered source), a jurisdiction outside the source's, or (kind platform) about another
    /// platform. Decisions and reporting obligations come only from sources of kind decision or regulator.
    /// </summary>
    public string? Refusal(IInboundEvent inbound, Submission submission) => Refuse(inbound, submission)?.Message;

    /// <summary>The <see cref="Refusal"/> of an event in English and in the current UI culture.</summary>
    public SourceRefusal? Refuse(IInboundEvent inbound, Submission submission)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(submission);
        if (!IsSet)
        {
            return null;
        }

        if (Find(inbound.Source) is not { } source)
        {
            return new SourceRefusal("source.notRegistered", inbound.Source);
        }

        if (!submission.IsOperator && !source.Submitters.Contains(submission.Submitter, StringComparer.Ordinal))
        {
            return new SourceRefusal("source.submitter", submission.Submitter, source.SourceId);
        }

        if (!source.Jurisdictions.Contains("*", StringComparer.Ordinal))
        {
            if (JurisdictionOf(inbound) is not { } jurisdiction)
            {
                return new SourceRefusal("source.everyJurisdiction", InboundContracts.NameOf(inbound), source.SourceId, string.Join(", ", source.Jurisdictions));
            }

            if (!source.Jurisdictions.Contains(jurisdiction, StringComparer.Ordinal))
            {
                return new SourceRefusal("source.jurisdiction", source.SourceId, jurisdiction, string.Join(", ", source.Jurisdictions));
            }
        }

        if (source.Kind == SourceKind.Platform && EventFacts.PlatformOf(inbound) is { } about && about != source.PlatformId)
        {
            return new SourceRefusal("source.platform", source.SourceId, source.PlatformId, about);
        }

        if (inbound is DesignationDecided or ReportingObligationSet && source.Kind is not (SourceKind.Decision or SourceKind.Regulator))
        {
            return new SourceRefusal("source.decisionOnly", InboundContracts.NameOf(inbound), source.SourceId, WireNames.Name(source.Kind));
        }

        return null;
    }

    /// <summary>The one jurisdiction an event concerns, or null for those of every jurisdiction (acquisitions, platform profiles).</summary>
    public static string? JurisdictionOf(IInboundEvent inbound) => inbound switch
    {
        MarketShareReported e => e.Jurisdiction,
        ConductObserved e => e.Jurisdiction,
        PriceQuoteObserved e => e.Jurisdiction,
        RankingObserved e => e.Jurisdiction,
        SelfRegulationReportSubmitted e => e.Jurisdiction,
        DesignationDecided e => e.Jurisdiction,
        ReportingObligationSet e => e.Jurisdiction,
        _ => null,
    };

    /// <summary>A registry from the database's rows; <paramref name="isSet"/> once a change was recorded.</summary>
    public static SourceRegistry FromRows(bool isSet, IEnumerable<SourceRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new SourceRegistry(isSet, rows.OrderBy(r => r.Position).Select(r => new SourceEntry(
            r.SourceId,
            r.Name,
            WireNames.Parse<SourceKind>(r.Kind) ?? SourceKind.Unclassified,
            r.PlatformId,
            JsonSerializer.Deserialize<List<string>>(r.Jurisdictions) ?? [],
            JsonSerializer.Deserialize<List<string>>(r.Submitters) ?? [])).ToList());
    }

    /// <summary>
    /// Checks a spec: a registry, or every error naming its field (<c>sources[2].kind: …</c>), the
    /// reasons in <paramref name="language"/> (default: English; the API passes the request's).
    /// </summary>
    public static (SourceRegistry? Registry, IReadOnlyList<string> Errors) FromSpec(SourceSpec spec, CultureInfo? language = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string T(string key, params object?[] args) => StoreMessages.Text.In(language ?? CultureInfo.InvariantCulture, "spec.sources." + key, args);
        var errors = new List<string>();
        if (spec.Sources is null)
        {
            return (null, ["sources: " + T("required")]);
        }

        var entries = new List<SourceEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Sources.Count; i++)
        {
            var at = $"sources[{i}]";
            if (spec.Sources[i] is not { } s)
            {
                errors.Add($"{at}: {T("object")}");
                continue;
            }

            var before = errors.Count;
            if (string.IsNullOrWhiteSpace(s.Id) || s.Id.Length > 200 || s.Id.Trim() != s.Id)
            {
                errors.Add($"{at}.id: {T("id")}");
            }
            else if (!seen.Add(s.Id))
            {
                errors.Add($"{at}.id: {T("idTwice", s.Id)}");
            }

            if (string.IsNullOrWhiteSpace(s.Name) || s.Name.Length > 400)
            {
                errors.Add($"{at}.name: {T("name")}");
            }

            var kind = s.Kind is null ? null : WireNames.Parse<SourceKind>(s.Kind);
            if (kind is null or SourceKind.Unclassified)
            {
                errors.Add($"{at}.kind: {T("kind")}");
            }
            else if (kind == SourceKind.Platform && string.IsNullOrWhiteSpace(s.PlatformId))
            {
                errors.Add($"{at}.platformId: {T("platformRequired")}");
            }
            else if (kind != SourceKind.Platform && s.PlatformId is not null)
            {
                errors.Add($"{at}.platformId: {T("platformOnly")}");
            }

            if (s.Jurisdictions is not { Count: > 0 })
            {
                errors.Add($"{at}.jurisdictions: {T("jurisdictions")}");
            }
            else
            {
                for (var j = 0; j < s.Jurisdictions.Count; j++)
                {
                    if (s.Jurisdictions[j] is not { } code || (code != "*" && !JurisdictionCode().IsMatch(code)))
                    {
                        errors.Add($"{at}.jurisdictions[{j}]: {T("jurisdiction")}");
                    }
                }
            }

            if (s.Submitters is null)
            {
                errors.Add($"{at}.submitters: {T("submitters")}");
            }
            else
            {
                for (var j = 0; j < s.Submitters.Count; j++)
                {
                    if (s.Submitters[j] is not { } submitter || !SubmitterForm().IsMatch(submitter))
                    {
                        errors.Add($"{at}.submitters[{j}]: {T("submitter")}");
                    }
                }
            }

            if (errors.Count == before)
            {
                entries.Add(new SourceEntry(s.Id!, s.Name!, kind!.Value, s.PlatformId, [.. s.Jurisdictions!], [.. s.Submitters!]));
            }
        }

        return errors.Count > 0 ? (null, errors) : (new SourceRegistry(true, entries), []);
    }

    /// <summary>How a registry differs from this one: sources added, removed and changed.</summary>
    public (int Added, int Removed, int Changed) Diff(SourceRegistry next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var added = next.All.Count(s => Find(s.SourceId) is null);
        var removed = All.Count(s => next.Find(s.SourceId) is null);
        var changed = next.All.Count(s => Find(s.SourceId) is { } held && !Same(held, s));
        return (added, removed, changed);
    }

    private static bool Same(SourceEntry a, SourceEntry b) =>
        a.Name == b.Name && a.Kind == b.Kind && a.PlatformId == b.PlatformId
        && a.Jurisdictions.SequenceEqual(b.Jurisdictions, StringComparer.Ordinal) && a.Submitters.SequenceEqual(b.Submitters, StringComparer.Ordinal);

    [GeneratedRegex("^[A-Z][A-Z0-9-]{0,19}$")]
    private static partial Regex JurisdictionCode();

    [GeneratedRegex("^(api-key|token|amqp):[^\\s]{1,200}$")]
    private static partial Regex SubmitterForm();
}

/// <summary>
/// Why the source registry refuses an event (<c>Resources/StoreMessages.resx</c>, keys <c>source.*</c>):
/// English as <see cref="Message"/> (what the worker and the command line record), in the current UI
/// culture as <see cref="Localized"/> (what the API answers).
/// </summary>
public sealed class SourceRefusal
{
    private readonly string _key;
    private readonly object?[] _args;

    internal SourceRefusal(string key, params object?[] args)
    {
        _key = key;
        _args = args;
    }

    /// <summary>The refusal in English.</summary>
    public string Message => StoreMessages.Text.Invariant(_key, _args);

    /// <summary>The refusal in the current UI culture.</summary>
    public string Localized => StoreMessages.Text.Format(_key, _args);
}
