using System.Text.RegularExpressions;

namespace PlatformWatch.DeployTests;

/// <summary>The port and path a health check command requests (bash over /dev/tcp, curl, wget or an http:// URL).</summary>
internal sealed partial record HttpProbe(int Port, string Path)
{
    /// <summary>The probe in a command, with ${VAR:-default} ports taken from the environment; null when it requests none.</summary>
    public static HttpProbe? Find(string command, IReadOnlyDictionary<string, string> environment)
    {
        var port = PortInCommand().Match(command);
        var path = PathInCommand().Match(command);
        if (!port.Success || !path.Success)
        {
            return null;
        }

        var text = port.Groups["variable"].Success
            ? environment.TryGetValue(port.Groups["variable"].Value, out var value) && value.Length > 0 ? value : port.Groups["default"].Value
            : port.Groups["port"].Value;
        return new HttpProbe(int.Parse(text, System.Globalization.CultureInfo.InvariantCulture), path.Groups["path"].Value);
    }

    [GeneratedRegex(@"(?:/dev/tcp/[^/\s]+/|https?://[^/:\s]+:)(?:(?<port>\d+)|\$\{(?<variable>[A-Za-z_][A-Za-z0-9_]*):-(?<default>\d+)\})")]
    private static partial Regex PortInCommand();

    [GeneratedRegex(@"(?:GET |https?://[^/\s]+)(?<path>/[A-Za-z0-9/_.-]*)")]
    private static partial Regex PathInCommand();
}
