using System.Globalization;
using System.Resources;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Types;

/// <summary>
/// The built-in types' tests and parameters' meanings in the current UI culture, for people reading
/// them in their language (the rules page): <c>Resources/RuleTypeText.resx</c>, English, the same words
/// as <see cref="RuleType.Test"/> and <see cref="ParameterSpec.Meaning"/>, and <c>RuleTypeText.zh-CN.resx</c>
/// (docs/i18n.md). The API's request localization sets the culture per request. The command line,
/// the profile loader's errors and the rules JSON API use the types' own English.
/// </summary>
public static class RuleTypeText
{
    private static readonly ResourceManager Resources = new("PlatformWatch.Rules.Resources.RuleTypeText", typeof(RuleTypeText).Assembly);

    /// <summary>The test of <paramref name="type"/> in words, in the current UI culture.</summary>
    public static string Test(RuleType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Resources.GetString(type.Name + ".test", CultureInfo.CurrentUICulture) ?? type.Test;
    }

    /// <summary>The meaning of <paramref name="parameter"/> of <paramref name="type"/>, in the current UI culture.</summary>
    public static string Meaning(RuleType type, ParameterSpec parameter)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(parameter);
        return Resources.GetString($"{type.Name}.param.{parameter.Name}", CultureInfo.CurrentUICulture) ?? parameter.Meaning;
    }
}
