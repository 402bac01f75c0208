using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace PlatformWatch.Contracts.Wire;

/// <summary>One line of an event file that held an event, valid or not.</summary>
/// <param name="Number">1-based line number in the file.</param>
/// <param name="Parsed">The event, or why it was refused.</param>
/// <param name="Text">The line as read (cut to the size limit), kept for the dead-letter record.</param>
public sealed record JsonlLine(int Number, ParsedEvent Parsed, string Text);

/// <summary>
/// Reads an event file (CONTRACTS.md, "Event files"): one JSON object per line; blank lines and
/// lines starting with <c>#</c> are skipped. Lines are split on bytes, so an oversized line is
/// refused without ever being held in memory whole.
/// </summary>
public static class JsonlReader
{
    /// <summary>The default size limit of one line (and of one message on the bus): 256 KiB.</summary>
    public const int DefaultMaxLineBytes = 256 * 1024;

    /// <summary>Reads every non-blank, non-comment line of the stream.</summary>
    public static async IAsyncEnumerable<JsonlLine> ReadAsync(
        Stream stream,
        int maxLineBytes = DefaultMaxLineBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 16);

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxLineBytes, 64 * 1024) + 1);
        var line = new ArrayBufferWriter<byte>(4096);
        var lineNumber = 1;
        long lineBytes = 0;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    if (lineBytes > 0)
                    {
                        var last = Complete(lineNumber, line, lineBytes, maxLineBytes);
                        if (last is not null)
                        {
                            yield return last;
                        }
                    }

                    yield break;
                }

                var start = 0;
                while (start < read)
                {
                    var newline = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                    var end = newline < 0 ? read : newline;
                    var count = end - start;
                    if (lineBytes + count <= maxLineBytes)
                    {
                        line.Write(buffer.AsSpan(start, count));
                    }

                    lineBytes += count;
                    if (newline < 0)
                    {
                        break;
                    }

                    var complete = Complete(lineNumber, line, lineBytes, maxLineBytes);
                    if (complete is not null)
                    {
                        yield return complete;
                    }

                    line.Clear();
                    lineBytes = 0;
                    lineNumber++;
                    start = newline + 1;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static JsonlLine? Complete(int number, ArrayBufferWriter<byte> line, long lineBytes, int maxLineBytes)
    {
        var bytes = line.WrittenMemory;
        if (bytes.Length > 0 && bytes.Span[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        if (lineBytes > maxLineBytes)
        {
            var error = ContractError.Of(null, "lineTooLong", lineBytes, maxLineBytes);
            return new JsonlLine(number, ParsedEvent.Refused(null, error), Decode(bytes[..Math.Min(bytes.Length, 1024)]));
        }

        var trimmed = Trim(bytes);
        if (trimmed.Length == 0 || trimmed.Span[0] == (byte)'#')
        {
            return null;
        }

        return new JsonlLine(number, EventParser.Parse(trimmed), Decode(trimmed));
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        var start = 0;
        while (start < span.Length && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            start++;
        }

        // A UTF-8 byte order mark on the first line is not part of the JSON.
        if (span.Length - start >= 3 && span[start] == 0xEF && span[start + 1] == 0xBB && span[start + 2] == 0xBF)
        {
            start += 3;
        }

        var end = span.Length;
        while (end > start && span[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            end--;
        }

        return bytes[start..end];
    }

    private static string Decode(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
