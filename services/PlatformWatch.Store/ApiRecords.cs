namespace PlatformWatch.Store;

/// <summary>The roles an API key is issued for: four regulator roles and the platforms'.</summary>
public static class ApiRoles
{
    /// <summary>Reads cases, findings and notices.</summary>
    public const string RegulatorViewer = "regulator-viewer";
    /// <summary>Works cases: comments, assignments.</summary>
    public const string RegulatorAnalyst = "regulator-analyst";
    /// <summary>Decides: transitions, notices.</summary>
    public const string RegulatorSupervisor = "regulator-supervisor";
    /// <summary>Manages the API keys.</summary>
    public const string RegulatorAdmin = "regulator-admin";
    /// <summary>A platform: sees only its own data and answers its notices.</summary>
    public const string Platform = "platform";

    /// <summary>The five roles, in that order.</summary>
    public static IReadOnlyList<string> All { get; } = [RegulatorViewer, RegulatorAnalyst, RegulatorSupervisor, RegulatorAdmin, Platform];

    /// <summary>True for the four regulator roles.</summary>
    public static bool IsRegulator(string role) => role is RegulatorViewer or RegulatorAnalyst or RegulatorSupervisor or RegulatorAdmin;
}

/// <summary>An API key as the database holds it, without its token (which is never stored) or the token's hash.</summary>
public sealed record ApiKeyRecord
{
    /// <summary>The key id, <c>k</c> and 12 lowercase base32 characters; the token names it.</summary>
    public required string KeyId { get; init; }
    /// <summary>What the key is for, e.g. <c>acme portal</c>.</summary>
    public required string Name { get; init; }
    /// <summary>One of <see cref="ApiRoles.All"/>.</summary>
    public required string Role { get; init; }
    /// <summary>The platform of a <see cref="ApiRoles.Platform"/> key; null for regulator keys.</summary>
    public string? PlatformId { get; init; }
    /// <summary>The authority a regulator key belongs to; null for platform keys.</summary>
    public string? AuthorityId { get; init; }
    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Who created it.</summary>
    public required string CreatedBy { get; init; }
    /// <summary>When it was revoked (the first revocation).</summary>
    public DateTimeOffset? RevokedAt { get; init; }
    /// <summary>Who revoked it.</summary>
    public string? RevokedBy { get; init; }

    /// <summary>True once the key is revoked: its token is refused.</summary>
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A key just created, with its token: shown to its holder once, never stored.</summary>
public sealed record IssuedApiKey(ApiKeyRecord Key, string Token)
{
    /// <inheritdoc />
    public override string ToString() => $"IssuedApiKey {{ Key = {Key}, Token = (hidden) }}";
}

/// <summary>A document a platform attached to a response: its metadata, not its content.</summary>
public sealed record DocumentMeta
{
    /// <summary>The file name.</summary>
    public required string Name { get; init; }
    /// <summary>Its media type, e.g. <c>application/pdf</c>.</summary>
    public required string MediaType { get; init; }
    /// <summary>Its size in bytes.</summary>
    public required long SizeBytes { get; init; }
    /// <summary>The hex SHA-256 of its content (64 characters).</summary>
    public required string Sha256 { get; init; }
}

/// <summary>The statuses of a notice.</summary>
public static class NoticeStatus
{
    /// <summary>Issued; the platform has not answered yet.</summary>
    public const string AwaitingResponse = "awaiting-response";

    /// <summary>The platform answered.</summary>
    public const string Answered = "answered";
}

/// <summary>A notice to the platform of a case, with the deadline for its answer.</summary>
public sealed record NoticeRecord
{
    /// <summary>The notice id, e.g. <c>N-3F9A…</c>.</summary>
    public required string NoticeId { get; init; }
    /// <summary>The case.</summary>
    public required string CaseId { get; init; }
    /// <summary>The platform it is addressed to (the case's).</summary>
    public required string PlatformId { get; init; }
    /// <summary>What the regulator tells the platform.</summary>
    public required string Text { get; init; }
    /// <summary>The case's active findings when the notice was issued: what the platform is told about.</summary>
    public required IReadOnlyList<string> FindingIds { get; init; }
    /// <summary>When it was issued.</summary>
    public required DateTimeOffset IssuedAt { get; init; }
    /// <summary>Who issued it.</summary>
    public required string IssuedBy { get; init; }
    /// <summary>The platform must answer before this time.</summary>
    public required DateTimeOffset ResponseDueAt { get; init; }
    /// <summary><see cref="NoticeStatus.AwaitingResponse"/> or <see cref="NoticeStatus.Answered"/>.</summary>
    public required string Status { get; init; }
    /// <summary>When the platform answered.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
}

/// <summary>A platform's answer to a notice.</summary>
public sealed record NoticeResponse
{
    /// <summary>The response id, e.g. <c>NR-…</c>.</summary>
    public required string ResponseId { get; init; }
    /// <summary>The notice answered.</summary>
    public required string NoticeId { get; init; }
    /// <summary>The platform that answered.</summary>
    public required string PlatformId { get; init; }
    /// <summary>The answer.</summary>
    public required string Text { get; init; }
    /// <summary>The documents attached (metadata only).</summary>
    public required IReadOnlyList<DocumentMeta> Documents { get; init; }
    /// <summary>When it was submitted.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }
    /// <summary>Who submitted it (e.g. <c>platform:acme/k…</c>).</summary>
    public required string SubmittedBy { get; init; }
    /// <summary>The platform marked the answer (its text and documents) as a business secret.</summary>
    public bool BusinessSecret { get; init; }

    /// <summary>The most documents one response may attach.</summary>
    public const int MaxDocuments = 20;
}

/// <summary>A notice and the platform's responses to it.</summary>
public sealed record NoticeDetail(NoticeRecord Notice, IReadOnlyList<NoticeResponse> Responses);

/// <summary>A platform's share of a market in a period, as last reported by one kind of source.</summary>
public sealed record MarketShareRow
{
    /// <summary>The market.</summary>
    public required string MarketId { get; init; }
    /// <summary>What the share measures (<c>gmv</c>, <c>orders</c> …).</summary>
    public required string Metric { get; init; }
    /// <summary>First day of the period.</summary>
    public required DateOnly PeriodStart { get; init; }
    /// <summary>Last day of the period.</summary>
    public required DateOnly PeriodEnd { get; init; }
    /// <summary>The platform.</summary>
    public required string PlatformId { get; init; }
    /// <summary>The share, exact.</summary>
    public required decimal Share { get; init; }
    /// <summary>The platform's value (turnover …) when reported.</summary>
    public decimal? ValueAmount { get; init; }
    /// <summary>Its currency.</summary>
    public string? ValueCurrency { get; init; }
    /// <summary>The jurisdiction reported, e.g. <c>CN</c>.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>The event that reported it.</summary>
    public required string EventId { get; init; }
    /// <summary>When that event happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
    /// <summary>The source id the event carried.</summary>
    public string Source { get; init; } = "";
    /// <summary>The standing of the source when the figure was recorded (<c>unclassified</c> without a registry).</summary>
    public string SourceKind { get; init; } = "unclassified";
}

/// <summary>Filters and page of a finding list; every filter is compared as literal text.</summary>
public sealed record FindingQuery
{
    /// <summary>Only this platform.</summary>
    public string? PlatformId { get; init; }
    /// <summary>Only this market.</summary>
    public string? MarketId { get; init; }
    /// <summary>Only this rule.</summary>
    public string? RuleId { get; init; }
    /// <summary>Only this severity.</summary>
    public string? Severity { get; init; }
    /// <summary>Only the findings of this case.</summary>
    public string? CaseId { get; init; }
    /// <summary>Only these findings (at most <see cref="MaxFindingIds"/>; an empty list matches none).</summary>
    public IReadOnlyList<string>? FindingIds { get; init; }
    /// <summary>Only findings whose period ends on or after this day.</summary>
    public DateOnly? PeriodFrom { get; init; }
    /// <summary>Only findings whose period starts on or before this day.</summary>
    public DateOnly? PeriodTo { get; init; }
    /// <summary>Include findings that later evidence withdrew.</summary>
    public bool IncludeWithdrawn { get; init; }
    /// <summary>Only the findings this authority sees (those of cases it sees; caseless ones in the default authority's tree); null: all.</summary>
    public CaseViewer? Viewer { get; init; }
    /// <summary>Page size (at least 1).</summary>
    public int Limit { get; init; } = 1000;
    /// <summary>Rows to skip.</summary>
    public int Offset { get; init; }

    /// <summary>The most finding ids one query takes.</summary>
    public const int MaxFindingIds = 1000;
}

/// <summary>One rule profile put in force by a service, at start or after its files changed.</summary>
public sealed record ProfileActivation
{
    /// <summary>The activation row's id.</summary>
    public required string ActivationId { get; init; }
    /// <summary>The content hash of the whole profile set activated.</summary>
    public required string SetHash { get; init; }
    /// <summary>The profile.</summary>
    public required string ProfileId { get; init; }
    /// <summary>The profile's content hash.</summary>
    public required string ContentHash { get; init; }
    /// <summary><c>startup</c> or <c>files-changed</c>.</summary>
    public required string Reason { get; init; }
    /// <summary>Who activated it: the service, its user and host, e.g. <c>platformwatch-worker (app@worker-7)</c>.</summary>
    public required string ActivatedBy { get; init; }
    /// <summary>When.</summary>
    public required DateTimeOffset ActivatedAt { get; init; }
}
