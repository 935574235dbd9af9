using System.Buffers;
using System.Numerics;

namespace CareChain.Ledger.Internal;

/// <summary>Strict lowercase hex: the only spelling the ledger formats accept.</summary>
internal static class LowerHex
{
    private static readonly SearchValues<byte> Utf8Digits = SearchValues.Create("0123456789abcdef"u8);

    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Exactly <paramref name="length"/> characters of <c>[0-9a-f]</c>; works on UTF-16 and on UTF-8.</summary>
    public static bool IsLowerHex<T>(ReadOnlySpan<T> text, int length)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (text.Length != length)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsLowerHexDigit(int.CreateTruncating(c)))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsLowerHex(string? text, int length) => text is not null && IsLowerHex(text.AsSpan(), length);

    /// <summary>Vectorized form for UTF-8, used on the verifier's per-entry path.</summary>
    public static bool IsLowerHex(ReadOnlySpan<byte> text, int length) => text.Length == length && !text.ContainsAnyExcept(Utf8Digits);

    /// <summary>Decodes exactly <paramref name="byteCount"/> bytes of lowercase hex, or returns null.</summary>
    public static byte[]? TryDecode(ReadOnlySpan<char> text, int byteCount)
    {
        if (!IsLowerHex(text, byteCount * 2))
        {
            return null;
        }

        return Convert.FromHexString(text);
    }

    private static bool IsLowerHexDigit(int c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f');
}
