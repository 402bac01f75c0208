using System.CommandLine;
using System.Globalization;
using PlatformWatch.Simulator;

// platformwatch-simulate: writes a simulated event stream (JSONL) with planted violations and,
// beside it, the findings the default profiles must produce from it (NAME.expected.json), with
// obligations judged as of --as-of (default: the last simulated day), the date to give
// `platformwatch evaluate --as-of`. Exit codes: 0 done, 2 usage error.
var seed = new Option<int>("--seed") { Description = "The random seed: the same seed gives the same stream.", DefaultValueFactory = _ => 1 };
var markets = new Option<int>("--markets") { Description = "Markets (odd ones in China, even ones in the EU).", DefaultValueFactory = _ => 20 };
var platforms = new Option<int>("--platforms") { Description = "Platforms in the pool the markets draw 4 to 8 from.", DefaultValueFactory = _ => 30 };
var days = new Option<int>("--days") { Description = "Days simulated from 2024-01-01 (shares are quarterly).", DefaultValueFactory = _ => 730 };
var asOf = new Option<string?>("--as-of")
{
    Description = "The evaluation date YYYY-MM-DD the expected findings assume for obligations with due dates (default: the last simulated day); give evaluate --as-of the same date.",
};
var output = new Option<FileInfo>("--out") { Description = "The JSONL file to write (the ground truth goes beside it).", Required = true };
var root = new RootCommand("Write a simulated event stream with planted violations and the findings it must give (a tool for tests and benchmarks).")
{
    seed, markets, platforms, days, asOf, output,
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync(error.Message);
    }

    return 2;
}

if (parsed.Action is not null) // --help, --version: the root has no action of its own
{
    return await parsed.InvokeAsync();
}

var settings = new SimulationSettings(parsed.GetValue(seed), parsed.GetValue(markets), parsed.GetValue(platforms), parsed.GetValue(days));
string? refused = settings switch
{
    { Markets: < 1 or > 100_000 } => "--markets: must be from 1 to 100000",
    { Platforms: < 4 or > 10_000 } => "--platforms: must be from 4 to 10000",
    { Days: < 1 or > 3660 } => "--days: must be from 1 to 3660",
    _ => null,
};
var asOfText = parsed.GetValue(asOf);
var evaluatedAsOf = settings.LastDay;
if (refused is null && asOfText is not null && !DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out evaluatedAsOf))
{
    refused = $"--as-of must be a date YYYY-MM-DD, was '{asOfText}'";
}

if (refused is not null)
{
    await Console.Error.WriteLineAsync(refused);
    return 2;
}

var file = parsed.GetValue(output)!;
var simulation = MarketSimulator.Build(settings);
var stream = MarketSimulator.Jsonl(simulation);
var expected = GroundTruth.Of(simulation, evaluatedAsOf);
var truth = Path.Combine(file.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(file.Name) + ".expected.json");
await File.WriteAllTextAsync(file.FullName, stream);
await File.WriteAllTextAsync(truth, GroundTruth.Json(expected));
var lines = stream.Count(c => c == '\n');
await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
    $"{lines} events ({simulation.Markets.Count} markets, {simulation.Quarters.Count} quarters, {simulation.Conduct.Count} conduct observations, {simulation.Profiles.Count} platform profiles, {simulation.Designations.Count} designations, {simulation.Obligations.Count} reporting obligations, {simulation.Reports.Count} reports) to {file.FullName}; {expected.Count} expected findings as of {evaluatedAsOf:yyyy-MM-dd} (evaluate --as-of {evaluatedAsOf:yyyy-MM-dd}) to {truth}"));
return 0;
