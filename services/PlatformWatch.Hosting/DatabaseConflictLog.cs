using Microsoft.Extensions.Logging;
using PlatformWatch.Store;

namespace PlatformWatch.Hosting;

/// <summary>
/// The log line of a batch tried again after it lost a conflict with another transaction (another
/// worker's, as a rule): a deadlock or a serialization failure is contention, not the database being
/// away, and is logged as what it is (and counted: <c>platformwatch.db.conflicts</c>).
/// </summary>
internal static partial class DatabaseConflictLog
{
    public static void BatchWaits(ILogger logger, DatabaseConflict conflict, int count, int attempt, double seconds, string reason)
    {
        if (conflict == DatabaseConflict.Deadlock)
        {
            Deadlock(logger, count, attempt, seconds, reason);
        }
        else
        {
            SerializationFailure(logger, count, attempt, seconds, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadlock: batch of {Count} events was chosen as a deadlock victim against another transaction; it waits (attempt {Attempt}, next in {Seconds} s): {Reason}")]
    private static partial void Deadlock(ILogger logger, int count, int attempt, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Serialization failure: batch of {Count} events conflicted with another transaction; it waits (attempt {Attempt}, next in {Seconds} s): {Reason}")]
    private static partial void SerializationFailure(ILogger logger, int count, int attempt, double seconds, string reason);
}
