using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Pseudonyms;

/// <summary>
/// Turns a FHIR reference such as <c>Patient/123</c> into the keyed pseudonym the ledger stores:
/// lowercase hex of <c>HMAC-SHA-256(key, "carechain.pseudonym.v1" 0x00 || UTF-8(reference))</c>.
/// The same key and reference always give the same pseudonym; without the key it cannot be
/// reversed or confirmed by guessing. References are never logged, kept or put in messages.
/// </summary>
/// <param name="key">At least 32 bytes of secret key; copied, so the caller may clear its array.</param>
public sealed class Pseudonymizer(byte[] key)
{
    /// <summary>Shortest accepted key, in bytes.</summary>
    public const int MinKeySize = 32;

    /// <summary>Longest accepted reference, in characters.</summary>
    public const int MaxReferenceLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _key = CopyKey(key);

    private static ReadOnlySpan<byte> Tag => "carechain.pseudonym.v1\0"u8;

    /// <summary>The pseudonym of <paramref name="reference"/> (64 lowercase hex characters).</summary>
    /// <exception cref="ArgumentException">The reference is empty, too long, has surrounding whitespace or unpaired surrogates.</exception>
    public string Pseudonymize(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Length is 0 or > MaxReferenceLength)
        {
            throw new ArgumentException($"Reference must be 1 to {MaxReferenceLength} characters.", nameof(reference));
        }

        if (char.IsWhiteSpace(reference[0]) || char.IsWhiteSpace(reference[^1]))
        {
            // "Patient/1" and "Patient/1 " would silently become two people.
            throw new ArgumentException("Reference must not start or end with whitespace.", nameof(reference));
        }

        var length = Tag.Length + Encoding.UTF8.GetMaxByteCount(reference.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Tag.CopyTo(buffer);
            int written;
            try
            {
                written = StrictUtf8.GetBytes(reference, buffer.AsSpan(Tag.Length));
            }
            catch (EncoderFallbackException error)
            {
                throw new ArgumentException("Reference is not valid UTF-16.", nameof(reference), error);
            }

            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(_key, buffer.AsSpan(0, Tag.Length + written), mac);
            return LowerHex.Encode(mac);
        }
        finally
        {
            // The buffer held the raw reference; do not hand it back to the pool readable.
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] CopyKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinKeySize)
        {
            throw new ArgumentException($"Pseudonym key must be at least {MinKeySize} bytes.", nameof(key));
        }

        return (byte[])key.Clone();
    }
}
