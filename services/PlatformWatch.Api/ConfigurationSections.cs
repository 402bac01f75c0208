using PlatformWatch.Application;
using PlatformWatch.Hosting;
using PlatformWatch.Store;

namespace PlatformWatch.Api;

/// <summary>
/// Every configuration section bound to an options class, in the order docs/configuration.md lists
/// them (<see cref="ConfigurationReference"/> writes the tables; a test keeps the document in step).
/// </summary>
public static class ConfigurationSections
{
    /// <summary>The sections: name as in the configuration, and the options class bound to it.</summary>
    public static IReadOnlyList<(string Name, Type Options)> All { get; } =
    [
        (StoreOptions.Section, typeof(StoreOptions)),
        (BusOptions.Section, typeof(BusOptions)),
        (OutboxOptions.Section, typeof(OutboxOptions)),
        (RulesOptions.Section, typeof(RulesOptions)),
        (ObservabilityOptions.Section, typeof(ObservabilityOptions)),
        (ApiOptions.Section, typeof(ApiOptions)),
        (CaseFiles.CaseFileOptions.Section, typeof(CaseFiles.CaseFileOptions)),
        (JwtOptions.Section, typeof(JwtOptions)),
        (DocumentOptions.Section, typeof(DocumentOptions)),
        (NotificationOptions.Section, typeof(NotificationOptions)),
    ];
}
