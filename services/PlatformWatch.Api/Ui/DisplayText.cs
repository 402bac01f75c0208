using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace PlatformWatch.Api.Ui;

/// <summary>
/// The words the pages use for findings' values and for the audit trail, keyed by name: the label
/// of each field a rule type writes (<c>label.share</c>), the names of metrics, statuses and actors,
/// the forms of values (<c>value.percent</c>) and one sentence per audit action
/// (<c>audit.assigned</c>). The texts are the resources <c>Resources/UiText.resx</c> (English) and
/// <c>Resources/UiText.zh-CN.resx</c>, read through ASP.NET Core's <see cref="IStringLocalizer"/> in
/// the current UI culture (the request's, set by the request localization middleware); this class
/// is a thin static wrapper so the static helpers (<see cref="FindingValues"/>, <see cref="Timeline"/>)
/// keep their signatures. Templates take composite-format arguments, formatted in the current culture.
/// </summary>
public static class DisplayText
{
    /// <summary>The localizer of the UI's texts, the same resources the pages' <c>IStringLocalizer&lt;UiText&gt;</c> reads.</summary>
    public static IStringLocalizer Localizer { get; } =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = UiText.ResourcesPath }), NullLoggerFactory.Instance)
            .Create(typeof(UiText));

    /// <summary>The text of a name in the current UI culture (the name itself when there is none).</summary>
    public static string Get(string name) => Localizer[name].Value;

    /// <summary>A template with its arguments filled in, formatted in the current culture.</summary>
    public static string Format(string name, params object?[] args) => string.Format(CultureInfo.CurrentCulture, Get(name), args);

    /// <summary>A raw value's word (<c>Name("outcome", "warning")</c> reads <c>outcome.warning</c>), or the value itself when there is none.</summary>
    public static string Name(string group, string value) => Find(group + "." + value) ?? value;

    /// <summary>The text of a name, or null when the resources have none.</summary>
    public static string? Find(string name) => Localizer[name] is { ResourceNotFound: false } text ? text.Value : null;
}
