using System.Text;
using System.Text.Json;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The request bodies the authorization matrix names in its column <c>body</c>, as JSON text (ids
/// made unique per call), for the matrix and for the tests that spoil them.
/// </summary>
internal static class MatrixBodies
{
    /// <summary>The body's JSON; null for <c>none</c>.</summary>
    public static string? Json(string name) => name switch
    {
        "none" => null,
        "assign" => Serialize(new { assignee = "alice", dueAt = "2026-12-31" }),
        "comment" => Serialize(new { text = "checked the contracts", visibility = "internal" }),
        "transition-refused" => Serialize(new { to = "new" }),
        "refer-refused" => Serialize(new { to = "root", reason = "already its owner: refused" }),
        "share-refused" => Serialize(new { authority = "root", reason = "its owner: refused" }),
        "authorities-invalid" => Serialize(new { authorities = Array.Empty<object>() }),
        "sources-invalid" => Serialize(new { sources = new[] { new { id = "x", kind = "rumour" } } }),
        "notice-past-deadline" => Serialize(new { text = "explain", responseDueAt = "2020-01-01T00:00:00Z" }),
        "decision-refused" => Serialize(new
        {
            findingIds = new[] { "F-NOT-OF-THIS-CASE" },
            facts = "The facts found.",
            legalBasis = "AML 2008 Art. 17",
            outcome = "warning",
            reasons = "The reasons.",
        }),
        "empty" => "{}",
        "resend" => Serialize(new { deliveryIds = new[] { "00000000-0000-0000-0000-000000000000" } }),
        "subscription-refused" => Serialize(new { channel = "webhook", target = "https://127.0.0.1/hook", kinds = new[] { "notice-issued" } }),
        "return" => Serialize(new { reason = "the facts need the second market" }),
        "event" => Event("matrix-one"),
        "batch" => "[" + Event("matrix-batch") + "]",
        "report" => Serialize(new
        {
            reportId = "MATRIX-" + Guid.NewGuid().ToString("N")[..8],
            jurisdiction = "EU",
            reportType = "dma-art11-compliance",
            periodStart = "2025-03-07",
            periodEnd = "2026-03-06",
            sections = new Dictionary<string, string> { ["measures"] = "Described." },
        }),
        "answer" => Serialize(new
        {
            text = "Our answer.",
            documents = new[] { new { name = "contract.pdf", mediaType = "application/pdf", sizeBytes = 1024, sha256 = new string('a', 64) } },
        }),
        "document-notice" => Serialize(new { name = "letter.pdf", content = Convert.ToBase64String(Pdf) }),
        "document-platform" => Serialize(new { name = "contract.pdf", content = Convert.ToBase64String(Pdf), businessSecret = false }),
        _ => throw new ArgumentException($"no body '{name}'", nameof(name)),
    };

    /// <summary>A small PDF (its magic bytes and a body).</summary>
    public static byte[] Pdf { get; } = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>The body as request content; null for <c>none</c>.</summary>
    public static HttpContent? Content(string name) => Json(name) is { } json ? Text(json) : null;

    /// <summary>JSON text as request content.</summary>
    public static StringContent Text(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Serialize(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    private static string Event(string id) =>
        $$"""{"type":"MarketShareReported","eventId":"{{id}}-{{Guid.NewGuid():N}}","occurredAt":"2025-02-01T00:00:00Z","source":"matrix","marketId":"cn-matrix","jurisdiction":"CN","periodStart":"2024-01-01","periodEnd":"2024-12-31","platformId":"acme","metric":"orders","share":0.3}""";
}
