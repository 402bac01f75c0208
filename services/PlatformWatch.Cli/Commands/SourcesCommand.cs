using System.CommandLine;
using System.Text.Json;
using PlatformWatch.Application;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Store;

namespace PlatformWatch.Cli.Commands;

/// <summary>
/// <c>platformwatch sources set|list</c>: the source registry — which sources the system accepts,
/// of which kind, for which jurisdictions, from which submitters (README: "Sources and submitters").
/// </summary>
internal static class SourcesCommand
{
    public static Command Create() => new("sources", "Set and list the source registry (who may report which figures).")
    {
        Set(),
        List(),
    };

    private static Command Set()
    {
        var db = new DatabaseOptions(required: false);
        var file = new Argument<FileInfo>("FILE") { Description = "The source registry (JSON: {\"sources\": [{\"id\", \"name\", \"kind\", \"platformId\", \"jurisdictions\", \"submitters\"}]})." };
        var check = new Option<bool>("--check") { Description = "Only check the document; change nothing." };
        var actor = CliOptions.Actor();
        var command = new Command("set", "Replace the source registry with a document, after checking it whole; from then on events of other sources, submitters or jurisdictions are refused.")
        {
            file, check, actor,
        };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new UsageException($"FILE: '{path.FullName}' does not exist");
            }

            SourceSpec spec;
            try
            {
                spec = SourceSpec.Parse(await File.ReadAllTextAsync(path.FullName, ct));
            }
            catch (JsonException e)
            {
                throw new UsageException($"FILE: not a valid source registry: {e.Message}");
            }

            var (registry, errors) = SourceRegistry.FromSpec(spec);
            if (registry is null)
            {
                throw new UsageException($"{path.Name} has errors:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
            }

            if (parse.GetValue(check))
            {
                Console.WriteLine($"{path.Name}: {registry.All.Count} sources; nothing changed (--check).");
                return ExitCodes.Ok;
            }

            var ops = await CliOptions.OpenAsync(db, parse, mustExist: false, ct);
            var kept = await CasesCommand.Act(() => ops.Sources.ReplaceAsync(Actor.Operator("cli:" + parse.GetValue(actor)!), registry, ct));
            Console.WriteLine($"{kept.Sources} sources in force: {kept.Added} added, {kept.Removed} removed, {kept.Changed} changed (change {kept.ChangeId}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var db = new DatabaseOptions(required: false);
        var json = CliOptions.JsonOutput();
        var command = new Command("list", "List the registered sources (--json: the document 'set' reads).") { json };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var ops = await CliOptions.OpenAsync(db, parse, mustExist: true, ct);
            var registry = await CasesCommand.Act(() => ops.Sources.RegistryAsync(Actor.Operator("cli"), ct));
            if (parse.GetValue(json))
            {
                Console.WriteLine(registry.IsSet ? SourceSpec.Of(registry).ToJson() : "null");
                return ExitCodes.Ok;
            }

            if (!registry.IsSet)
            {
                Console.WriteLine("No source registry is set: every source is accepted, as unclassified.");
                return ExitCodes.Ok;
            }

            Console.WriteLine(RulesCommand.Table(
                ["SOURCE", "NAME", "KIND", "PLATFORM", "JURISDICTIONS", "SUBMITTERS"],
                registry.All.Select(s => new[]
                {
                    s.SourceId,
                    s.Name,
                    WireNames.Name(s.Kind),
                    s.PlatformId ?? "-",
                    string.Join(", ", s.Jurisdictions),
                    s.Submitters.Count == 0 ? "(operator only)" : string.Join(", ", s.Submitters),
                })));
            return ExitCodes.Ok;
        });
        return command;
    }
}
