using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Application;

/// <summary>
/// The rule profiles in force. A new set replaces the old one at once and whole: a batch takes the
/// engine once and evaluates with it to the end, so no batch sees half of a change.
/// </summary>
public sealed class ActiveProfiles
{
    private volatile RuleEngine _engine;

    /// <summary>Profiles already loaded.</summary>
    public ActiveProfiles(ProfileSet profiles) => _engine = new RuleEngine(profiles);

    /// <summary>The set in force now.</summary>
    public ProfileSet Current => _engine.Profiles;

    /// <summary>The engine on the set in force.</summary>
    public RuleEngine Engine => _engine;

    /// <summary>Puts a validated set in force; false when it is the set already in force.</summary>
    public bool Activate(ProfileSet profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.Hash == _engine.Profiles.Hash)
        {
            return false;
        }

        _engine = new RuleEngine(profiles);
        return true;
    }
}
