using System.CommandLine;
using System.Globalization;
using PlatformWatch.Store;

namespace PlatformWatch.Hosting.CommandLine;

/// <summary>How the command line and the worker program parse their arguments and map failures to exit codes.</summary>
public static class ProgramRunner
{
    /// <summary>
    /// Parses <paramref name="args"/> against <paramref name="root"/> and runs the command: a parse error
    /// or a <see cref="UsageException"/> exits 2 with its message, any other failure 1 with the exception.
    /// The programs speak English whatever the machine's language (the application layer's reasons
    /// follow the UI culture, which only the API sets per request; docs/i18n.md).
    /// </summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args, string program)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync($"Try '{program} --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            // SIGTERM cancels the command; a worker then finishes its batches in flight and stops its
            // host (up to the host's 30 s shutdown timeout), so the program waits longer than that
            // before it gives up with 143 (its default, two seconds, cut graceful stops short under load).
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(60) }).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (StoreConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Cancelled.").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"{program} failed: {e}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
