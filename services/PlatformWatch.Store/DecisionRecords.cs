namespace PlatformWatch.Store;

/// <summary>
/// A decision a case ends in, as the database holds it: drafted and edited by its author, submitted,
/// returned to draft or approved by a second supervisor, and on approval served on the platform.
/// What it decides is <see cref="Content"/>, JSON text the application layer reads.
/// </summary>
public sealed record DecisionRecord
{
    /// <summary>A draft: its author edits it.</summary>
    public const string Draft = "draft";
    /// <summary>Submitted for approval: no longer edited; approved or returned.</summary>
    public const string Submitted = "submitted";
    /// <summary>Approved and served on the platform; never changed.</summary>
    public const string Served = "served";
    /// <summary>Discarded before it was served (a supervisor, with a reason): kept, never changed again.</summary>
    public const string Discarded = "discarded";

    /// <summary>Whether it is in work (a draft or submitted): a case has at most one so.</summary>
    public bool InWork => Status is Draft or Submitted;

    /// <summary>The decision, e.g. <c>D-4F7K2Q9M3A1B2C3D</c>.</summary>
    public required string DecisionId { get; init; }
    /// <summary>The case it decides.</summary>
    public required string CaseId { get; init; }
    /// <summary>The platform it is served on.</summary>
    public required string PlatformId { get; init; }
    /// <summary><see cref="Draft"/>, <see cref="Submitted"/>, <see cref="Served"/> or <see cref="Discarded"/>.</summary>
    public required string Status { get; init; }
    /// <summary>The outcome the case is closed with on approval.</summary>
    public required string Outcome { get; init; }
    /// <summary>What it decides, as JSON text.</summary>
    public required string Content { get; init; }
    /// <summary>Who drafted it (the only one who edits and submits it, and who may not approve it).</summary>
    public required string Author { get; init; }
    /// <summary>When it was drafted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When it was submitted (null while a draft).</summary>
    public DateTimeOffset? SubmittedAt { get; init; }
    /// <summary>Why it was last returned to draft, if it was.</summary>
    public string? ReturnedReason { get; init; }
    /// <summary>Who approved it.</summary>
    public string? ApprovedBy { get; init; }
    /// <summary>When it was served on the platform.</summary>
    public DateTimeOffset? ServedAt { get; init; }
}

/// <summary>A served decision taken off the public register by an admin, for good, with the reason.</summary>
public sealed record RegisterRemoval
{
    /// <summary>Taken off without a trace on the register.</summary>
    public const string Withheld = "withheld";
    /// <summary>Taken off, leaving a notice that it was withdrawn and when.</summary>
    public const string Withdrawn = "withdrawn";

    /// <summary>The decision.</summary>
    public required string DecisionId { get; init; }
    /// <summary>Its case.</summary>
    public required string CaseId { get; init; }
    /// <summary><see cref="Withheld"/> or <see cref="Withdrawn"/>.</summary>
    public required string Removal { get; init; }
    /// <summary>Why (kept for the authority and the audit trail, never published).</summary>
    public required string Reason { get; init; }
    /// <summary>Who took it off.</summary>
    public required string RemovedBy { get; init; }
    /// <summary>When.</summary>
    public required DateTimeOffset RemovedAt { get; init; }
}
