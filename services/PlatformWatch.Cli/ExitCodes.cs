namespace PlatformWatch.Cli;

/// <summary>The command line's exit codes.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int SomeRejected = 3;
    public const int NotConsuming = PlatformWatch.Worker.ConsumerWatchdog.ExitCode;
}

/// <summary>A problem with what the user asked for (a missing file, a broken profile folder): exit 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
