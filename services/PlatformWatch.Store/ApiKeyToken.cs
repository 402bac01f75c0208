using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PlatformWatch.Store;

/// <summary>
/// API key tokens: <c>pw_&lt;keyId&gt;_&lt;secret&gt;</c>, the key id <c>k</c> and 12 lowercase base32
/// characters, the secret 32 random bytes in base64url without padding. The database keeps the
/// hex SHA-256 of the whole token, never the token.
/// </summary>
internal static class ApiKeyToken
{
    private const string Prefix = "pw_";
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static readonly SearchValues<char> Base32Characters = SearchValues.Create(Base32);
    private static readonly SearchValues<char> Base64UrlCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    private const int KeyIdLength = 13;
    private const int SecretLength = 43;
    private const int TokenLength = 3 + KeyIdLength + 1 + SecretLength;

    /// <summary>A new key id and its token.</summary>
    public static (string KeyId, string Token) New()
    {
        var keyId = "k" + RandomNumberGenerator.GetString(Base32, KeyIdLength - 1);
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (keyId, $"{Prefix}{keyId}_{secret}");
    }

    /// <summary>The hex SHA-256 of a token, as stored.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether a token hashes to the stored hash, compared in constant time.</summary>
    public static bool Matches(string token, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>The key id a well-formed token names; null for anything else.</summary>
    public static string? KeyIdOf(string? token)
    {
        if (token is not { Length: TokenLength } || !token.StartsWith(Prefix, StringComparison.Ordinal) || token[Prefix.Length] != 'k' || token[Prefix.Length + KeyIdLength] != '_')
        {
            return null;
        }

        var keyId = token.Substring(Prefix.Length, KeyIdLength);
        var secret = token.AsSpan(Prefix.Length + KeyIdLength + 1);
        return keyId.AsSpan(1).ContainsAnyExcept(Base32Characters) || secret.ContainsAnyExcept(Base64UrlCharacters) ? null : keyId;
    }
}
