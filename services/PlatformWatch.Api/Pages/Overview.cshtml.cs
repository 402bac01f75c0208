using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages;

/// <summary>Open cases and their ages, counted over some rows of the overview.</summary>
public sealed record OverviewCounts(long Open, long Days0To30, long Days31To90, long Days91To180, long DaysOver180, long Overdue, long Unassigned)
{
    /// <summary>The sums of some rows.</summary>
    public static OverviewCounts Of(IEnumerable<OverviewRow> rows)
    {
        var list = rows.ToList();
        return new(list.Sum(r => r.Open), list.Sum(r => r.Days0To30), list.Sum(r => r.Days31To90), list.Sum(r => r.Days91To180), list.Sum(r => r.DaysOver180), list.Sum(r => r.Overdue), list.Sum(r => r.Unassigned));
    }
}

/// <summary>One authority of the overview: its own open cases, and those of it and the authorities below it.</summary>
public sealed record OverviewLine(AuthorityNode Authority, int Depth, OverviewCounts Own, OverviewCounts WithBelow);

/// <summary>One rule family of the overview: the open cases of the whole subtree, and of each authority that has some.</summary>
public sealed record OverviewFamily(string Family, OverviewCounts Total, IReadOnlyList<(string AuthorityId, long Open)> ByAuthority);

/// <summary>
/// The per-tier overview (the page of <c>GET /api/v1/overview</c>): for the signed-in regulator's
/// authority, or one below it, every authority of the subtree with its open cases by age, and the
/// open cases by rule family; then the authorities' routes.
/// </summary>
[Authorize(Policy = Policies.RegulatorRead)]
public sealed class OverviewModel(AuthorityService authorities, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The authority to show (default: the caller's own).</summary>
    [BindProperty(SupportsGet = true, Name = "authority")]
    public string? Authority { get; set; }

    /// <summary>The authority at the top of the overview.</summary>
    public AuthorityNode Top { get; private set; } = null!;

    /// <summary>The caller's own authority.</summary>
    public AuthorityNode Own { get; private set; } = null!;

    /// <summary>The authorities from the caller's own down to the one shown (to go back up).</summary>
    public IReadOnlyList<AuthorityNode> Trail { get; private set; } = [];

    /// <summary>Every authority of the subtree, by path.</summary>
    public IReadOnlyList<OverviewLine> Lines { get; private set; } = [];

    /// <summary>The open cases by rule family.</summary>
    public IReadOnlyList<OverviewFamily> Families { get; private set; } = [];

    /// <summary>The open cases of the whole subtree.</summary>
    public OverviewCounts Total { get; private set; } = OverviewCounts.Of([]);

    /// <summary>The overview.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var overview = await authorities.OverviewAsync(Me.AsActor(), string.IsNullOrEmpty(Authority) ? null : Authority, Now, HttpContext.RequestAborted);
        if (!overview.IsOk)
        {
            return overview.Kind == OutcomeKind.Forbidden ? Forbid() : NotFound();
        }

        var (tree, own, top, rows) = overview.Value!;
        Own = own;
        Top = top;
        Trail = tree.All.Where(a => tree.IsWithin(top.AuthorityId, a.AuthorityId) && tree.IsWithin(a.AuthorityId, own.AuthorityId)).OrderBy(a => a.Tier).ToList();
        Total = OverviewCounts.Of(rows);
        Lines = tree.Subtree(top.AuthorityId)
            .Select(a => new OverviewLine(a, a.Tier - top.Tier, OverviewCounts.Of(rows.Where(r => r.AuthorityId == a.AuthorityId)), OverviewCounts.Of(rows.Where(r => tree.IsWithin(r.AuthorityId, a.AuthorityId)))))
            .ToList();
        Families = rows.GroupBy(r => r.Family, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new OverviewFamily(g.Key, OverviewCounts.Of(g), g.Where(r => r.Open > 0).OrderBy(r => tree.Find(r.AuthorityId)?.Path ?? r.AuthorityId, StringComparer.Ordinal).Select(r => (r.AuthorityId, r.Open)).ToList()))
            .ToList();
        return Page();
    }

    /// <summary>What a route matches, in the UI's language (jurisdictions, rule families, rules, markets, platforms), or any case.</summary>
    public static string Describe(AuthorityRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var parts = new[]
        {
            ("jurisdictions", route.Jurisdictions.Select(j => Ui.DisplayText.Name("jurisdiction", j))), ("families", route.Families),
            ("rules", route.Rules), ("markets", route.Markets), ("platforms", route.Platforms),
        }.Select(p => (Key: p.Item1, Values: p.Item2.ToList())).Where(p => p.Values.Count > 0)
            .Select(p => Ui.DisplayText.Format("overview.route." + p.Key, string.Join(", ", p.Values))).ToList();
        return parts.Count == 0 ? Ui.DisplayText.Get("overview.anyCase") : string.Join(Ui.DisplayText.Get("value.separator"), parts);
    }
}
