using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PlatformWatch.Store;

/// <summary>An entry of a case's audit trail.</summary>
public sealed record AuditEntry
{
    /// <summary>The case.</summary>
    public required string CaseId { get; init; }
    /// <summary>1, 2, 3 … within the case.</summary>
    public required long Seq { get; init; }
    /// <summary>When (UTC, whole milliseconds).</summary>
    public required DateTimeOffset At { get; init; }
    /// <summary>Who: a regulator, <c>system</c> for the rules, a platform.</summary>
    public required string Actor { get; init; }
    /// <summary>What: <c>opened</c>, <c>finding-joined</c>, <c>assigned</c>, <c>commented</c>, <c>transitioned</c> …</summary>
    public required string Action { get; init; }
    /// <summary>The particulars, as JSON.</summary>
    public required string Details { get; init; }
    /// <summary>The previous entry's hash ("" for the first).</summary>
    public required string PrevHash { get; init; }
    /// <summary>HMAC-SHA256 over the entry and the previous hash.</summary>
    public required string Hash { get; init; }
}

/// <summary>The first place where the audit trail does not verify.</summary>
public sealed record AuditBreak(string CaseId, long Seq, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{CaseId} entry {Seq}: {Reason}";
}

/// <summary>
/// The hash chain of the audit trail: each entry's hash is an HMAC (keyed with a secret from the
/// configuration) over its case, sequence number, time, actor, action, details and the previous
/// entry's hash. Editing an entry, deleting one or reordering them breaks the chain, and without
/// the key a forger cannot compute new hashes.
/// </summary>
public sealed class AuditChain
{
    private readonly byte[] _key;

    /// <summary>A chain keyed with a secret (at least 16 bytes of UTF-8).</summary>
    public AuditChain(string key)
    {
        if (string.IsNullOrEmpty(key) || Encoding.UTF8.GetByteCount(key) < 16)
        {
            throw new ArgumentException("the audit key must be at least 16 bytes", nameof(key));
        }

        _key = Encoding.UTF8.GetBytes(key);
    }

    /// <summary>Times are kept to the millisecond, which every engine stores exactly.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>The hash of an entry's content chained to the previous hash.</summary>
    public string Hash(string caseId, long seq, DateTimeOffset at, string actor, string action, string details, string prevHash)
    {
        var canonical = JsonSerializer.Serialize(new object[]
        {
            caseId,
            seq,
            Truncate(at).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            actor,
            action,
            details,
            prevHash,
        });
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>
    /// Checks every entry (streamed in case and sequence order) against the chain and the heads kept
    /// on the cases; returns the first break, or null when everything verifies.
    /// </summary>
    public async Task<(AuditBreak? Break, long Entries)> VerifyAsync(IAsyncEnumerable<AuditEntry> entries, IReadOnlyDictionary<string, (long Count, string Head)> heads)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(heads);
        string? caseId = null;
        long expectedSeq = 0;
        var previous = "";
        long total = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in entries.ConfigureAwait(false))
        {
            if (e.CaseId != caseId)
            {
                if (caseId is not null && Head(caseId, expectedSeq, previous, heads) is { } headBreak)
                {
                    return (headBreak, total);
                }

                caseId = e.CaseId;
                seen.Add(caseId);
                expectedSeq = 0;
                previous = "";
            }

            total++;
            expectedSeq++;
            if (e.Seq != expectedSeq)
            {
                return (new AuditBreak(e.CaseId, expectedSeq, $"entry {expectedSeq} is missing (found {e.Seq} next)"), total);
            }

            if (e.PrevHash != previous)
            {
                return (new AuditBreak(e.CaseId, e.Seq, "does not chain to the entry before it (an entry was removed or replaced)"), total);
            }

            if (Hash(e.CaseId, e.Seq, e.At, e.Actor, e.Action, e.Details, e.PrevHash) != e.Hash)
            {
                return (new AuditBreak(e.CaseId, e.Seq, "its content does not match its hash (the entry was changed)"), total);
            }

            previous = e.Hash;
        }

        if (caseId is not null && Head(caseId, expectedSeq, previous, heads) is { } lastBreak)
        {
            return (lastBreak, total);
        }

        foreach (var (id, head) in heads.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            if (head.Count > 0 && !seen.Contains(id))
            {
                return (new AuditBreak(id, 1, $"the case records {head.Count} entries but none is left"), total);
            }
        }

        return (null, total);
    }

    private static AuditBreak? Head(string caseId, long count, string last, IReadOnlyDictionary<string, (long Count, string Head)> heads)
    {
        if (!heads.TryGetValue(caseId, out var head))
        {
            return new AuditBreak(caseId, 1, "entries exist for a case that does not");
        }

        if (head.Count != count)
        {
            return new AuditBreak(caseId, Math.Min(head.Count, count) + 1, $"the case records {head.Count} entries, {count} are left (entries were removed from the end)");
        }

        return head.Head == last ? null : new AuditBreak(caseId, count, "the last entry is not the one the case records");
    }
}
