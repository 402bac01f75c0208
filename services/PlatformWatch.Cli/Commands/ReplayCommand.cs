using System.CommandLine;
using System.Globalization;
using MassTransit;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Hosting;

namespace PlatformWatch.Cli.Commands;

/// <summary>
/// <c>platformwatch replay FILE --rabbitmq URI</c>: publishes an event file onto RabbitMQ with
/// publisher confirms and reports how many the broker confirmed.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The JSONL event file." };
        var rabbit = new Option<string>("--rabbitmq") { Description = "The broker: amqp://user:password@host:port/vhost.", Required = true };
        var concurrency = new Option<int>("--concurrency") { Description = "Publishes awaiting their confirm at once.", DefaultValueFactory = _ => 64 };
        var confirmed = new Option<FileInfo?>("--confirmed") { Description = "Write the id of every event the broker confirmed to this file (for reconciliation)." };
        var maxLine = new Option<int>("--max-line-bytes") { Description = "Lines longer than this are refused.", DefaultValueFactory = _ => JsonlReader.DefaultMaxLineBytes };
        var actor = CliOptions.Actor();
        var command = new Command("replay", "Publish a JSONL event file onto RabbitMQ with publisher confirms, submitted by cli:ACTOR (believed by workers that list the broker user in Bus:TrustedPublishers; else amqp:USER). Exit 0: every event confirmed; 3: some lines refused; 1: some events not confirmed.")
        {
            file, rabbit, concurrency, confirmed, maxLine, actor,
        };
        command.SetAction(async (parse, ct) =>
        {
            var source = parse.GetValue(file)!;
            if (!source.Exists)
            {
                throw new UsageException($"event file '{source.FullName}' does not exist");
            }

            var options = new BusOptions();
            try
            {
                var uri = parse.GetValue(rabbit)!;
                options.UseUri(Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed : throw new ArgumentException($"'{uri}' is not a URI"));
            }
            catch (ArgumentException e)
            {
                throw new UsageException("--rabbitmq: " + e.Message);
            }

            var bus = Bus.Factory.CreateUsingRabbitMq(cfg => WorkerRegistration.ConfigureRabbitMq(cfg, options));
            using var started = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await bus.StartAsync(started.Token);
            try
            {
                var submitted = Pipe.Execute<PublishContext>(c =>
                {
                    c.Mandatory = true;
                    Submitters.Mark(c, "cli:" + parse.GetValue(actor), options);
                });
                var report = await PublishAsync(bus, source, submitted, Math.Max(1, parse.GetValue(concurrency)), parse.GetValue(maxLine), ct);
                if (parse.GetValue(confirmed) is { } log)
                {
                    await File.WriteAllLinesAsync(log.FullName, report.Confirmed, ct);
                }

                foreach (var line in report.Refused)
                {
                    await Console.Error.WriteLineAsync(line);
                }

                foreach (var failure in report.Failures.Take(20))
                {
                    await Console.Error.WriteLineAsync(failure);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{source.Name}: {report.Published} events published, {report.Confirmed.Count} confirmed by the broker, {report.Failures.Count} not confirmed, {report.Refused.Count} lines refused"));
                return report.Failures.Count > 0 ? ExitCodes.Failed : report.Refused.Count > 0 ? ExitCodes.SomeRejected : ExitCodes.Ok;
            }
            finally
            {
                await bus.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }


    private sealed record Report(int Published, List<string> Confirmed, List<string> Failures, List<string> Refused);

    // A window of publishes in flight; each completes when the broker confirms it.
    // Mandatory (in the pipe): an event no queue is bound for (no worker has declared its queue yet)
    // comes back as a failure instead of being confirmed and dropped by the broker.
    private static async Task<Report> PublishAsync(IBusControl bus, FileInfo source, IPipe<PublishContext> submitted, int concurrency, int maxLineBytes, CancellationToken ct)
    {
        var report = new Report(0, [], [], []);
        var inFlight = new List<(string EventId, Task Publish)>();
        var published = 0;
        await using var stream = source.OpenRead();
        await foreach (var line in JsonlReader.ReadAsync(stream, maxLineBytes, ct))
        {
            if (!line.Parsed.IsValid)
            {
                report.Refused.Add(string.Create(CultureInfo.InvariantCulture, $"line {line.Number}: {ContractError.Join(line.Parsed.Errors)}"));
                continue;
            }

            var e = line.Parsed.Event!;
            inFlight.Add((e.EventId, bus.Publish(e, e.GetType(), submitted, ct)));
            published++;
            if (inFlight.Count >= concurrency)
            {
                await SettleAsync(inFlight, report);
            }
        }

        await SettleAsync(inFlight, report);
        return report with { Published = published };
    }

    private static async Task SettleAsync(List<(string EventId, Task Publish)> inFlight, Report report)
    {
        foreach (var (eventId, publish) in inFlight)
        {
            try
            {
                await publish;
                report.Confirmed.Add(eventId);
            }
            catch (MessageReturnedException)
            {
                report.Failures.Add($"{eventId}: not confirmed (returned by RabbitMQ: no queue is bound for it; start a worker first, it declares the queue)");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                report.Failures.Add($"{eventId}: not confirmed ({e.GetType().Name}: {e.Message})");
            }
        }

        inFlight.Clear();
    }
}
