using System.Security.Cryptography;
using System.Text;

namespace PlatformWatch.Rules.Engine;

/// <summary>
/// Ids derived from content, so that every worker and every database names the same thing the
/// same way without coordinating: a prefix and base-32 characters of SHA-256 (5 bits each).
/// </summary>
public static class StableId
{
    // Crockford-like alphabet without I, O, 0 and 1, which readers confuse.
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>A prefix and <paramref name="length"/> characters derived from <paramref name="canonical"/>.</summary>
    public static string Of(string prefix, string canonical, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 51);
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        var chars = new char[length];
        int buffer = 0, bits = 0, index = 0;
        for (var written = 0; written < length; written++)
        {
            if (bits < 5)
            {
                buffer = ((buffer << 8) | bytes[index++]) & 0xFFFF;
                bits += 8;
            }

            bits -= 5;
            chars[written] = Alphabet[(buffer >> bits) & 31];
        }

        return prefix + new string(chars);
    }
}
