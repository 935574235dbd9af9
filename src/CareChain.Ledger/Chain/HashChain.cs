using System.Buffers.Binary;
using System.Security.Cryptography;
using CareChain.Ledger.Internal;

namespace CareChain.Ledger.Chain;

/// <summary>
/// The per-shard hash chain. Each entry hash commits to the previous one, so removing, reordering
/// or editing any entry changes every hash after it:
/// <c>entry hash = SHA-256("carechain.ledger.entry.v1" 0x00 || previous (32 bytes) || canonical entry)</c>.
/// Each shard starts from its own genesis value, so two shards can never share a chain.
/// </summary>
public static class HashChain
{
    /// <summary>Size of every hash in the ledger, in bytes (SHA-256).</summary>
    public const int HashSize = 32;

    /// <summary>Domain tag for entry hashes, including its terminating zero byte.</summary>
    internal static ReadOnlySpan<byte> EntryTag => "carechain.ledger.entry.v1\0"u8;

    /// <summary>Domain tag for genesis values, including its terminating zero byte.</summary>
    internal static ReadOnlySpan<byte> GenesisTag => "carechain.ledger.genesis.v1\0"u8;

    /// <summary>
    /// The value a shard's chain starts from:
    /// <c>SHA-256("carechain.ledger.genesis.v1" 0x00 || shard as 4-byte big-endian)</c>.
    /// </summary>
    public static byte[] Genesis(int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        Span<byte> input = stackalloc byte[GenesisTag.Length + 4];
        GenesisTag.CopyTo(input);
        BinaryPrimitives.WriteInt32BigEndian(input[GenesisTag.Length..], shard);
        return SHA256.HashData(input);
    }

    /// <summary>Hash of the entry that follows <paramref name="previous"/>.</summary>
    public static byte[] Next(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> canonicalEntry)
    {
        var hash = new byte[HashSize];
        Next(previous, canonicalEntry, hash);
        return hash;
    }

    /// <summary>Allocation-free form of <see cref="Next(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="previous"/> is not 32 bytes or <paramref name="destination"/> is too small.</exception>
    public static void Next(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> canonicalEntry, Span<byte> destination)
    {
        if (previous.Length != HashSize)
        {
            throw new ArgumentException("Previous hash must be 32 bytes.", nameof(previous));
        }

        if (destination.Length < HashSize)
        {
            throw new ArgumentException("Destination must hold 32 bytes.", nameof(destination));
        }

        DomainHash.Hash(EntryTag, previous, canonicalEntry, destination);
    }
}
