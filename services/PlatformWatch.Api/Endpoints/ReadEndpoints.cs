using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Rules.Types;
using PlatformWatch.Store;
using PlatformWatch.Worker;

namespace PlatformWatch.Api.Endpoints;

/// <summary>What regulators read besides cases: rules and profiles, a market's structure, findings exports; and who the caller is.</summary>
internal static class ReadEndpoints
{
    private static readonly string[] Severities = ["critical", "high", "medium", "info"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", Me).RequireAuthorization(Policies.AnyCaller).WithSummary("The caller: role and platform");
        api.MapGet("/profiles", ListProfiles).RequireAuthorization(Policies.RegulatorRead).WithSummary("The rule profiles in force");
        api.MapGet("/profiles/activations", ListActivations).RequireAuthorization(Policies.RegulatorRead).WithSummary("When each rule profile was put in force, by whom, with its content hash (newest first)");
        api.MapGet("/rules", ListRules).RequireAuthorization(Policies.RegulatorRead).WithSummary("Every rule with its legal basis");
        api.MapGet("/rules/{ruleId}", GetRule).RequireAuthorization(Policies.RegulatorRead).WithSummary("A rule: its test, parameters and every legal version");
        api.MapGet("/markets/{marketId}", GetMarket).RequireAuthorization(Policies.RegulatorRead).WithSummary("A market's shares, HHI, CR3 and CR4 per metric and period");
        api.MapGet("/findings", ExportFindings).RequireAuthorization(Policies.RegulatorRead).WithSummary("Findings as JSON or CSV (format=csv or Accept: text/csv)");
    }

    private static IResult Me(HttpContext http)
    {
        var caller = Caller.From(http.User);
        return Results.Json(new JsonObject { ["role"] = caller.Role, ["platformId"] = caller.PlatformId, ["actor"] = caller.Actor });
    }

    private static IResult ListProfiles(ActiveProfiles profiles) => Results.Json(new JsonObject
    {
        ["hash"] = profiles.Current.Hash,
        ["items"] = new JsonArray(profiles.Current.Profiles.Select(p => (JsonNode?)new JsonObject
        {
            ["id"] = p.Id,
            ["title"] = p.Title,
            ["jurisdictions"] = new JsonArray(p.Jurisdictions.Select(j => (JsonNode?)j).ToArray()),
            ["everyJurisdiction"] = p.EveryJurisdiction,
            ["contentHash"] = p.ContentHash,
            ["rules"] = p.Rules.Count,
            ["designations"] = p.Designations.Count,
        }).ToArray()),
    });

    private static async Task<IResult> ListActivations(HttpContext http, CaseStore store)
    {
        var q = new Query(http.Request.Query);
        var limit = q.Number("limit", 1, 1000) ?? 100;
        if (q.Problem() is { } problem)
        {
            return problem;
        }

        var activations = await store.Profiles.ListActivationsAsync(limit, http.RequestAborted);
        return Results.Json(new JsonObject
        {
            ["items"] = new JsonArray(activations.Select(a => (JsonNode?)new JsonObject
            {
                ["profileId"] = a.ProfileId,
                ["contentHash"] = a.ContentHash,
                ["setHash"] = a.SetHash,
                ["reason"] = a.Reason,
                ["activatedBy"] = a.ActivatedBy,
                ["activatedAt"] = Views.Time(a.ActivatedAt),
            }).ToArray()),
        });
    }

    private static IResult ListRules(ActiveProfiles profiles) => Results.Json(new JsonObject
    {
        ["items"] = new JsonArray(profiles.Current.AllRules.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => (JsonNode?)RuleSummary(r)).ToArray()),
    });

    private static IResult GetRule(string ruleId, ActiveProfiles profiles)
    {
        if (profiles.Current.FindRule(ruleId) is not { } rule)
        {
            return Problems.NotFound($"rule '{ruleId}'");
        }

        var node = RuleSummary(rule);
        node["summary"] = rule.Summary;
        if (RuleTypeCatalog.Find(rule.Type) is { } type)
        {
            node["test"] = type.Test;
            node["parameters"] = new JsonArray(type.Parameters.Select(p => (JsonNode?)new JsonObject
            {
                ["name"] = p.Name,
                ["meaning"] = p.Meaning,
                ["value"] = rule.Parameters.Has(p.Name) ? Value(rule.Parameters.Raw(p.Name)) : null,
                ["policy"] = rule.PolicyParameters.Contains(p.Name),
            }).ToArray());
        }

        node["law"] = new JsonArray(rule.Law.Select(l => (JsonNode?)Law(l)).ToArray());
        node["whenDominant"] = new JsonArray(rule.WhenDominant.Select(l => (JsonNode?)Law(l)).ToArray());
        return Results.Json(node);
    }

    private static async Task<IResult> GetMarket(string marketId, HttpContext http, CaseStore store, ActiveProfiles profiles)
    {
        if (await LoadMarketAsync(store, profiles.Engine, marketId, http.RequestAborted) is not { } picture)
        {
            return Problems.NotFound($"market '{marketId}'");
        }

        return Results.Json(new JsonObject
        {
            ["marketId"] = marketId,
            ["jurisdictions"] = new JsonArray(picture.Jurisdictions.Select(j => (JsonNode?)j).ToArray()),
            ["metrics"] = new JsonArray(picture.Series.Select(series => (JsonNode?)new JsonObject
            {
                ["metric"] = WireNames.Name(series.Metric),
                ["periods"] = new JsonArray(series.Periods.Select(period => (JsonNode?)new JsonObject
                {
                    ["periodStart"] = FindingJson.Date(period.Period.Start),
                    ["periodEnd"] = FindingJson.Date(period.Period.End),
                    ["shares"] = new JsonArray(period.Shares.Select(f => (JsonNode?)new JsonObject
                    {
                        ["platformId"] = f.PlatformId,
                        ["share"] = f.Share,
                        ["eventId"] = f.EventId,
                        ["source"] = f.Source,
                        ["sourceKind"] = WireNames.Name(f.Kind),
                        ["outranks"] = new JsonArray(period.AllFigures(f.PlatformId).Skip(1).Select(o => (JsonNode?)new JsonObject
                        {
                            ["share"] = o.Share,
                            ["eventId"] = o.EventId,
                            ["source"] = o.Source,
                            ["sourceKind"] = WireNames.Name(o.Kind),
                        }).ToArray()),
                    }).ToArray()),
                    ["known"] = Exact.Number(period.Known),
                    ["remainder"] = Exact.Number(period.Remainder),
                    ["hhi"] = Exact.Number(period.Hhi),
                    ["cr3"] = Exact.Number(period.ConcentrationRatio(3)),
                    ["cr4"] = Exact.Number(period.ConcentrationRatio(4)),
                }).ToArray()),
            }).ToArray()),
        });
    }

    /// <summary>
    /// A market's structure from the figures reported for it, each kind of source's latest, with the
    /// figure that counts chosen by the active profiles' source precedence; null when none were.
    /// </summary>
    public static async Task<MarketPicture?> LoadMarketAsync(CaseStore store, RuleEngine engine, string marketId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(engine);
        var rows = await store.Ingestion.GetMarketSharesAsync(marketId, ct);
        return rows.Count == 0 ? null : engine.Picture(marketId, rows.Select(r => new ShareFigure(
            r.MarketId, WireNames.Parse<ShareMetric>(r.Metric) ?? throw new InvalidOperationException($"unknown metric {r.Metric}"), new DateRange(r.PeriodStart, r.PeriodEnd), r.PlatformId, r.Share, r.Jurisdiction, r.EventId, r.OccurredAt)
        {
            Source = r.Source,
            Kind = WireNames.Parse<SourceKind>(r.SourceKind) ?? SourceKind.Unclassified,
        }));
    }

    private static async Task<IResult> ExportFindings(HttpContext http, CaseStore store, CaseGate gate, IOptions<ApiOptions> options)
    {
        var q = new Query(http.Request.Query);
        var query = new FindingQuery
        {
            PlatformId = q.Text("platform"),
            MarketId = q.Text("market"),
            RuleId = q.Text("rule"),
            Severity = q.OneOf("severity", Severities),
            CaseId = q.Text("case"),
            PeriodFrom = q.Date("from"),
            PeriodTo = q.Date("to"),
            IncludeWithdrawn = q.OneOf("status", ["active", "all"]) == "all",
            Limit = q.Number("limit", 1, options.Value.MaxExportRows) ?? options.Value.MaxExportRows,
        };
        var format = q.OneOf("format", ["json", "csv"]);
        if (q.Problem() is { } problem)
        {
            return problem;
        }

        var caller = Caller.From(http.User);
        if (await gate.ViewerAsync(caller, http.RequestAborted) is not { } viewer)
        {
            return Problems.Forbidden(CaseGate.NoAuthority(caller));
        }

        var findings = await store.Findings.ListAsync(query with { Viewer = viewer }, http.RequestAborted);
        var origins = await store.Sources.GetEventOriginsAsync(findings.SelectMany(f => f.EvidenceEventIds), http.RequestAborted);
        var csv = format == "csv" || (format is null && http.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase));
        return csv
            ? Results.Text(FindingCsv.Write(findings, origins), "text/csv; charset=utf-8", Encoding.UTF8)
            : Results.Json(new JsonArray(findings.Select(f =>
            {
                var node = FindingJson.Of(f);
                node["evidence"] = new JsonArray(f.EvidenceEventIds.Select(id => (JsonNode?)new JsonObject
                {
                    ["eventId"] = id,
                    ["source"] = origins.GetValueOrDefault(id)?.Source,
                    ["submitter"] = origins.GetValueOrDefault(id)?.Submitter,
                }).ToArray());
                return (JsonNode?)node;
            }).ToArray()));
    }

    internal static JsonObject RuleSummary(RuleDefinition r) => new()
    {
        ["id"] = r.Id,
        ["type"] = r.Type,
        ["version"] = r.Version,
        ["severity"] = WireNames.Name(r.Severity),
        ["family"] = r.Family,
        ["profile"] = r.ProfileId,
        ["enabled"] = r.Enabled,
        ["legalBasis"] = r.Law.Count == 0 ? null : Law(r.Law[^1]),
    };

    private static JsonObject Law(LegalVersion law) => new()
    {
        ["name"] = law.Name,
        ["instrument"] = law.Instrument,
        ["article"] = law.Article,
        ["quote"] = law.Quote,
        ["link"] = law.Link,
        ["inForceFrom"] = law.InForce.Start == DateRange.BeginningOfTime ? null : FindingJson.Date(law.InForce.Start),
        ["inForceTo"] = law.InForce.End == DateRange.EndOfTime ? null : FindingJson.Date(law.InForce.End),
        ["also"] = new JsonArray(law.Also.Select(a => (JsonNode?)Law(a)).ToArray()),
    };

    internal static JsonNode? Value(object value) => value switch
    {
        IReadOnlyList<string> list => new JsonArray(list.Select(v => (JsonNode?)v).ToArray()),
        Money money => new JsonObject { ["amount"] = money.Amount, ["currency"] = money.Currency },
        Severity severity => WireNames.Name(severity),
        Rational rational => Exact.Text(rational),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Findings as CSV (RFC 4180): one row per finding, the measurements and thresholds as JSON. Text
/// that a spreadsheet would run as a formula is prefixed with an apostrophe.
/// </summary>
internal static class FindingCsv
{
    private static readonly string[] Header =
    [
        "findingId", "ruleId", "ruleVersion", "profileId", "platformId", "marketId", "periodStart", "periodEnd", "establishedFrom", "establishedTo",
        "severity", "status", "caseId", "legalBasis", "measured", "threshold", "evidenceEventIds", "raisedAt", "updatedAt", "evidenceSources",
    ];

    /// <summary>The rows; <c>evidenceSources</c> names each evidence event's source and submitter (<c>id (source; submitter)</c>, separated by <c> | </c>).</summary>
    public static string Write(IEnumerable<StoredFinding> findings, IReadOnlyDictionary<string, EventOrigin> origins)
    {
        var text = new StringBuilder();
        Row(text, Header);
        foreach (var f in findings)
        {
            var citation = System.Text.Json.Nodes.JsonNode.Parse(f.LegalBasis)?["citation"]?.GetValue<string>() ?? "";
            var evidence = string.Join(' ', System.Text.Json.JsonSerializer.Deserialize<string[]>(f.Evidence) ?? []);
            var sources = string.Join(" | ", f.EvidenceEventIds.Select(id => origins.GetValueOrDefault(id) is { } o ? $"{id} ({o.Source}; {o.Submitter ?? "not recorded"})" : id));
            Row(text,
            [
                f.FindingId, f.RuleId, f.RuleVersion.ToString(CultureInfo.InvariantCulture), f.ProfileId, f.PlatformId ?? "", f.MarketId ?? "",
                FindingJson.Date(f.PeriodStart), FindingJson.Date(f.PeriodEnd), FindingJson.Date(f.EstablishedFrom), FindingJson.Date(f.EstablishedTo),
                f.Severity, f.Status, f.CaseId ?? "", citation, f.Measured, f.Threshold, evidence, Views.Time(f.RaisedAt), Views.Time(f.UpdatedAt), sources,
            ]);
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(Cell(cells[i]));
        }

        text.Append("\r\n");
    }

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
