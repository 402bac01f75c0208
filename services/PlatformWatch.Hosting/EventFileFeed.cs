using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Hosting;

/// <summary>A JSONL event file to publish onto the bus once the host is up (a demo feed).</summary>
public sealed record EventFileFeed(string Path)
{
    /// <summary>Registers the feed: its events are published after the host has started.</summary>
    public static void AddTo(IServiceCollection services, string path)
    {
        services.AddSingleton(new EventFileFeed(path));
        services.AddHostedService<EventFileFeedService>();
    }
}

/// <summary>Publishes a feed file's events onto the bus after the host has started; refused lines are logged with the reason.</summary>
internal sealed partial class EventFileFeedService(EventFileFeed file, IBus bus, IHostApplicationLifetime lifetime, ILogger<EventFileFeedService> logger) : BackgroundService
{
    // The feed is the operator's, as `platformwatch evaluate` is (in the same process as the bus).
    private static readonly IPipe<PublishContext> Submitted = Pipe.Execute<PublishContext>(c => c.Headers.Set(Submitters.Header, "cli:" + Environment.UserName));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForStartAsync(stoppingToken).ConfigureAwait(false);
        int published = 0, refused = 0;
        var stream = File.OpenRead(file.Path);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var line in JsonlReader.ReadAsync(stream, cancellationToken: stoppingToken).ConfigureAwait(false))
            {
                if (!line.Parsed.IsValid)
                {
                    refused++;
                    LogRefused(line.Number, ContractError.Join(line.Parsed.Errors));
                    continue;
                }

                await bus.Publish(line.Parsed.Event!, line.Parsed.Event!.GetType(), Submitted, stoppingToken).ConfigureAwait(false);
                published++;
            }
        }

        LogFed(published, file.Path, refused);
    }

    private Task WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed line {Line} refused: {Reason}")]
    private partial void LogRefused(int line, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fed {Published} events from {Path} onto the bus ({Refused} lines refused)")]
    private partial void LogFed(int published, string path, int refused);
}
