using Polly;
using Polly.Retry;

namespace PlatformWatch.Store;

/// <summary>
/// The retry pipeline of a store: a unit of work that fails with a fault the dialect calls
/// transient (SQLite busy, Npgsql IsTransient, SqlClient's transient error numbers, timeouts) is
/// run again from the start, with exponential backoff and jitter. Anything else fails at once.
/// Retrying is safe because a unit of work is idempotent: a retry after a commit that did happen
/// finds every event in the inbox and changes nothing.
/// </summary>
internal static class Resilience
{
    public static ResiliencePipeline Build(ISqlDialect dialect, StoreOptions options, TimeProvider clock, Action<ResiliencePipelineBuilder>? inner, Action<int, Exception>? onRetry)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = clock };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => dialect.IsTransient(e) || e is TimeoutException),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = args =>
                {
                    PlatformWatch.Rules.PlatformWatchTelemetry.DatabaseRetries.Add(1, PlatformWatch.Rules.PlatformWatchTelemetry.Tag("provider", options.Provider.ToString()));
                    onRetry?.Invoke(args.AttemptNumber + 1, args.Outcome.Exception!);
                    return ValueTask.CompletedTask;
                },
            });
        }

        inner?.Invoke(builder);
        return builder.Build();
    }
}
