namespace PlatformWatch.Hosting.CommandLine;

/// <summary>The exit codes of the command line and the worker program.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int SomeRejected = 3;
    public const int NotConsuming = ConsumerWatchdog.ExitCode;
}

/// <summary>A problem with what the user asked for (a missing file, a broken profile folder, a bad option): exit 2.</summary>
public sealed class UsageException(string message) : Exception(message);
