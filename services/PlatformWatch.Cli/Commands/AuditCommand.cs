using System.CommandLine;
using System.Globalization;
using PlatformWatch.Application;

namespace PlatformWatch.Cli.Commands;

/// <summary><c>platformwatch audit verify</c>: checks the hash chain of every case's audit trail.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var db = new DatabaseOptions(required: false);
        var verify = new Command("verify", "Verify the audit trail: every entry's HMAC, every link and every case's count and head. Exit 0 when intact; 1 names the first entry that does not verify.");
        db.AddTo(verify);
        verify.SetAction(async (parse, ct) =>
        {
            var ops = await CliOptions.OpenAsync(db, parse, mustExist: true, ct);
            var (found, entries, cases) = await CasesCommand.Act(() => ops.Cases.VerifyAuditAsync(Actor.Operator("cli"), ct));
            if (found is not null)
            {
                await Console.Error.WriteLineAsync($"audit trail broken: case {found}");
                return ExitCodes.Failed;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"audit trail verified: {entries} entries over {cases} cases."));
            return ExitCodes.Ok;
        });
        return new Command("audit", "The audit trail of the cases.") { verify };
    }
}

/// <summary><c>platformwatch db migrate</c>: applies the database's migrations.</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var db = new DatabaseOptions(required: false);
        var migrate = new Command("migrate", "Apply the numbered migration scripts not yet applied (the service also does on start).");
        db.AddTo(migrate);
        migrate.SetAction(async (parse, ct) =>
        {
            var store = db.Open(parse);
            var applied = await store.MigrateAsync(ct);
            foreach (var migration in applied)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"applied {migration.Version:D4} {migration.Name}"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DatabaseOptions.Describe(db.Options(parse))}: {applied.Count} migrations applied; schema at version {store.Migrations.Max(m => m.Version)}."));
            return ExitCodes.Ok;
        });
        return new Command("db", "The case database.") { migrate };
    }
}
