using System.Text;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Tests;

public class JsonlReaderTests
{
    private static async Task<List<JsonlLine>> ReadAsync(string text, int maxLineBytes = JsonlReader.DefaultMaxLineBytes)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var lines = new List<JsonlLine>();
        await foreach (var line in JsonlReader.ReadAsync(stream, maxLineBytes))
        {
            lines.Add(line);
        }

        return lines;
    }

    [Test]
    public async Task Every_bad_line_of_the_sample_is_refused_naming_the_field_and_the_good_lines_count()
    {
        await using var stream = File.OpenRead(TestData.ScenarioPath("bad-input.jsonl"));
        var lines = new List<JsonlLine>();
        await foreach (var line in JsonlReader.ReadAsync(stream))
        {
            lines.Add(line);
        }

        var refused = lines.Where(l => !l.Parsed.IsValid).ToDictionary(l => l.Number, l => ContractError.Join(l.Parsed.Errors));
        var accepted = lines.Where(l => l.Parsed.IsValid).Select(l => l.Parsed.Event!.EventId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(refused.Keys, Is.EqualTo(new[] { 6, 8, 10, 12, 14 }));
            Assert.That(refused[6], Does.StartWith("not valid JSON"));
            Assert.That(refused[8], Does.StartWith("share:"));
            Assert.That(refused[10], Does.StartWith("eventId: required"));
            Assert.That(refused[12], Does.StartWith("type: unknown event type"));
            Assert.That(refused[14], Does.StartWith("periodEnd: must not be before periodStart"));
            Assert.That(accepted, Is.EqualTo(new[] { "bi-001", "bi-001", "bi-006", "bi-007" }));
        });
    }

    [Test]
    public async Task The_SQL_in_an_identifier_is_kept_as_plain_text()
    {
        var lines = await ReadAsync(await File.ReadAllTextAsync(TestData.ScenarioPath("bad-input.jsonl")));
        var odd = (MarketShareReported)lines.Single(l => l.Parsed.Event?.EventId == "bi-006").Parsed.Event!;
        Assert.That(odd.PlatformId, Is.EqualTo("x'); DROP TABLE findings; --"));
    }

    [Test]
    public async Task Blank_lines_comments_CRLF_and_a_byte_order_mark_are_handled()
    {
        var good = """{"type":"DesignationDecided","eventId":"d1","occurredAt":"2026-01-10T00:00:00Z","source":"s","designationId":"x","platformId":"p","jurisdiction":"EU","kind":"gatekeeper","decidedAt":"2023-09-06","obligationsFrom":"2024-03-07","legalBasis":"DMA Art. 3(4)"}""";
        var lines = await ReadAsync("\uFEFF# comment\r\n\r\n   \r\n" + good + "\r\n  # indented comment\n" + good.Replace("d1", "d2", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(l => l.Number), Is.EqualTo(new[] { 4, 6 }));
            Assert.That(lines.All(l => l.Parsed.IsValid), Is.True, string.Join("; ", lines.SelectMany(l => l.Parsed.Errors)));
        });
    }

    [Test]
    public async Task An_oversized_line_is_refused_and_the_next_line_still_read()
    {
        var good = """{"type":"DesignationDecided","eventId":"d1","occurredAt":"2026-01-10T00:00:00Z","source":"s","designationId":"x","platformId":"p","jurisdiction":"EU","kind":"gatekeeper","decidedAt":"2023-09-06","obligationsFrom":"2024-03-07","legalBasis":"DMA Art. 3(4)"}""";
        var huge = "{\"type\":\"ConductObserved\",\"x\":\"" + new string('a', 300_000) + "\"}";
        var lines = await ReadAsync(huge + "\n" + good + "\n", maxLineBytes: 100_000);
        Assert.Multiple(() =>
        {
            Assert.That(ContractError.Join(lines[0].Parsed.Errors), Is.EqualTo($"line is {Encoding.UTF8.GetByteCount(huge)} bytes, over the limit of 100000 bytes"));
            Assert.That(lines[0].Text, Has.Length.LessThanOrEqualTo(1024));
            Assert.That(lines[1].Number, Is.EqualTo(2));
            Assert.That(lines[1].Parsed.IsValid, Is.True);
        });
    }

    [Test]
    public async Task A_last_line_without_a_newline_is_read()
    {
        var lines = await ReadAsync("# only\n{\"type\":\"nope\"}");
        Assert.That(lines.Single().Number, Is.EqualTo(2));
    }
}
