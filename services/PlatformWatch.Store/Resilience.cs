using Polly;
using Polly.Retry;
using PlatformWatch.Rules;

namespace PlatformWatch.Store;

/// <summary>A unit of work's conflict with another transaction: the database gave up on it so the other could go on.</summary>
public enum DatabaseConflict
{
    /// <summary>Chosen as the victim of a deadlock (PostgreSQL 40P01, SQL Server 1205).</summary>
    Deadlock,
    /// <summary>A serialization failure (PostgreSQL 40001, SQL Server 3960).</summary>
    Serialization,
}

/// <summary>
/// The retry pipeline of a store: a unit of work that fails with a fault the dialect calls
/// transient (SQLite busy, Npgsql IsTransient, SqlClient's transient error numbers, timeouts) is
/// run again from the start, with exponential backoff and jitter. Anything else fails at once.
/// Retrying is safe because a unit of work is idempotent: a retry after a commit that did happen
/// finds every event in the inbox and changes nothing. Every attempt that fails in a conflict with
/// another transaction is counted as what it is (<c>platformwatch.db.conflicts{provider,kind}</c>).
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
                    PlatformWatchTelemetry.DatabaseRetries.Add(1, PlatformWatchTelemetry.Tag("provider", options.Provider.ToString()));
                    onRetry?.Invoke(args.AttemptNumber + 1, args.Outcome.Exception!);
                    return ValueTask.CompletedTask;
                },
            });
        }

        inner?.Invoke(builder);

        // Innermost: sees the outcome of every attempt, the last one included.
        builder.AddStrategy(_ => new ConflictCounter(dialect, options.Provider.ToString()), new ConflictCounterOptions());
        return builder.Build();
    }

    private sealed class ConflictCounterOptions : ResilienceStrategyOptions;

    private sealed class ConflictCounter(ISqlDialect dialect, string provider) : ResilienceStrategy
    {
        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            if (outcome.Exception is { } fault && dialect.Conflict(fault) is { } conflict)
            {
                PlatformWatchTelemetry.DatabaseConflicts.Add(1, PlatformWatchTelemetry.Tag("provider", provider), PlatformWatchTelemetry.Tag("kind", Kind(conflict)));
            }

            return outcome;
        }
    }

    private static string Kind(DatabaseConflict conflict) => conflict == DatabaseConflict.Deadlock ? "deadlock" : "serialization";
}
