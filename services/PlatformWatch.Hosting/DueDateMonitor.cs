using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlatformWatch.Application;

namespace PlatformWatch.Hosting;

/// <summary>
/// Obligations fall due without any event arriving: on a schedule (the clock is injected, so tests
/// move it), judge the obligations whose due dates have passed since the last check, and remind of
/// the deadlines coming (<see cref="ReminderCheck"/>, one process at a time).
/// </summary>
public sealed partial class DueDateMonitor(EventProcessor processor, ReminderCheck reminders, TimeProvider clock, IOptions<RulesOptions> options, ILogger<DueDateMonitor> logger) : BackgroundService
{
    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Runs the reminder check unless another process holds its lease; returns the deadlines reminded of, or null.</summary>
    public async Task<int?> RemindAsync(CancellationToken cancellationToken)
    {
        var reminded = await reminders.RunAsync(_holder, options.Value.DueDateCheckInterval * 3, cancellationToken).ConfigureAwait(false);
        LogReminded(reminded);
        return reminded;
    }

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
                await RemindAsync(stoppingToken).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reminder check: {Reminded} deadlines reminded of (none: another process holds the lease)")]
    private partial void LogReminded(int? reminded);

    [LoggerMessage(Level = LogLevel.Error, Message = "Due-date check failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
