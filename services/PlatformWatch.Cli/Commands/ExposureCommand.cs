using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PlatformWatch.Application;
using PlatformWatch.Contracts;

namespace PlatformWatch.Cli.Commands;

/// <summary><c>platformwatch cases exposure ID [--base-year YYYY] [--json]</c>: what the law allows a decision to impose (RULES.md "Penalty exposure").</summary>
internal static class ExposureCommand
{
    public static Command Create()
    {
        var db = new DatabaseOptions(required: false);
        var id = new Argument<string>("ID") { Description = "The case id." };
        var baseYear = new Option<int?>("--base-year") { Description = "The fiscal year whose turnover is the base (default: the year before the case was opened for the Chinese laws, the year before the current one for the DMA)." };
        var profiles = ProgramOptions.Profiles();
        var json = CliOptions.JsonOutput();
        var command = new Command("exposure", "The penalty exposure of a case: per finding and provision, the base figure and the minimum and maximum fine the law allows.") { id, baseYear, profiles, json };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(baseYear) is { } year && year is < 1900 or > 9999)
            {
                throw new UsageException($"--base-year must be a year YYYY, was {year}");
            }

            var set = CliOptions.LoadProfiles(parse.GetValue(profiles));
            var ops = await CliOptions.OpenAsync(db, parse, mustExist: true, ct);
            var exposure = await CasesCommand.Act(() => ops.ExposureUnder(set).ForCaseAsync(Actor.Operator("cli"), parse.GetValue(id)!, parse.GetValue(baseYear), ct));
            Console.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(exposure, CliOptions.Json) : Text(exposure));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Text(CaseExposure exposure)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{exposure.CaseId}  platform {exposure.PlatformId ?? "(none)"}");
        foreach (var e in exposure.Entries)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {e.FindingId}  {e.RuleId}  {e.Citation}  base {(e.Base is { } b ? $"{b.Region} {b.FiscalYear} {Amount(b.Amount, b.Currency)} ({b.EventId})" : "-")}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    range {Of(e.Min)} – {Of(e.Max)}{(e.SeriousMax is { } s ? $"; serious {Of(e.SeriousMin)} – {Of(s)}" : "")}{(e.AggravatedMax is { } a ? $"; {e.AggravatedCitation}: {Of(e.AggravatedMin)} – {Of(a)}" : "")}{(e.MaxWithoutEffect is { } w ? $"; without effect up to {Of(w)}" : "")}{(e.Confiscation ? "; and confiscation of illegal gains" : "")}");
            foreach (var missing in e.Missing)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    missing: {missing}");
            }
        }

        foreach (var n in exposure.NoFine)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {n.FindingId}  {n.RuleId}  no fine: {n.Reason}");
        }

        return text.ToString().TrimEnd();
    }

    private static string Of(Money? money) => money is null ? "?" : Amount(money.Amount, money.Currency);

    private static string Amount(decimal amount, string currency) => $"{currency} {amount.ToString("#,##0.##", CultureInfo.InvariantCulture)}";
}
