using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Hosting;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.Cli.Commands;

/// <summary><c>platformwatch rules list|validate|explain</c>: for the owners of the rule profiles.</summary>
internal static class RulesCommand
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create() => new("rules", "Inspect and check rule profiles.")
    {
        List(),
        Validate(),
        Explain(),
    };

    private static Command List()
    {
        var profiles = ProgramOptions.Profiles();
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List the rules: id, type, severity, legal basis, in force.") { profiles, json };
        command.SetAction(parse =>
        {
            var set = CliOptions.LoadProfiles(parse.GetValue(profiles));
            var rules = set.AllRules.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                var array = new JsonArray();
                foreach (var r in rules)
                {
                    array.Add(new JsonObject
                    {
                        ["id"] = r.Id,
                        ["type"] = r.Type,
                        ["severity"] = WireNames.Name(r.Severity),
                        ["profile"] = r.ProfileId,
                        ["version"] = r.Version,
                        ["enabled"] = r.Enabled,
                        ["legalBasis"] = Latest(r),
                        ["inForce"] = InForce(r),
                    });
                }

                Console.WriteLine(array.ToJsonString(Pretty));
                return ExitCodes.Ok;
            }

            Console.WriteLine(Table(
                ["ID", "TYPE", "SEVERITY", "PROFILE", "LEGAL BASIS", "IN FORCE", "ENABLED"],
                rules.Select(r => new[] { r.Id, r.Type, WireNames.Name(r.Severity), r.ProfileId, Latest(r), InForce(r), r.Enabled ? "yes" : "no" })));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rules.Count} rules in {set.Profiles.Count} profiles."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Validate()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "The folder of profile YAML files to check." };
        var command = new Command("validate", "Check a folder of rule profiles; every error with file:line and reason. Exit 0 when valid, 1 when not.") { directory };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(directory)!;
            if (!folder.Exists)
            {
                throw new UsageException($"rule profile folder '{folder.FullName}' does not exist");
            }

            var result = ProfileDirectory.Load(folder.FullName);
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine(error);
            }

            if (!result.Succeeded)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Errors.Count} errors; the profiles are refused."));
                return ExitCodes.Failed;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"valid: {result.Set!.Profiles.Count} profiles, {result.Set.AllRules.Count()} rules ({string.Join(", ", result.Set.Profiles.Select(p => $"{p.Id} {p.ContentHash[..15]}"))})"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Explain()
    {
        var id = new Argument<string>("ID") { Description = "A rule id, e.g. CN-AML24-JOINT2." };
        var profiles = ProgramOptions.Profiles();
        var command = new Command("explain", "Explain a rule: the test in words, its parameters and its legal basis.") { id, profiles };
        command.SetAction(parse =>
        {
            var set = CliOptions.LoadProfiles(parse.GetValue(profiles));
            var ruleId = parse.GetValue(id)!;
            var rule = set.FindRule(ruleId) ?? throw new UsageException($"no rule '{ruleId}'; 'platformwatch rules list' shows them");
            Console.WriteLine(Describe(rule));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static string Describe(RuleDefinition rule)
    {
        var type = RuleTypeCatalog.Find(rule.Type)!;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{rule.Id}: {rule.Title.En}. {rule.Summary.En}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  profile {rule.ProfileId}, rule version {rule.Version}, severity {WireNames.Name(rule.Severity)}, family {rule.Family}, {(rule.Enabled ? "enabled" : "DISABLED")}; defined at {rule.Location}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Test ({type.Name}): {type.Test}.");
        text.AppendLine();
        text.AppendLine("Parameters:");
        foreach (var spec in type.Parameters)
        {
            var value = rule.Parameters.Has(spec.Name) ? Show(rule.Parameters.Raw(spec.Name)) : "(not set)";
            var policy = rule.PolicyParameters.Contains(spec.Name) ? " [policy: not given in numbers by the law]" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {spec.Name} = {value}{policy}");
            text.AppendLine(CultureInfo.InvariantCulture, $"      {spec.Meaning}");
        }

        text.AppendLine();
        text.AppendLine("Law (the latest version in force during a finding's period applies):");
        foreach (var law in rule.Law)
        {
            AppendLaw(text, law, "  ");
            foreach (var name in law.Parameters?.Names ?? [])
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"      under this version: {name} = {Show(law.Parameters!.Raw(name))}");
            }

            foreach (var also in law.Also)
            {
                text.Append("      with ");
                AppendLaw(text, also, "");
            }
        }

        if (rule.WhenDominant.Count > 0)
        {
            text.AppendLine("Cited in addition when the platform is dominant:");
            foreach (var law in rule.WhenDominant)
            {
                AppendLaw(text, law, "  ");
            }
        }

        return text.ToString().TrimEnd();
    }

    private static void AppendLaw(StringBuilder text, LegalVersion law, string indent)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"{indent}{law.Name} {law.Article.En} — in force {Range(law.InForce)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{indent}    {law.Instrument.En}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{indent}    {law.Instrument.Zh}{law.Article.Zh}");
        var chineseAuthentic = law.Authentic == Languages.Chinese;
        if (law.QuoteEn is { } quote)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}    \"{quote}\"{(chineseAuthentic ? " (translation)" : "")}");
        }

        if (law.QuoteZh is { } chinese)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}    “{chinese}”{(chineseAuthentic ? " (Chinese, the authentic text)" : " (unofficial Chinese translation)")}");
        }

        if (law.Link is { } link)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}    {link}");
        }
    }

    private static string Latest(RuleDefinition rule) => rule.Law.Count == 0 ? "" : $"{rule.Law[^1].Name} {rule.Law[^1].Article.En}";

    private static string InForce(RuleDefinition rule) =>
        rule.Law.Count == 0 ? "" : Range(new DateRange(rule.Law.Min(l => l.InForce.Start), rule.Law.Max(l => l.InForce.End)));

    private static string Range(DateRange range) =>
        (range.Start == DateRange.BeginningOfTime, range.End == DateRange.EndOfTime) switch
        {
            (true, true) => "always (no in-force limit)",
            (false, true) => $"from {range.Start:yyyy-MM-dd}",
            (true, false) => $"until {range.End:yyyy-MM-dd}",
            _ => $"{range.Start:yyyy-MM-dd} to {range.End:yyyy-MM-dd}",
        };

    private static string Show(object value) => value switch
    {
        IReadOnlyList<string> list => "[" + string.Join(", ", list) + "]",
        Contracts.Money money => $"{money.Amount.ToString(CultureInfo.InvariantCulture)} {money.Currency}",
        Contracts.Severity severity => WireNames.Name(severity),
        Rational rational => Rules.Engine.Exact.Text(rational),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    internal static string Table(string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        var lines = new List<string> { Row(header, widths) };
        lines.AddRange(all.Select(r => Row(r, widths)));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Row(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
}
