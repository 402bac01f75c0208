using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlatformWatch.Application;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Store;

namespace PlatformWatch.Hosting;

/// <summary>
/// Safe rule changes at run time: watches the profile folder (change events, and a check every
/// <see cref="RulesOptions.ReloadInterval"/> for file systems that raise none, such as a mounted
/// ConfigMap), loads a changed folder whole and validates it. A set with any error is refused, each
/// error logged, and the set in force stays; a valid set is put in force at once. Every activation,
/// the one at start included, is recorded in the case database: each profile's id and content
/// hash, the set's hash, who (service, user, host), when and why.
/// </summary>
public sealed partial class RuleProfileReloader(ActiveProfiles profiles, CaseStore store, IOptions<RulesOptions> options, IHostEnvironment environment, TimeProvider clock, ILogger<RuleProfileReloader> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var directory = ProfileDirectory.Resolve(options.Value.Directory);
        await RecordAsync(profiles.Current, "startup", stoppingToken).ConfigureAwait(false);
        var interval = options.Value.ReloadInterval;
        if (interval <= TimeSpan.Zero || !Directory.Exists(directory))
        {
            return;
        }

        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false };
        FileSystemEventHandler signal = (_, _) => changed.Release();
        watcher.Changed += signal;
        watcher.Created += signal;
        watcher.Deleted += signal;
        watcher.Renamed += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;

        var fingerprint = Fingerprint(directory);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await changed.WaitAsync(interval, stoppingToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken).ConfigureAwait(false); // let an editor finish writing
                while (changed.CurrentCount > 0)
                {
                    await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                }

                var now = Fingerprint(directory);
                if (now == fingerprint)
                {
                    continue;
                }

                fingerprint = now;
                await ReloadAsync(directory, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogUnreadable(directory, e.Message);
            }
        }
    }

    private async Task ReloadAsync(string directory, CancellationToken cancellationToken)
    {
        var result = ProfileDirectory.Load(directory);
        if (!result.Succeeded)
        {
            LogRefused(directory, result.Errors.Count, profiles.Current.Hash);
            foreach (var error in result.Errors)
            {
                LogProfileError(error.ToString());
            }

            return;
        }

        if (profiles.Activate(result.Set!))
        {
            LogActivated(result.Set!.Hash, string.Join(", ", result.Set.Profiles.Select(p => p.Id)));
            await RecordAsync(result.Set, "files-changed", cancellationToken).ConfigureAwait(false);
        }
    }

    // The record of an activation; the database may still be starting, so a few tries.
    private async Task RecordAsync(ProfileSet set, string reason, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var by = $"{environment.ApplicationName} ({Environment.UserName}@{Environment.MachineName})";
        var rows = set.Profiles.Select(p => new ProfileActivation
        {
            ActivationId = "PA-" + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant(),
            SetHash = set.Hash,
            ProfileId = p.Id,
            ContentHash = p.ContentHash,
            Reason = reason,
            ActivatedBy = by,
            ActivatedAt = at,
        }).ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.Profiles.RecordActivationsAsync(rows, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 5)
            {
                LogRecordRetry(attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRecordFailed(set.Hash, e.Message);
                return;
            }
        }
    }

    private static string Fingerprint(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var source in ProfileDirectory.Read(directory))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(source.Path) + "\n"));
            hash.AppendData(source.Content);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rule profiles in {Directory} refused: {Count} errors; the set in force ({Hash}) stays")]
    private partial void LogRefused(string directory, int count, string hash);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rule profile error: {Error}")]
    private partial void LogProfileError(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule profiles activated: set {Hash} ({Profiles})")]
    private partial void LogActivated(string hash, string profiles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule profile folder {Directory} could not be read: {Reason}; the set in force stays")]
    private partial void LogUnreadable(string directory, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording the rule profile activation failed (attempt {Attempt}): {Reason}")]
    private partial void LogRecordRetry(int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The activation of rule profile set {Hash} could not be recorded: {Reason}")]
    private partial void LogRecordFailed(string hash, string reason);
}
