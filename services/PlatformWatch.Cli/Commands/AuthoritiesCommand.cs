using System.CommandLine;
using System.Text.Json;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Cli.Commands;

/// <summary>
/// <c>platformwatch authorities set|list</c>: the authorities in tiers and the routing table that
/// gives each new case its owner (README: "Authorities, routing and sharing").
/// </summary>
internal static class AuthoritiesCommand
{
    public static Command Create() => new("authorities", "Set and list the authorities and the routing table.")
    {
        Set(),
        List(),
    };

    private static Command Set()
    {
        var db = new DatabaseOptions(required: false);
        var file = new Argument<FileInfo>("FILE") { Description = "The authorities document (JSON: {\"authorities\": [{\"id\", \"name\", \"parent\", \"default\", \"routes\": [...]}]})." };
        var profiles = ProgramOptions.Profiles();
        var check = new Option<bool>("--check") { Description = "Only check the document; change nothing." };
        var actor = CliOptions.Actor();
        var command = new Command("set", "Replace the authorities and the routing table with a document, after checking it whole (rules and families against the active profiles).")
        {
            file, profiles, check, actor,
        };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new UsageException($"FILE: '{path.FullName}' does not exist");
            }

            AuthoritySpec spec;
            try
            {
                spec = AuthoritySpec.Parse(await File.ReadAllTextAsync(path.FullName, ct));
            }
            catch (JsonException e)
            {
                throw new UsageException($"FILE: not a valid authorities document: {e.Message}");
            }

            var set = CliOptions.LoadProfiles(parse.GetValue(profiles));
            var rules = set.Profiles.SelectMany(p => p.Rules).ToList();
            var (tree, errors) = AuthorityTree.FromSpec(spec, rules.Select(r => r.Family).Distinct(StringComparer.Ordinal).ToList(), rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList());
            if (tree is null)
            {
                throw new UsageException($"{path.Name} has errors:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
            }

            if (parse.GetValue(check))
            {
                Console.WriteLine($"{path.Name}: {tree.All.Count} authorities, {tree.All.Sum(a => a.Routes.Count)} routes, default '{tree.Default.AuthorityId}'; nothing changed (--check).");
                return ExitCodes.Ok;
            }

            var ops = await CliOptions.OpenAsync(db, parse, mustExist: false, ct);
            var change = await CasesCommand.Act(() => ops.Authorities.ReplaceAsync(Actor.Operator(parse.GetValue(actor)!), tree, ct));
            var kept = change.Record;
            Console.WriteLine($"{kept.Authorities} authorities and {kept.Routes} routes in force, default '{tree.Default.AuthorityId}'; "
                + $"{kept.RoutedAgain} cases of removed authorities routed again, {kept.KeysMoved} keys moved to the default authority, {kept.GrantsRevoked} grants to removed authorities revoked (change {kept.ChangeId}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var db = new DatabaseOptions(required: false);
        var json = CliOptions.JsonOutput();
        var command = new Command("list", "List the authorities by tier, with their routes (--json: the document 'set' reads).") { json };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var ops = await CliOptions.OpenAsync(db, parse, mustExist: true, ct);
            var tree = await ops.Authorities.TreeAsync(ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(AuthoritySpec.Of(tree).ToJson());
                return ExitCodes.Ok;
            }

            Console.WriteLine(RulesCommand.Table(
                ["AUTHORITY", "NAME", "PARENT", "TIER", "ROUTES"],
                tree.All.Select(a => new[]
                {
                    new string(' ', 2 * (a.Tier - 1)) + a.AuthorityId + (a.IsDefault ? " (default)" : ""),
                    a.Name,
                    a.ParentId ?? "-",
                    a.Tier.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    a.Routes.Count == 0 ? "-" : string.Join("; ", a.Routes.Select(r => r.Describe())),
                })));
            return ExitCodes.Ok;
        });
        return command;
    }
}
