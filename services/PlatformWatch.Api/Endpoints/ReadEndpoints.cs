using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Rules.Types;
using PlatformWatch.Store;
using PlatformWatch.Api.Ui;

namespace PlatformWatch.Api.Endpoints;

/// <summary>What regulators read besides cases: rules and profiles, a market's structure, findings exports; and who the caller is.</summary>
internal static class ReadEndpoints
{
    private static readonly string[] Severities = ["critical", "high", "medium", "info"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", Me).RequireAuthorization(Policies.AnyCaller)
            .Declares<MeView>("getMe", "Callers", "The caller: role and platform");
        api.MapGet("/profiles", ListProfiles).RequireAuthorization(Policies.RegulatorRead)
            .Declares<ProfilesView>("listProfiles", "Rules", "The rule profiles in force");
        api.MapGet("/profiles/activations", ListActivations).RequireAuthorization(Policies.RegulatorRead)
            .Declares<ItemList<ActivationView>>("listProfileActivations", "Rules", "When each rule profile was put in force, by whom, with its content hash (newest first)").Reads("limit:integer");
        api.MapGet("/rules", ListRules).RequireAuthorization(Policies.RegulatorRead)
            .Declares<ItemList<RuleSummaryView>>("listRules", "Rules", "Every rule with its legal basis");
        api.MapGet("/rules/{ruleId}", GetRule).RequireAuthorization(Policies.RegulatorRead)
            .Declares<RuleView>("getRule", "Rules", "A rule: its test, parameters and every legal version").Refuses(404);
        api.MapGet("/markets/{marketId}", GetMarket).RequireAuthorization(Policies.RegulatorRead)
            .Declares<MarketView>("getMarket", "Markets", "A market's shares, HHI, CR3 and CR4 per metric and period").Refuses(404);
        api.MapGet("/findings", ExportFindings).RequireAuthorization(Policies.RegulatorRead)
            .Declares<IReadOnlyList<ExportedFinding>>("exportFindings", "Findings", "Findings as JSON or CSV (format=csv or Accept: text/csv)")
            .AlsoAnswers("text/csv")
            .Reads("platform", "market", "rule", "severity", "case", "from:date", "to:date", "status", "limit:integer", "format");
    }

    private static Ok<MeView> Me(HttpContext http)
    {
        var caller = Caller.From(http.User);
        return TypedResults.Ok(new MeView(caller.Role, caller.PlatformId, caller.Actor));
    }

    private static Ok<ProfilesView> ListProfiles(ActiveProfiles profiles) => TypedResults.Ok(new ProfilesView(
        profiles.Current.Hash,
        profiles.Current.Profiles.Select(p => new ProfileView(p.Id, p.Title.En, p.Title.Zh, p.Jurisdictions, p.EveryJurisdiction, p.ContentHash, p.Rules.Count, p.Designations.Count)).ToList()));

    private static async Task<IResult> ListActivations(HttpContext http, MarketService markets)
    {
        var q = new Query(http.Request.Query);
        var limit = q.Number("limit", 1, 1000) ?? 100;
        if (q.Problem() is { } problem)
        {
            return problem;
        }

        var activations = await markets.ActivationsAsync(Caller.From(http.User).AsActor(), limit, http.RequestAborted);
        return Problems.Of(activations, list => TypedResults.Ok(new ItemList<ActivationView>(list.Select(a =>
            new ActivationView(a.ProfileId, a.ContentHash, a.SetHash, a.Reason, a.ActivatedBy, Views.Time(a.ActivatedAt))).ToList())));
    }

    private static Ok<ItemList<RuleSummaryView>> ListRules(ActiveProfiles profiles) =>
        TypedResults.Ok(new ItemList<RuleSummaryView>(profiles.Current.AllRules.OrderBy(r => r.Id, StringComparer.Ordinal).Select(RuleSummary).ToList()));

    private static IResult GetRule(string ruleId, ActiveProfiles profiles)
    {
        if (profiles.Current.FindRule(ruleId) is not { } rule)
        {
            return Problems.NotFound(DisplayText.Format("api.rule", ruleId));
        }

        var type = RuleTypeCatalog.Find(rule.Type);
        return TypedResults.Ok(new RuleView(RuleSummary(rule))
        {
            Summary = rule.Summary.En,
            Test = type?.Test,
            Parameters = type?.Parameters.Select(p => new RuleParameterView(
                p.Name, p.Meaning, rule.Parameters.Has(p.Name) ? Value(rule.Parameters.Raw(p.Name)) : null, rule.PolicyParameters.Contains(p.Name))).ToList(),
            Law = rule.Law.Select(Law).ToList(),
            WhenDominant = rule.WhenDominant.Select(Law).ToList(),
        });
    }

    private static async Task<IResult> GetMarket(string marketId, HttpContext http, MarketService markets)
    {
        var market = await markets.ReadAsync(Caller.From(http.User).AsActor(), marketId, http.RequestAborted);
        return Problems.Of(market, picture => TypedResults.Ok(new MarketView(marketId, picture.Jurisdictions, picture.Series.Select(series => new MetricView(
            WireNames.Name(series.Metric),
            series.Periods.Select(period => new MarketPeriodView(
                FindingJson.Date(period.Period.Start),
                FindingJson.Date(period.Period.End),
                period.Shares.Select(f => new MarketShareView(
                    f.PlatformId, f.Share, f.EventId, f.Source, WireNames.Name(f.Kind),
                    period.AllFigures(f.PlatformId).Skip(1).Select(o => new OutrankedShare(o.Share, o.EventId, o.Source, WireNames.Name(o.Kind))).ToList())).ToList(),
                Exact.Number(period.Known), Exact.Number(period.Remainder), Exact.Number(period.Hhi),
                Exact.Number(period.ConcentrationRatio(3)), Exact.Number(period.ConcentrationRatio(4)))).ToList())).ToList())));
    }

    private static async Task<IResult> ExportFindings(HttpContext http, FindingService findings, IOptions<ApiOptions> options)
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

        var exported = await findings.ExportAsync(Caller.From(http.User).AsActor(), query, http.RequestAborted);
        var csv = format == "csv" || (format is null && http.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase));
        return Problems.Of(exported, export => csv
            ? Results.Text(FindingCsv.Write(export.Findings, export.Origins), "text/csv; charset=utf-8", Encoding.UTF8)
            : TypedResults.Ok(export.Findings.Select(f => new ExportedFinding(
                FindingJson.Document(f),
                f.EvidenceEventIds.Select(id => new EvidenceOrigin(id, export.Origins.GetValueOrDefault(id)?.Source, export.Origins.GetValueOrDefault(id)?.Submitter)).ToList())).ToList()));
    }

    internal static RuleSummaryView RuleSummary(RuleDefinition r) => new(
        r.Id, r.Type, r.Version, WireNames.Name(r.Severity), r.Family, r.ProfileId, r.Enabled, r.Law.Count == 0 ? null : Law(r.Law[^1]));

    private static LawView Law(LegalVersion law) => new(
        law.Name, law.Instrument.En, law.Article.En, law.QuoteEn, law.Link,
        law.InForce.Start == DateRange.BeginningOfTime ? null : FindingJson.Date(law.InForce.Start),
        law.InForce.End == DateRange.EndOfTime ? null : FindingJson.Date(law.InForce.End),
        law.Also.Select(Law).ToList());

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
