using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlatformWatch.Hosting;
using PlatformWatch.Hosting.CommandLine;

namespace PlatformWatch.Worker;

/// <summary>
/// <c>platformwatch-worker</c>: consumes events from RabbitMQ into the case database until stopped
/// (SIGTERM or Ctrl+C: batches in flight finish, unacknowledged messages go back to the queue).
/// Settings come from appsettings.json beside the program, environment variables (<c>Bus__Host</c>, <c>Store__Connection</c> …)
/// and the options below, which win.
/// </summary>
internal static class WorkerProgram
{
    public static RootCommand Create()
    {
        var db = new DatabaseOptions(required: false);
        var rabbit = new Option<string?>("--rabbitmq") { Description = "The broker: amqp://user:password@host:port/vhost (else the Bus section of the configuration)." };
        var queue = new Option<string?>("--queue") { Description = "The queue to consume (default platformwatch-events)." };
        var prefetch = new Option<int?>("--prefetch") { Description = "Messages the broker may push ahead (default 1000)." };
        var batch = new Option<int?>("--batch-size") { Description = "Events per batch and transaction (default 500)." };
        var maxBytes = new Option<int?>("--max-message-bytes") { Description = "Larger messages are parked (default 262144)." };
        var profiles = ProgramOptions.Profiles();
        var command = new RootCommand("platformwatch-worker: consume events from RabbitMQ into the case database until stopped (SIGTERM or Ctrl+C).")
        {
            rabbit, queue, prefetch, batch, maxBytes, profiles,
        };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            // appsettings.json beside the program, then environment variables (Bus__Host …), then the options above.
            // With an HTTP port (Observability:HttpPort, default 9464) it serves health and metrics too.
            var web = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
            var config = web.Configuration;
            if (parse.GetValue(rabbit) is { } uri)
            {
                var bus = new BusOptions();
                try
                {
                    bus.UseUri(Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed : throw new ArgumentException($"'{uri}' is not a URI"));
                }
                catch (ArgumentException e)
                {
                    throw new UsageException("--rabbitmq: " + e.Message);
                }

                config["Bus:Transport"] = nameof(BusTransport.RabbitMq);
                config["Bus:Host"] = bus.Host;
                config["Bus:Port"] = bus.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                config["Bus:VirtualHost"] = bus.VirtualHost;
                config["Bus:Username"] = bus.Username;
                config["Bus:Password"] = bus.Password;
            }

            Set(config, "Bus:Queue", parse.GetValue(queue));
            Set(config, "Bus:PrefetchCount", parse.GetValue(prefetch)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Set(config, "Bus:BatchSize", parse.GetValue(batch)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Set(config, "Bus:MaxMessageBytes", parse.GetValue(maxBytes)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!string.Equals(config["Bus:Transport"], nameof(BusTransport.RabbitMq), StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException("the worker consumes from RabbitMQ: give --rabbitmq amqp://… or set Bus__Transport=RabbitMq (platformwatch serve runs the in-memory default)");
            }

            // The database: options given on the command line win over the configuration.
            if (parse.GetResult(db.Database) is { Implicit: false } || config["Store:Connection"] is null)
            {
                var store = db.Options(parse);
                config["Store:Provider"] = store.Provider.ToString();
                config["Store:Connection"] = store.Connection;
            }

            config["Store:AuditKey"] ??= Environment.GetEnvironmentVariable("PLATFORMWATCH_AUDIT_KEY") ?? "";
            Set(config, "Rules:Directory", parse.GetValue(profiles)?.FullName);
            web.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
            web.Services.AddCaseStore().AddRuleProfiles().AddPlatformWatchWorker(config);
            web.Services.AddPlatformWatchObservability(config, web.Logging, "platformwatch-worker");
            var port = config.GetValue<int?>($"{ObservabilityOptions.Section}:{nameof(ObservabilityOptions.HttpPort)}") ?? new ObservabilityOptions().HttpPort;
            if (port > 0)
            {
                web.WebHost.UseUrls(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"http://*:{port}"));
            }
            else
            {
                web.WebHost.UseUrls("http://127.0.0.1:0"); // no fixed port asked for: an ephemeral loopback one, for nobody
            }

            await using var app = web.Build();
            app.MapPlatformWatchHealthAndMetrics();
            var watchdog = app.Services.GetService<ConsumerWatchdog>();
            try
            {
                await Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.RunAsync(app, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested || app.Lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // Stopped while starting (waiting for the database): a stop like any other.
                return ExitCodes.Ok;
            }

            // A worker that could not consume stopped itself: non-zero, for its service manager to start it again.
            return watchdog?.StoppedBecause is null ? ExitCodes.Ok : ExitCodes.NotConsuming;
        });
        return command;
    }

    private static void Set(Microsoft.Extensions.Configuration.ConfigurationManager config, string key, string? value)
    {
        if (value is not null)
        {
            config[key] = value;
        }
    }
}
