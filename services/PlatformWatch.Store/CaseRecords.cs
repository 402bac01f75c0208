namespace PlatformWatch.Store;

/// <summary>A case as the database holds it.</summary>
public sealed record CaseRecord
{
    /// <summary>The case id, e.g. <c>C-4F7K2Q9M3A-1</c>.</summary>
    public required string CaseId { get; init; }
    /// <summary>Platform, rule family and market that group its findings.</summary>
    public required string GroupKey { get; init; }
    /// <summary>The platform; null for a market-level case.</summary>
    public string? PlatformId { get; init; }
    /// <summary>The rule family, e.g. <c>CN-AML22</c>.</summary>
    public required string Family { get; init; }
    /// <summary>The market, if any.</summary>
    public string? MarketId { get; init; }
    /// <summary><c>new</c>, <c>triaged</c>, <c>investigating</c>, <c>notice-issued</c>, <c>platform-responded</c>, <c>closed</c>.</summary>
    public required string Status { get; init; }
    /// <summary>The highest severity of its findings.</summary>
    public required string Severity { get; init; }
    /// <summary>The regulator working it.</summary>
    public string? Assignee { get; init; }
    /// <summary>When it is due.</summary>
    public DateOnly? DueAt { get; init; }
    /// <summary>How it was closed: <c>no-violation</c>, <c>warning</c>, <c>rectification-ordered</c>, <c>penalty-referral</c>.</summary>
    public string? Outcome { get; init; }
    /// <summary>When it was opened.</summary>
    public required DateTimeOffset OpenedAt { get; init; }
    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When it was closed.</summary>
    public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>The closed case of the same group that this one follows.</summary>
    public string? FollowsCaseId { get; init; }
    /// <summary>How many audit entries it has.</summary>
    public long AuditCount { get; init; }
    /// <summary>The hash of its last audit entry.</summary>
    public string AuditHead { get; init; } = "";
    /// <summary>The authority that owns the case (routing decided it; a referral moves it).</summary>
    public string OwnerAuthorityId { get; init; } = "";
    /// <summary>Its active findings (in lists, a case read whole and an action's answer; 0 where a case is read only to lock it).</summary>
    public long ActiveFindings { get; init; }
    /// <summary>The rules of its findings, comma-separated (where <see cref="ActiveFindings"/> is counted).</summary>
    public string? Rules { get; init; }

    /// <summary>Whole days since it was opened.</summary>
    public int AgeDays(DateTimeOffset now) => (int)(now - OpenedAt).TotalDays;

    /// <summary>True when a due date has passed while the case is open.</summary>
    public bool IsOverdue(DateTimeOffset now) => Status != "closed" && DueAt is { } due && DateOnly.FromDateTime(now.UtcDateTime) > due;
}

/// <summary>A comment on a case: <c>internal</c> (regulators only) or <c>shared</c> with the platform.</summary>
public sealed record CaseComment
{
    /// <summary>The comment.</summary>
    public required string CommentId { get; init; }
    /// <summary>The case.</summary>
    public required string CaseId { get; init; }
    /// <summary>Who wrote it.</summary>
    public required string Author { get; init; }
    /// <summary><c>internal</c> or <c>shared</c>.</summary>
    public required string Visibility { get; init; }
    /// <summary>The text.</summary>
    public required string Body { get; init; }
    /// <summary>When.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The authority of the author, when a regulator of one wrote it.</summary>
    public string? AuthorAuthority { get; init; }
}

/// <summary>An event kept as evidence.</summary>
public sealed record EvidenceEvent
{
    /// <summary>The event id.</summary>
    public required string EventId { get; init; }
    /// <summary>Its contract.</summary>
    public required string Type { get; init; }
    /// <summary>When it happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
    /// <summary>Who reported it.</summary>
    public required string Source { get; init; }
    /// <summary>Who submitted it under which credential (<c>api-key:ID</c>, <c>token:SUBJECT</c>, <c>amqp:USER</c>, <c>cli:ACTOR</c>); null for events recorded before submitters were kept.</summary>
    public string? Submitter { get; init; }
    /// <summary>The event as JSON.</summary>
    public required string Payload { get; init; }
}

/// <summary>A case in full: its findings, the evidence behind them, its comments and its audit trail.</summary>
public sealed record CaseDetail(
    CaseRecord Case,
    IReadOnlyList<StoredFinding> Findings,
    IReadOnlyList<EvidenceEvent> Evidence,
    IReadOnlyList<CaseComment> Comments,
    IReadOnlyList<AuditEntry> Audit);

/// <summary>Filters and order of a case list.</summary>
public sealed record CaseQuery
{
    /// <summary>Only this status.</summary>
    public string? Status { get; init; }
    /// <summary>Only this severity.</summary>
    public string? Severity { get; init; }
    /// <summary>Only this platform.</summary>
    public string? PlatformId { get; init; }
    /// <summary>Only this market.</summary>
    public string? MarketId { get; init; }
    /// <summary>Only cases with a finding of this rule.</summary>
    public string? RuleId { get; init; }
    /// <summary>Only cases assigned to this regulator.</summary>
    public string? Assignee { get; init; }
    /// <summary>Only cases nobody is assigned to.</summary>
    public bool Unassigned { get; init; }
    /// <summary>Only cases opened before this time (older than an age).</summary>
    public DateTimeOffset? OpenedBefore { get; init; }
    /// <summary>
    /// Only cases of this jurisdiction (e.g. <c>CN</c>): with a finding of one of
    /// <see cref="JurisdictionProfiles"/>, or a finding of the <c>common</c> profile in a market
    /// reported under this jurisdiction.
    /// </summary>
    public string? Jurisdiction { get; init; }
    /// <summary>The profiles of <see cref="Jurisdiction"/> (e.g. <c>["cn"]</c> for <c>CN</c>); none when null.</summary>
    public IReadOnlyList<string>? JurisdictionProfiles { get; init; }
    /// <summary>Only the cases this authority sees (its own and those below it, and grants); null: every case.</summary>
    public CaseViewer? Viewer { get; init; }
    /// <summary>One of <see cref="CaseWorkflow.SortColumns"/>.</summary>
    public string Sort { get; init; } = "severity";
    /// <summary>Descending order.</summary>
    public bool Descending { get; init; } = true;
    /// <summary>Page size.</summary>
    public int Limit { get; init; } = 100;
    /// <summary>Rows to skip.</summary>
    public int Offset { get; init; }
}

/// <summary>
/// Why a case action was refused (unknown case, a transition the workflow does not allow …). Its
/// <see cref="Exception.Message"/> is English (logs); <see cref="Localized"/> says it in the current
/// UI culture, for the caller (the templates are <c>Resources/StoreMessages.resx</c>).
/// </summary>
public sealed class CaseActionException : Exception
{
    private readonly string? _key;
    private readonly object?[] _args = [];

    /// <summary>A refusal said the same in every language.</summary>
    public CaseActionException(string message) : base(message)
    {
    }

    private CaseActionException(string key, object?[] args) : base(StoreMessages.Text.Invariant(key, args))
    {
        _key = key;
        _args = args;
    }

    /// <summary>The refusal in the current UI culture.</summary>
    public string Localized => _key is null ? Message : StoreMessages.Text.Format(_key, _args);

    /// <summary>A refusal by the template <paramref name="key"/> of the store's messages.</summary>
    public static CaseActionException Of(string key, params object?[] args) => new(key, args);
}

/// <summary>The store's refusals (<c>Resources/StoreMessages.resx</c> and its <c>zh-CN</c> satellite).</summary>
internal static class StoreMessages
{
    public static LocalizedText Text { get; } = new(new System.Resources.ResourceManager("PlatformWatch.Store.Resources.StoreMessages", typeof(StoreMessages).Assembly));
}

/// <summary>
/// The authority a regulator reads as: it sees the cases of its subtree (<see cref="Path"/> is
/// its path) and those granted to it or to an authority below it; caseless findings only in the
/// default authority's tree.
/// </summary>
public sealed record CaseViewer(string AuthorityId, string Path, bool InHomeTree)
{
    /// <summary>The viewer of an authority of a tree.</summary>
    public static CaseViewer Of(AuthorityTree tree, AuthorityNode authority)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(authority);
        return new CaseViewer(authority.AuthorityId, authority.Path, authority.Path.StartsWith(tree.Default.Path, StringComparison.Ordinal));
    }

    /// <summary>The query parameters of a viewer (none: every row).</summary>
    public static object Parameters(CaseViewer? viewer) => new
    {
        ViewerAuthorityId = viewer?.AuthorityId,
        ViewerPath = viewer is null ? null : viewer.Path + "%",
        ViewerHome = viewer is { InHomeTree: true } ? 1 : 0,
    };
}
