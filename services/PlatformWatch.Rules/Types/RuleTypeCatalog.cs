namespace PlatformWatch.Rules.Types;

/// <summary>The built-in rule types that profiles may name.</summary>
public static class RuleTypeCatalog
{
    /// <summary>Every built-in type.</summary>
    public static IReadOnlyList<RuleType> All { get; } =
    [
        new ShareThresholdType(),
        new JointShareType(),
        new ShareCrossingType(),
        new HhiLevelType(),
        new HhiDeltaType(),
        new RapidGainType(),
        new DataConflictType(),
        new UnderstatedShareType(),
        new ConductType(),
        new ExclusiveDealingType(),
        new BelowCostType(),
        new ExcessivePricingType(),
        new ConsentRepromptType(),
        new PriceDiscriminationType(),
        new SelfPreferencingType(),
        new MergerNotificationType(),
        new MergerCallInType(),
        new ConcentrationInformType(),
        new MergerHhiType(),
        new GatekeeperThresholdsType(),
        new PlatformGradeType(),
        new ReportOverdueType(),
        new ReportSectionsType(),
        new ReportContradictionType(),
    ];

    private static readonly Dictionary<string, RuleType> ByName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The type of a name, or null.</summary>
    public static RuleType? Find(string name) => ByName.GetValueOrDefault(name);
}
