using PlatformWatch.Rules.Profiles;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// The application services over one case database, for a program without a service container:
/// the command line opens one per command. (The API gets each service from its container.) The
/// services that judge with the rules in force (markets, the platforms' view) are not here; the
/// penalty exposure takes the profiles the command loaded (<see cref="ExposureUnder"/>).
/// </summary>
public sealed class Operations(CaseStore store)
{
    /// <summary>Cases: read, assign, comment, move through the workflow, verify the audit trail.</summary>
    public CaseService Cases { get; } = new(store);

    /// <summary>Findings: lists and exports.</summary>
    public FindingService Findings { get; } = new(store);

    /// <summary>The authorities and their routes.</summary>
    public AuthorityService Authorities { get; } = new(store);

    /// <summary>The registry of sources and submitters.</summary>
    public SourceService Sources { get; } = new(store);

    /// <summary>The API keys.</summary>
    public KeyService Keys { get; } = new(store);

    /// <summary>The penalty exposure of cases under <paramref name="profiles"/> (the rule profiles the command loaded).</summary>
    public ExposureService ExposureUnder(ProfileSet profiles) => new(Cases, store, new ActiveProfiles(profiles), TimeProvider.System);
}
