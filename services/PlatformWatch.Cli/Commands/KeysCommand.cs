using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Cli.Commands;

/// <summary><c>platformwatch keys create|revoke|list</c>: the API keys of regulators and platforms.</summary>
internal static class KeysCommand
{
    public static Command Create() => new("keys", "Create, revoke and list the API's keys.")
    {
        CreateKey(),
        Revoke(),
        List(),
    };

    private static Command CreateKey()
    {
        var db = new DatabaseOptions(required: false);
        var name = new Option<string>("--name") { Description = "What or who the key is for.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", ApiRoles.All)}.", Required = true };
        var platform = new Option<string?>("--platform") { Description = "The platform a platform key acts for (platform keys only)." };
        var authority = new Option<string?>("--authority") { Description = "The authority a regulator key belongs to (default: the default authority; platformwatch authorities list)." };
        var actor = CliOptions.Actor();
        var command = new Command("create", "Create a key and print its token, once: only its hash is stored.") { name, role, platform, authority, actor };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var ops = await CliOptions.OpenAsync(db, parse, mustExist: false, ct);
            var issued = await CasesCommand.Act(() => ops.Keys.CreateAsync(Actor.Operator(parse.GetValue(actor)!), parse.GetValue(name)!, parse.GetValue(role)!, parse.GetValue(platform), parse.GetValue(authority), ct));
            var key = issued.Key;
            Console.WriteLine($"key id:   {key.KeyId}");
            Console.WriteLine($"name:     {key.Name}");
            Console.WriteLine($"role:     {key.Role}");
            Console.WriteLine($"platform: {key.PlatformId ?? "-"}");
            Console.WriteLine($"authority: {key.AuthorityId ?? "-"}");
            Console.WriteLine($"token:    {issued.Token}");
            Console.WriteLine("Keep the token now: it cannot be shown again (the database keeps only its hash).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke()
    {
        var db = new DatabaseOptions(required: false);
        var id = new Argument<string>("KEYID") { Description = "The key id (k…)." };
        var actor = CliOptions.Actor();
        var command = new Command("revoke", "Revoke a key: its token is refused from now on (revoking again keeps the first revocation).") { id, actor };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var keyId = parse.GetValue(id)!;
            var ops = await CliOptions.OpenAsync(db, parse, mustExist: true, ct);
            var revoked = await ops.Keys.RevokeAsync(Actor.Operator(parse.GetValue(actor)!), keyId, ct);
            var key = revoked.IsOk ? revoked.Value! : throw new UsageException(revoked.Kind == OutcomeKind.NotFound ? $"key '{keyId}' does not exist" : revoked.Reason);
            Console.WriteLine($"key {key.KeyId} ({key.Name}) revoked at {Stamp(key.RevokedAt!.Value)} by {key.RevokedBy}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var db = new DatabaseOptions(required: false);
        var json = CliOptions.JsonOutput();
        var command = new Command("list", "List the keys, revoked ones included (never a token or its hash).") { json };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var ops = await CliOptions.OpenAsync(db, parse, mustExist: true, ct);
            var keys = await CasesCommand.Act(() => ops.Keys.ListAsync(Actor.Operator("cli"), ct));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(keys, CliOptions.Json));
                return ExitCodes.Ok;
            }

            Console.WriteLine(keys.Count == 0 ? "No keys." : RulesCommand.Table(
                ["KEY", "NAME", "ROLE", "PLATFORM", "AUTHORITY", "CREATED", "BY", "REVOKED"],
                keys.Select(k => new[]
                {
                    k.KeyId, k.Name, k.Role, k.PlatformId ?? "-", k.AuthorityId ?? "-", Stamp(k.CreatedAt), k.CreatedBy,
                    k.RevokedAt is { } at ? $"{Stamp(at)} by {k.RevokedBy}" : "-",
                })));
            return ExitCodes.Ok;
        });
        return command;
    }


    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
