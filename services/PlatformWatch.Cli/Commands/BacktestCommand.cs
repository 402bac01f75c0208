using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.Cli.Commands;

/// <summary>
/// <c>platformwatch backtest</c>: evaluates recorded events with a candidate profile set and with a
/// baseline, each in a scratch database, and prints the findings gained, lost and changed — how a
/// regulator tests a threshold change before it goes live.
/// </summary>
internal static class BacktestCommand
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var events = new Option<FileInfo>("--events") { Description = "The JSONL event file to replay.", Required = true };
        var candidate = new Option<DirectoryInfo>("--profiles") { Description = "The candidate profile folder.", Required = true };
        var baseline = new Option<DirectoryInfo?>("--baseline") { Description = "The baseline profile folder (default: the shipped profiles)." };
        var asOf = CliOptions.AsOf();
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("backtest", "Compare the findings a candidate profile set gives on recorded events with a baseline's: gained, lost and changed findings.")
        {
            events, candidate, baseline, asOf, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(events)!;
            if (!file.Exists)
            {
                throw new UsageException($"event file '{file.FullName}' does not exist");
            }

            var candidateSet = CliOptions.LoadProfiles(parse.GetValue(candidate));
            var baselineSet = CliOptions.LoadProfiles(parse.GetValue(baseline));
            var day = EventFileRun.AsOf(parse.GetValue(asOf));
            var scratch = Directory.CreateTempSubdirectory("platformwatch-backtest-");
            try
            {
                var before = await FindingsAsync(file, baselineSet, day, Path.Combine(scratch.FullName, "baseline.db"), ct);
                var after = await FindingsAsync(file, candidateSet, day, Path.Combine(scratch.FullName, "candidate.db"), ct);
                var diff = Diff(before, after);
                Console.WriteLine(parse.GetValue(json)
                    ? ToJson(diff, before.Count, after.Count, baselineSet.Hash, candidateSet.Hash, day).ToJsonString(Pretty)
                    : ToTable(diff, before.Count, after.Count));
                return ExitCodes.Ok;
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        });
        return command;
    }

    private sealed record Change(string Kind, StoredFinding? Before, StoredFinding? After)
    {
        public StoredFinding Any => After ?? Before!;
    }

    private static async Task<Dictionary<string, StoredFinding>> FindingsAsync(FileInfo file, Rules.Profiles.ProfileSet profiles, DateOnly asOf, string database, CancellationToken ct) =>
        (await EventFileRun.FindingsOfAsync(file, profiles, asOf, database, ct)).ToDictionary(f => f.FindingId, StringComparer.Ordinal);

    private static List<Change> Diff(Dictionary<string, StoredFinding> before, Dictionary<string, StoredFinding> after)
    {
        var changes = new List<Change>();
        foreach (var (id, finding) in after)
        {
            if (!before.TryGetValue(id, out var old))
            {
                changes.Add(new Change("gained", null, finding));
            }
            else if (old.Severity != finding.Severity || old.Measured != finding.Measured || old.Threshold != finding.Threshold || old.LegalBasis != finding.LegalBasis)
            {
                changes.Add(new Change("changed", old, finding));
            }
        }

        changes.AddRange(before.Where(b => !after.ContainsKey(b.Key)).Select(b => new Change("lost", b.Value, null)));
        return changes
            .OrderBy(c => c.Kind, StringComparer.Ordinal)
            .ThenBy(c => c.Any.RuleId, StringComparer.Ordinal)
            .ThenBy(c => c.Any.PlatformId, StringComparer.Ordinal)
            .ThenBy(c => c.Any.MarketId, StringComparer.Ordinal)
            .ThenBy(c => c.Any.PeriodStart)
            .ToList();
    }

    private static string ToTable(List<Change> diff, int before, int after)
    {
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"baseline {before} findings, candidate {after}: {diff.Count(d => d.Kind == "gained")} gained, {diff.Count(d => d.Kind == "lost")} lost, {diff.Count(d => d.Kind == "changed")} changed.");
        if (diff.Count == 0)
        {
            return "No difference. " + summary;
        }

        var table = RulesCommand.Table(
            ["CHANGE", "RULE", "PLATFORM", "MARKET", "PERIOD", "SEVERITY"],
            diff.Select(d => new[]
            {
                d.Kind,
                d.Any.RuleId,
                d.Any.PlatformId ?? "-",
                d.Any.MarketId ?? "-",
                $"{d.Any.PeriodStart:yyyy-MM-dd}..{d.Any.PeriodEnd:yyyy-MM-dd}",
                d.Kind == "changed" && d.Before!.Severity != d.After!.Severity ? $"{d.Before.Severity} → {d.After.Severity}" : d.Any.Severity,
            }));
        return table + Environment.NewLine + summary;
    }

    private static JsonObject ToJson(List<Change> diff, int before, int after, string baselineHash, string candidateHash, DateOnly asOf)
    {
        JsonArray Of(string kind) => new(diff.Where(d => d.Kind == kind).Select(d => (JsonNode)Entry(d)).ToArray());
        return new JsonObject
        {
            ["asOf"] = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["baseline"] = new JsonObject { ["profiles"] = baselineHash, ["findings"] = before },
            ["candidate"] = new JsonObject { ["profiles"] = candidateHash, ["findings"] = after },
            ["gained"] = Of("gained"),
            ["lost"] = Of("lost"),
            ["changed"] = Of("changed"),
        };
    }

    private static JsonObject Entry(Change d)
    {
        var entry = new JsonObject
        {
            ["findingId"] = d.Any.FindingId,
            ["ruleId"] = d.Any.RuleId,
            ["platformId"] = d.Any.PlatformId,
            ["marketId"] = d.Any.MarketId,
            ["periodStart"] = d.Any.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["periodEnd"] = d.Any.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (d.Before is { } b)
        {
            entry["before"] = new JsonObject { ["severity"] = b.Severity, ["measured"] = JsonNode.Parse(b.Measured), ["threshold"] = JsonNode.Parse(b.Threshold) };
        }

        if (d.After is { } a)
        {
            entry["after"] = new JsonObject { ["severity"] = a.Severity, ["measured"] = JsonNode.Parse(a.Measured), ["threshold"] = JsonNode.Parse(a.Threshold) };
        }

        return entry;
    }
}
