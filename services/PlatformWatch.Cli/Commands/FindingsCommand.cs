using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Cli.Commands;

/// <summary><c>platformwatch findings</c>: the findings in the case database.</summary>
internal static class FindingsCommand
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var database = new DatabaseOptions(required: true);
        var json = new Option<bool>("--json") { Description = "Print one JSON array (CONTRACTS.md, 'Findings as the CLI prints them')." };
        var all = new Option<bool>("--all") { Description = "Include withdrawn findings." };
        var command = new Command("findings", "List the findings in the case database.") { json, all };
        database.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var ops = await CliOptions.OpenAsync(database, parse, mustExist: true, ct);
            var findings = await CasesCommand.Act(() => ops.Findings.AllAsync(Actor.Operator("cli"), parse.GetValue(all), ct));
            Console.WriteLine(parse.GetValue(json) ? ToJson(findings) : ToTable(findings));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The JSON form: one array, each element with the fields of CONTRACTS.md and nulls where a field does not apply.</summary>
    public static string ToJson(IEnumerable<StoredFinding> findings) =>
        new JsonArray(findings.Select(f => (JsonNode)FindingJson.Of(f)).ToArray()).ToJsonString(Pretty);

    private static string ToTable(IReadOnlyList<StoredFinding> findings)
    {
        if (findings.Count == 0)
        {
            return "No findings.";
        }

        string[] header = ["SEVERITY", "RULE", "PLATFORM", "MARKET", "PERIOD", "LAW", "CASE"];
        var rows = findings.Select(f => new[]
        {
            f.Severity,
            f.RuleId,
            f.PlatformId ?? "-",
            f.MarketId ?? "-",
            $"{Date(f.PeriodStart)}..{Date(f.PeriodEnd)}",
            JsonNode.Parse(f.LegalBasis)?["citation"]?.GetValue<string>() ?? "",
            f.CaseId ?? "-",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        var lines = new List<string> { Row(header, widths) };
        lines.AddRange(rows.Select(r => Row(r, widths)));
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"{findings.Count} findings."));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Row(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
