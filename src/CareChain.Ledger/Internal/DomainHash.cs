using System.Security.Cryptography;

namespace CareChain.Ledger.Internal;

/// <summary>
/// SHA-256 over a concatenation of parts without allocating or copying. Each thread reuses one
/// IncrementalHash: with OpenSSL, setting up a digest context costs more than hashing a few
/// hundred bytes, and the verifier hashes three times per entry.
/// </summary>
internal static class DomainHash
{
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    public static void Hash(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, Span<byte> destination)
    {
        // Taken out of the slot while in use: if anything throws half-way, the half-fed instance
        // is dropped instead of poisoning the next hash on this thread.
        var sha256 = t_sha256 ?? IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        t_sha256 = null;
        sha256.AppendData(a);
        sha256.AppendData(b);
        sha256.AppendData(c);
        sha256.GetHashAndReset(destination);
        t_sha256 = sha256;
    }
}
