using Microsoft.AspNetCore.Authorization;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;

namespace PlatformWatch.Api.Pages;

/// <summary>The active rule profiles and their rules, with the law and the parameters.</summary>
[Authorize(Policy = Policies.RegulatorRead)]
public sealed class RulesModel(ActiveProfiles profiles, MarketService markets, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The profile set in force.</summary>
    public ActiveProfiles Profiles => profiles;

    /// <summary>A parameter's value as text.</summary>
    public static string Text(object value) => Endpoints.ReadEndpoints.Value(value) switch
    {
        System.Text.Json.Nodes.JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        { } node => node.ToJsonString(),
        null => "—",
    };

    /// <summary>When a version of the law is in force, in the UI's language (from the start, from a day, until a day, between two).</summary>
    public static string InForce(PlatformWatch.Rules.DateRange range) => (range.Start == PlatformWatch.Rules.DateRange.BeginningOfTime, range.End == PlatformWatch.Rules.DateRange.EndOfTime) switch
    {
        (true, true) => Ui.DisplayText.Get("rules.inForce.always"),
        (false, true) => Ui.DisplayText.Format("rules.inForce.from", Ui.Formats.Date(range.Start)),
        (true, false) => Ui.DisplayText.Format("rules.inForce.until", Ui.Formats.Date(range.End)),
        (false, false) => Ui.DisplayText.Format("rules.inForce.between", Ui.Formats.Date(range.Start), Ui.Formats.Date(range.End)),
    };

    /// <summary>The latest activations of rule profiles.</summary>
    public IReadOnlyList<PlatformWatch.Store.ProfileActivation> Activations { get; private set; } = [];

    /// <summary>The page.</summary>
    public async Task OnGetAsync() => Activations = (await markets.ActivationsAsync(Me.AsActor(), 20, HttpContext.RequestAborted)).Value ?? [];
}
