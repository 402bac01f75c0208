using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlatformWatch.Hosting;

/// <summary>
/// Obligations fall due without any event arriving: on a schedule (the clock is injected, so tests
/// move it), judge the obligations whose due dates have passed since the last check.
/// </summary>
public sealed partial class DueDateMonitor(EventProcessor processor, TimeProvider clock, IOptions<RulesOptions> options, ILogger<DueDateMonitor> logger) : BackgroundService
{
    /// <summary>Runs one check as of today (the clock's UTC date); returns the findings it changed.</summary>
    public async Task<BatchResult> CheckAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var result = await processor.CheckDueDatesAsync(today, sinceLastCheck: true, cancellationToken).ConfigureAwait(false);
        LogChecked(today, result.Changes.Count);
        return result;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.DueDateCheckInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed check is tried again at the next tick; the mark only moves on success.
                LogFailed(e);
            }

            await Task.Delay(interval, clock, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Due dates checked as of {AsOf}: {Changes} finding changes")]
    private partial void LogChecked(DateOnly asOf, int changes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Due-date check failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
