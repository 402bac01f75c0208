using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PlatformWatch.Application;
using PlatformWatch.Hosting;

namespace PlatformWatch.Cli.Commands;

/// <summary><c>platformwatch serve</c>: the worker on its embedded defaults (in-memory bus, SQLite file).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var database = new DatabaseOptions(required: false);
        var profiles = ProgramOptions.Profiles();
        var feed = new Option<FileInfo?>("--feed") { Description = "A JSONL event file to publish onto the bus once the worker is up (a demo feed)." };
        var command = new Command("serve", "Run the worker on its embedded defaults until stopped (Ctrl+C), logging each finding as it is raised.")
        {
            profiles, feed,
        };
        database.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var feedFile = parse.GetValue(feed);
            if (feedFile is { Exists: false })
            {
                throw new UsageException($"feed file '{feedFile.FullName}' does not exist");
            }

            var profileFolder = parse.GetValue(profiles);
            CliOptions.LoadProfiles(profileFolder);
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration["Bus:Transport"] = nameof(BusTransport.InMemory);
            var storeOptions = database.Options(parse);
            builder.Configuration["Store:Provider"] = storeOptions.Provider.ToString();
            builder.Configuration["Store:Connection"] = storeOptions.Connection;
            builder.Configuration["Store:AuditKey"] = storeOptions.AuditKey;
            builder.Configuration["Rules:Directory"] = profileFolder?.FullName ?? "";
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
            builder.Logging.AddFilter("MassTransit", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
            builder.Services.AddCaseStore().AddRuleProfiles().AddApplicationServices().AddPlatformWatchWorker(builder.Configuration);
            if (feedFile is not null)
            {
                EventFileFeed.AddTo(builder.Services, feedFile.FullName);
            }

            using var host = builder.Build();
            await host.StartAsync(ct);
            var dbPath = DatabaseOptions.Describe(storeOptions);
            var tally = await CasesCommand.Act(() => host.Services.GetRequiredService<Operations>().Findings.TallyAsync(Actor.Operator("cli"), ct));
            Console.WriteLine($"PlatformWatch worker running on the in-memory bus; case database {dbPath} ({tally.EventsProcessed} events processed, {tally.Findings} findings so far).");
            Console.WriteLine("New findings are logged as they are raised (events already processed change nothing). List them with 'platformwatch findings' and 'platformwatch cases list'. Ctrl+C stops.");
            await host.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
