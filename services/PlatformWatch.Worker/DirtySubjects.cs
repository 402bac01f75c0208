namespace PlatformWatch.Worker;

/// <summary>The subjects whose state changed in a unit of work, to be evaluated once each.</summary>
internal sealed class DirtySubjects
{
    public SortedSet<string> Markets { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> Conduct { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> Acquisitions { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> Profiles { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> Reports { get; } = new(StringComparer.Ordinal);
    public SortedSet<(string PlatformId, string MarketId, DateOnly Month)> PriceWindows { get; } = [];
    public SortedSet<(string PlatformId, string MarketId, DateOnly Month)> RankingWindows { get; } = [];

    /// <summary>Platforms (and a market, or null for all) whose every price and ranking window must be re-evaluated.</summary>
    public HashSet<(string PlatformId, string? MarketId)> WindowsOf { get; } = [];

    /// <summary>Platforms whose facts (dominance, designation) this unit of work changes.</summary>
    public SortedSet<string> FactsChanged { get; } = new(StringComparer.Ordinal);

    /// <summary>Everything that depends on the platform's dominance or designation.</summary>
    public void DependentsOf(string platformId, string? marketId)
    {
        FactsChanged.Add(platformId);
        Conduct.Add(platformId);
        Acquisitions.Add(platformId);
        WindowsOf.Add((platformId, marketId));
    }
}
