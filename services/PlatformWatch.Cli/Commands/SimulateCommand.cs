using System.CommandLine;
using System.Globalization;
using PlatformWatch.Cli.Simulation;

namespace PlatformWatch.Cli.Commands;

/// <summary>
/// <c>platformwatch simulate</c>: writes a simulated event stream (JSONL) with planted violations,
/// and beside it the findings the default profiles must produce from it (<c>NAME.expected.json</c>),
/// with obligations judged as of <c>--as-of</c> (default: the last simulated day), the date to give
/// <c>evaluate --as-of</c>.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "The random seed: the same seed gives the same stream.", DefaultValueFactory = _ => 1 };
        var markets = new Option<int>("--markets") { Description = "Markets (odd ones in China, even ones in the EU).", DefaultValueFactory = _ => 20 };
        var platforms = new Option<int>("--platforms") { Description = "Platforms in the pool the markets draw 4 to 8 from.", DefaultValueFactory = _ => 30 };
        var days = new Option<int>("--days") { Description = "Days simulated from 2024-01-01 (shares are quarterly).", DefaultValueFactory = _ => 730 };
        var asOf = new Option<string?>("--as-of")
        {
            Description = "The evaluation date YYYY-MM-DD the expected findings assume for obligations with due dates (default: the last simulated day); give evaluate --as-of the same date.",
        };
        var output = new Option<FileInfo>("--out") { Description = "The JSONL file to write (the ground truth goes beside it).", Required = true };
        var command = new Command("simulate", "Write a simulated event stream with planted violations and the findings it must give.")
        {
            seed, markets, platforms, days, asOf, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new SimulationSettings(parse.GetValue(seed), parse.GetValue(markets), parse.GetValue(platforms), parse.GetValue(days));
            if (settings.Markets < 1 || settings.Markets > 100_000)
            {
                throw new UsageException("--markets: must be from 1 to 100000");
            }

            if (settings.Platforms < 4 || settings.Platforms > 10_000)
            {
                throw new UsageException("--platforms: must be from 4 to 10000");
            }

            if (settings.Days < 1 || settings.Days > 3660)
            {
                throw new UsageException("--days: must be from 1 to 3660");
            }

            var evaluatedAsOf = parse.GetValue(asOf) is { } text ? EventFileRun.AsOf(text) : settings.LastDay;
            var file = parse.GetValue(output)!;
            var simulation = MarketSimulator.Build(settings);
            var stream = MarketSimulator.Jsonl(simulation);
            var expected = GroundTruth.Of(simulation, evaluatedAsOf);
            var truth = Path.Combine(file.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(file.Name) + ".expected.json");
            await File.WriteAllTextAsync(file.FullName, stream, ct);
            await File.WriteAllTextAsync(truth, GroundTruth.Json(expected), ct);
            var lines = stream.Count(c => c == '\n');
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{lines} events ({simulation.Markets.Count} markets, {simulation.Quarters.Count} quarters, {simulation.Conduct.Count} conduct observations, {simulation.Profiles.Count} platform profiles, {simulation.Designations.Count} designations, {simulation.Obligations.Count} reporting obligations, {simulation.Reports.Count} reports) to {file.FullName}; {expected.Count} expected findings as of {evaluatedAsOf:yyyy-MM-dd} (evaluate --as-of {evaluatedAsOf:yyyy-MM-dd}) to {truth}"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
