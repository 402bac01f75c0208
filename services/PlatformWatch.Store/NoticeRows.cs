using System.Text.Json;

namespace PlatformWatch.Store;

// Notices and responses as rows: their lists are JSON text in the database.
internal static class NoticeRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ToJson<T>(IReadOnlyList<T> values) => JsonSerializer.Serialize(values, Json);

    public sealed class Notice
    {
        public string NoticeId { get; init; } = "";
        public string CaseId { get; init; } = "";
        public string PlatformId { get; init; } = "";
        public string Text { get; init; } = "";
        public string FindingIds { get; init; } = "[]";
        public DateTimeOffset IssuedAt { get; init; }
        public string IssuedBy { get; init; } = "";
        public DateTimeOffset ResponseDueAt { get; init; }
        public string Status { get; init; } = "";
        public DateTimeOffset? AnsweredAt { get; init; }

        public NoticeRecord ToRecord() => new()
        {
            NoticeId = NoticeId,
            CaseId = CaseId,
            PlatformId = PlatformId,
            Text = Text,
            FindingIds = JsonSerializer.Deserialize<string[]>(FindingIds, Json) ?? [],
            IssuedAt = IssuedAt,
            IssuedBy = IssuedBy,
            ResponseDueAt = ResponseDueAt,
            Status = Status,
            AnsweredAt = AnsweredAt,
        };
    }

    public sealed class Response
    {
        public string ResponseId { get; init; } = "";
        public string NoticeId { get; init; } = "";
        public string PlatformId { get; init; } = "";
        public string Text { get; init; } = "";
        public string Documents { get; init; } = "[]";
        public DateTimeOffset SubmittedAt { get; init; }
        public string SubmittedBy { get; init; } = "";
        public bool BusinessSecret { get; init; }

        public NoticeResponse ToRecord() => new()
        {
            ResponseId = ResponseId,
            NoticeId = NoticeId,
            PlatformId = PlatformId,
            Text = Text,
            Documents = JsonSerializer.Deserialize<DocumentMeta[]>(Documents, Json) ?? [],
            SubmittedAt = SubmittedAt,
            SubmittedBy = SubmittedBy,
            BusinessSecret = BusinessSecret,
        };
    }
}
