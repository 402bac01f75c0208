using System.Buffers;
using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using PlatformWatch.Contracts;

namespace PlatformWatch.Store;

// What the API writes: API keys, and notices to platforms with their answers (each a case action
// in the audit trail).
public sealed partial class StoreSession
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    internal static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();

    // Ids are made before the unit of work, so a retry after a commit that did happen finds the
    // key it made instead of making a second one.
    internal Task<int> InsertDataProtectionKeyAsync(string friendlyName, string xml, DateTimeOffset createdAt) =>
        ExecuteAsync(_sql.InsertDataProtectionKey, new { FriendlyName = friendlyName, Xml = xml, CreatedAt = createdAt.ToUniversalTime() });

    internal async Task InsertProfileActivationsAsync(IReadOnlyList<ProfileActivation> activations)
    {
        foreach (var a in activations)
        {
            await ExecuteAsync(_sql.InsertProfileActivation, new { a.ActivationId, a.SetHash, a.ProfileId, a.ContentHash, a.Reason, a.ActivatedBy, ActivatedAt = a.ActivatedAt.ToUniversalTime() }).ConfigureAwait(false);
        }
    }

    internal async Task InsertApiKeyAsync(ApiKeyRecord key, string secretHash)
    {
        var held = await _connection.ExecuteScalarAsync<string?>(Command(_sql.SelectApiKeyHash, new { key.KeyId })).ConfigureAwait(false);
        if (held is null)
        {
            await ExecuteAsync(_sql.InsertApiKey, new { key.KeyId, key.Name, key.Role, key.PlatformId, key.AuthorityId, SecretHash = secretHash, key.CreatedAt, key.CreatedBy }).ConfigureAwait(false);
        }
        else if (held != secretHash)
        {
            throw new InvalidOperationException($"key id {key.KeyId} is taken; create the key again");
        }
    }

    internal async Task<ApiKeyRecord?> RevokeApiKeyAsync(string keyId, string actor)
    {
        await ExecuteAsync(_sql.RevokeApiKey, new { KeyId = keyId, RevokedAt = AuditChain.Truncate(_clock.GetUtcNow()), RevokedBy = actor }).ConfigureAwait(false);
        return await _connection.QuerySingleOrDefaultAsync<ApiKeyRecord>(Command(_sql.SelectApiKey, new { KeyId = keyId })).ConfigureAwait(false);
    }

    internal async Task<NoticeRecord?> IssueNoticeAsync(string noticeId, string caseId, string text, DateTimeOffset responseDueAt, string actor)
    {
        if (await FindNoticeAsync(_sql.SelectNotice, noticeId).ConfigureAwait(false) is { } issued)
        {
            return issued;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CaseActionException("text: a notice needs a text");
        }

        var now = _clock.GetUtcNow();
        if (responseDueAt <= now)
        {
            throw new CaseActionException($"responseDueAt: the deadline must be in the future, was {Stamp(responseDueAt)}");
        }

        if (await FindCaseForUpdateAsync(caseId).ConfigureAwait(false) is not { } held)
        {
            return null;
        }

        if (held.PlatformId is null)
        {
            throw new CaseActionException($"case {caseId} is about a market, not a platform: a notice goes to a platform");
        }

        if (CaseWorkflow.Refusal(held.Status, "notice-issued", null) is { } refusal)
        {
            throw new CaseActionException($"case {caseId}: {refusal}");
        }

        var findings = await _connection.QueryAsync<StoredFinding>(Command(_sql.SelectCaseFindings, new { CaseId = caseId })).ConfigureAwait(false);
        var notice = new NoticeRecord
        {
            NoticeId = noticeId,
            CaseId = caseId,
            PlatformId = held.PlatformId,
            Text = text,
            FindingIds = findings.Where(f => f.IsActive).Select(f => f.FindingId).ToList(),
            IssuedAt = AuditChain.Truncate(now),
            IssuedBy = actor,
            ResponseDueAt = AuditChain.Truncate(responseDueAt),
            Status = NoticeStatus.AwaitingResponse,
        };
        await ExecuteAsync(_sql.InsertNotice, new
        {
            notice.NoticeId,
            notice.CaseId,
            notice.PlatformId,
            notice.Text,
            FindingIds = NoticeRows.ToJson(notice.FindingIds),
            notice.IssuedAt,
            notice.IssuedBy,
            notice.ResponseDueAt,
        }).ConfigureAwait(false);
        await MoveCaseAsync(held, "notice-issued", null, actor, "notice-issued", new JsonObject
        {
            ["from"] = held.Status,
            ["to"] = "notice-issued",
            ["noticeId"] = noticeId,
            ["responseDueAt"] = Stamp(notice.ResponseDueAt),
            ["findingIds"] = new JsonArray(notice.FindingIds.Select(id => (JsonNode?)id).ToArray()),
        }).ConfigureAwait(false);
        Announce(new NoticeIssued { NoticeId = notice.NoticeId, CaseId = notice.CaseId, PlatformId = notice.PlatformId, ResponseDueAt = notice.ResponseDueAt }, $"notice:{notice.NoticeId}");
        return notice;
    }

    internal async Task<NoticeResponse?> AnswerNoticeAsync(string responseId, string noticeId, string platformId, string text, IReadOnlyList<DocumentMeta> documents, bool businessSecret, string actor)
    {
        if (ResponseRefusal(text, documents) is { } refusal)
        {
            throw new CaseActionException(refusal);
        }

        // Another platform's notice is no different from none: the caller learns nothing about it.
        var notice = await FindNoticeAsync(_sql.SelectNoticeForUpdate, noticeId).ConfigureAwait(false);
        if (notice is null || !string.Equals(notice.PlatformId, platformId, StringComparison.Ordinal))
        {
            return null;
        }

        if (notice.Status == NoticeStatus.Answered)
        {
            var responses = await _connection.QueryAsync<NoticeRows.Response>(Command(_sql.SelectNoticeResponses, new { NoticeId = noticeId })).ConfigureAwait(false);
            return responses.FirstOrDefault(r => r.ResponseId == responseId)?.ToRecord()
                ?? throw new CaseActionException($"notice {noticeId} was already answered at {Stamp(notice.AnsweredAt!.Value)}");
        }

        var now = _clock.GetUtcNow();
        if (now >= notice.ResponseDueAt)
        {
            throw new CaseActionException($"the response deadline {Stamp(notice.ResponseDueAt)} has passed");
        }

        var response = new NoticeResponse
        {
            ResponseId = responseId,
            NoticeId = noticeId,
            PlatformId = platformId,
            Text = text,
            Documents = documents.ToList(),
            SubmittedAt = AuditChain.Truncate(now),
            SubmittedBy = actor,
            BusinessSecret = businessSecret,
        };
        await ExecuteAsync(_sql.UpdateNoticeAnswered, new { NoticeId = noticeId, AnsweredAt = response.SubmittedAt }).ConfigureAwait(false);
        await ExecuteAsync(_sql.InsertNoticeResponse, new
        {
            response.ResponseId,
            response.NoticeId,
            response.PlatformId,
            response.Text,
            Documents = NoticeRows.ToJson(response.Documents),
            response.SubmittedAt,
            response.SubmittedBy,
            response.BusinessSecret,
        }).ConfigureAwait(false);

        // The case moves on when the workflow lets it (not from closed, say); the answer is recorded either way.
        var held = await LockCaseAsync(notice.CaseId).ConfigureAwait(false);
        var moves = CaseWorkflow.Refusal(held.Status, "platform-responded", null) is null;
        var details = new JsonObject
        {
            ["from"] = held.Status,
            ["to"] = moves ? "platform-responded" : held.Status,
            ["noticeId"] = noticeId,
            ["responseId"] = responseId,
            ["documents"] = documents.Count,
        };
        if (businessSecret)
        {
            details["businessSecret"] = true;
        }

        if (moves)
        {
            await MoveCaseAsync(held, "platform-responded", null, actor, "notice-answered", details).ConfigureAwait(false);
        }
        else
        {
            await AppendAuditAsync(notice.CaseId, actor, "notice-answered", details).ConfigureAwait(false);
        }

        return response;
    }

    private async Task<NoticeRecord?> FindNoticeAsync(string sql, string noticeId) =>
        (await _connection.QuerySingleOrDefaultAsync<NoticeRows.Notice>(Command(sql, new { NoticeId = noticeId })).ConfigureAwait(false))?.ToRecord();

    private static string? ResponseRefusal(string text, IReadOnlyList<DocumentMeta> documents)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "text: a response needs a text";
        }

        if (documents.Count > NoticeResponse.MaxDocuments)
        {
            return $"documents: at most {NoticeResponse.MaxDocuments} documents, were {documents.Count}";
        }

        for (var i = 0; i < documents.Count; i++)
        {
            var reason = documents[i] switch
            {
                null => ": required",
                { Name: var name } when string.IsNullOrWhiteSpace(name) => ".name: required",
                { MediaType: var type } when string.IsNullOrWhiteSpace(type) => ".mediaType: required",
                { SizeBytes: < 0 and var size } => $".sizeBytes: must not be negative, was {size}",
                { Sha256: var hash } when hash is not { Length: 64 } || hash.AsSpan().ContainsAnyExcept(HexDigits) => ".sha256: must be 64 hex characters (the SHA-256 of the content)",
                _ => null,
            };
            if (reason is not null)
            {
                return $"documents[{i}]{reason}";
            }
        }

        return null;
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
